//! Steps S7 of the storage suite: transfers under faults. An upload that fails or is
//! dropped part way leaves no object; through a fault proxy (drivers that speak HTTP),
//! a download whose connection is cut arrives whole, a storm of 503 answers is ridden
//! out, and an object replaced while a download was broken fails that download.

use std::time::Duration;

use bytes::Bytes;
use cloud_core::storage::{ObjectStorage, PutOptions};
use cloud_core::{Error, ErrorKind};
use futures::StreamExt;

use super::io::{body, get_bytes, same_bytes};
use super::{STREAMED_CHUNK, StoragePlan, streamed_chunks};
use crate::conformance::{check, fails, ok};
use crate::fault_proxy::{Fault, FaultProxy, Match, Rule};

/// The key of the uploads that fail.
pub const FAILED_UPLOAD_KEY: &str = "failed-upload.bin";

/// The key of the download that is cut.
pub const CUT_DOWNLOAD_KEY: &str = "cut-download.bin";

/// Chunks of [`STREAMED_CHUNK`] bytes sent before a dropped upload stalls: 20 MB, more
/// than the usual multipart thresholds (S3 tools use 8 to 16 MiB).
const DROPPED_CHUNKS: usize = 200;

/// How long a dropped upload's cleanup may take.
const CLEANUP_LIMIT: Duration = Duration::from_secs(30);

/// Runs steps S7 against `driver`, in a container of its own (`plan.container`, created
/// and deleted here). `proxy` is the fault proxy `driver` sends its requests through,
/// for drivers that speak HTTP; without one, S7.3–S7.5 are skipped (with a note).
pub async fn run_under_faults(
    driver: &dyn ObjectStorage,
    plan: &StoragePlan,
    proxy: Option<&FaultProxy>,
) {
    let provider = driver.provider_id().to_string();
    let c = plan.container.as_str();
    let step = |id: &str, what: &str| crate::conformance::step(&provider, id, what);
    ok("S7.0", "create_container", driver.create_container(c).await);

    step(
        "S7.1",
        "an upload whose body fails part way leaves no object",
    );
    for size in [None, Some(3 * STREAMED_CHUNK as u64)] {
        let mut chunks: Vec<cloud_core::Result<Bytes>> =
            streamed_chunks().into_iter().take(2).map(Ok).collect();
        chunks.push(Err(Error::new(ErrorKind::Io, "the source broke")));
        let options = PutOptions {
            size,
            ..Default::default()
        };
        let put = driver
            .put_object(
                c,
                FAILED_UPLOAD_KEY,
                futures::stream::iter(chunks).boxed(),
                &options,
            )
            .await;
        check(
            "S7.1",
            put.is_err(),
            "put_object to fail",
            put.map(|m| m.size),
        );
        no_object(driver, c, "S7.1").await;
    }

    step("S7.2", "an upload dropped part way leaves no object");
    // More than a multipart upload's threshold arrives, then nothing more: a driver that
    // assembles large uploads on the server has begun one when the call is dropped.
    let piece = Bytes::from(vec![b'7'; STREAMED_CHUNK]);
    let first = futures::stream::iter(std::iter::repeat_n(piece, DROPPED_CHUNKS).map(Ok));
    let stalled = first.chain(futures::stream::pending()).boxed();
    let options = PutOptions::default();
    let dropped = tokio::time::timeout(
        Duration::from_secs(3),
        driver.put_object(c, FAILED_UPLOAD_KEY, stalled, &options),
    )
    .await;
    check(
        "S7.2",
        dropped.is_err(),
        "the upload still running",
        "it finished",
    );
    let left = cloud_core::cleanup::finish(CLEANUP_LIMIT).await;
    check("S7.2", left == 0, "its cleanup to finish", left);
    no_object(driver, c, "S7.2").await;

    match proxy {
        Some(proxy) => through_proxy(driver, plan, proxy, &step).await,
        None => eprintln!(
            "[conformance {provider}] S7.3-S7.5 need a fault proxy in front of an HTTP \
             driver: skipped"
        ),
    }

    step("S7.6", "delete what S7 wrote, and its container");
    for key in [CUT_DOWNLOAD_KEY, FAILED_UPLOAD_KEY] {
        let _ = driver.delete_object(c, key).await;
    }
    ok("S7.6", "delete_container", driver.delete_container(c).await);
}

async fn through_proxy(
    driver: &dyn ObjectStorage,
    plan: &StoragePlan,
    proxy: &FaultProxy,
    step: &dyn Fn(&str, &str),
) {
    let c = plan.container.as_str();
    let whole: Vec<u8> = streamed_chunks().concat();
    let options = PutOptions {
        size: Some(whole.len() as u64),
        ..Default::default()
    };
    let put = driver
        .put_object(c, CUT_DOWNLOAD_KEY, body(streamed_chunks()), &options)
        .await;
    ok("S7.3", "put_object", put);

    step("S7.3", "a download cut twice arrives whole");
    let key_gets = Match::MethodContaining("GET", CUT_DOWNLOAD_KEY.into());
    let cut = Rule::times(key_gets.clone(), Fault::CutBodyAfter(70_000), 2);
    proxy.set_rules(vec![cut]);
    let before = proxy.answer_bytes();
    let got = get_bytes("S7.3", driver, c, CUT_DOWNLOAD_KEY).await;
    same_bytes("S7.3", "get_object through cuts", &got, &whole);
    check("S7.3", proxy.broken() >= 2, "two cuts", proxy.broken());
    let fetched = proxy.answer_bytes() - before;
    check(
        "S7.3",
        fetched <= whole.len() as u64 + whole.len() as u64 / 10,
        "under 1.1 times the object fetched",
        fetched,
    );

    step("S7.4", "a storm of 503 answers is ridden out");
    proxy.set_rules(vec![Rule::times(Match::Any, Fault::Status(503), 2)]);
    let meta = ok(
        "S7.4",
        "head_object through 503s",
        driver.head_object(c, CUT_DOWNLOAD_KEY).await,
    );
    check(
        "S7.4",
        meta.size == whole.len() as u64,
        "the object's size",
        meta.size,
    );

    step(
        "S7.5",
        "an object replaced while its download was broken fails it",
    );
    proxy.set_rules(vec![
        Rule::times(key_gets.clone(), Fault::CutBodyAfter(70_000), 1),
        Rule::times(key_gets, Fault::Delay(Duration::from_millis(1500)), 1),
    ]);
    let download = ok(
        "S7.5",
        "get_object",
        driver.get_object(c, CUT_DOWNLOAD_KEY, None).await,
    );
    let broken_before = proxy.broken();
    let replace = async {
        while proxy.broken() == broken_before {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let other = body(vec![Bytes::from_static(b"a different object")]);
        driver
            .put_object(c, CUT_DOWNLOAD_KEY, other, &PutOptions::default())
            .await
    };
    let read = download.body.collect::<Vec<_>>();
    let (items, replaced) = futures::join!(read, replace);
    ok("S7.5", "put_object replacing it", replaced);
    let last = items.into_iter().last();
    let outcome = match last {
        Some(Err(e)) => Err(e),
        _ => Ok(()),
    };
    fails(
        "S7.5",
        "the broken download",
        outcome,
        &[ErrorKind::Conflict],
    );
    proxy.set_rules(Vec::new());
}

/// Checks that nothing is stored under [`FAILED_UPLOAD_KEY`].
async fn no_object(driver: &dyn ObjectStorage, c: &str, id: &str) {
    fails(
        id,
        "head_object of the failed upload",
        driver.head_object(c, FAILED_UPLOAD_KEY).await,
        &[ErrorKind::NotFound],
    );
}
