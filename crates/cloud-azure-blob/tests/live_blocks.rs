//! Staged-block uploads live against Azurite: a large round trip in bounded memory, and
//! block uploads whose connections are cut (through the fault proxy), which complete or
//! fail leaving no blob (`cargo xtask test -- -p cloud-azure-blob`; without the
//! emulator each test prints a note and passes).

mod common;

use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::storage::{ByteStream, ObjectStorage, PutOptions};
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::{azurite, driver_with, peak_rss_mib, through, unique_container};
use futures::StreamExt;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// `total` bytes of a pattern that differs in every 64 KiB piece, in pieces of 64 KiB,
/// made as they are read.
fn generated(total: usize) -> ByteStream {
    let piece = 64 * 1024;
    futures::stream::iter((0..total.div_ceil(piece)).map(move |i| {
        let len = piece.min(total - i * piece);
        let fill = (i % 251) as u8;
        Ok(Bytes::from(
            (0..len).map(|j| fill ^ (j as u8)).collect::<Vec<u8>>(),
        ))
    }))
    .boxed()
}

async fn sha_of(mut body: ByteStream) -> (String, u64) {
    let mut sha = Sha256::new();
    let mut n = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("a chunk");
        n += chunk.len() as u64;
        sha.update(&chunk);
    }
    (hex::encode(sha.finalize()), n)
}

#[tokio::test]
async fn a_large_staged_upload_round_trips_in_bounded_memory() {
    let Some(endpoint) = azurite() else { return };
    let d = driver_with(
        &endpoint,
        &[("block_size", "8MiB"), ("upload_concurrency", "4")],
    );
    let c = unique_container("large");
    d.create_container(&c).await.unwrap();
    let total = 320 * MIB;
    let (want, _) = sha_of(generated(total)).await;
    let before = peak_rss_mib().unwrap_or(0);
    let started = std::time::Instant::now();
    // Size unknown: the driver finds it is over the threshold by reading.
    let meta = d
        .put_object(&c, "large.bin", generated(total), &PutOptions::default())
        .await
        .unwrap();
    let up = started.elapsed();
    assert_eq!(meta.size, total as u64);
    let head = d.head_object(&c, "large.bin").await.unwrap();
    assert_eq!(head.size, total as u64);
    assert!(head.extra.contains_key("content_md5"), "{head:?}");
    let started = std::time::Instant::now();
    let download = d.get_object(&c, "large.bin", None).await.unwrap();
    let (got, n) = sha_of(download.body).await;
    let down = started.elapsed();
    assert_eq!(n, total as u64);
    assert_eq!(got, want);
    let peak = peak_rss_mib().unwrap_or(0);
    eprintln!(
        "320 MiB through Azurite: up {up:?}, down {down:?}, peak RSS {peak} MiB (before \
         the transfer {before} MiB)"
    );
    // Four 8 MiB blocks in flight, one being read, the threshold's buffer: about 48 MiB
    // on top of the test's own.
    assert!(peak < 100, "peak RSS {peak} MiB");
    d.delete_object(&c, "large.bin").await.unwrap();
    d.delete_container(&c).await.unwrap();
}

fn small_blocks(endpoint: &url::Url) -> cloud_azure_blob::AzureBlobStorage {
    driver_with(
        endpoint,
        &[
            ("block_size", "1MiB"),
            ("upload_threshold", "1MiB"),
            ("upload_concurrency", "3"),
        ],
    )
}

#[tokio::test]
async fn a_block_upload_cut_mid_way_still_completes() {
    let Some(endpoint) = azurite() else { return };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let d = small_blocks(&through(&proxy, &endpoint));
    let c = unique_container("cut");
    d.create_container(&c).await.unwrap();
    let blocks = Match::Contains("comp=block&".into());
    proxy.set_rules(vec![
        Rule::times(blocks.clone(), Fault::Reset, 2),
        Rule::times(blocks, Fault::CutBodyAfter(0), 2),
    ]);
    let total = 12 * MIB + 5;
    let (want, _) = sha_of(generated(total)).await;
    let options = PutOptions {
        size: Some(total as u64),
        ..PutOptions::default()
    };
    d.put_object(&c, "cut.bin", generated(total), &options)
        .await
        .unwrap();
    assert!(
        proxy.broken() >= 2,
        "the proxy cut {} connections",
        proxy.broken()
    );
    proxy.set_rules(Vec::new());
    let download = d.get_object(&c, "cut.bin", None).await.unwrap();
    assert_eq!(sha_of(download.body).await, (want, total as u64));
    d.delete_object(&c, "cut.bin").await.unwrap();
    d.delete_container(&c).await.unwrap();
}

#[tokio::test]
async fn a_block_upload_that_keeps_failing_leaves_no_blob() {
    let Some(endpoint) = azurite() else { return };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let d = small_blocks(&through(&proxy, &endpoint));
    let c = unique_container("failing");
    d.create_container(&c).await.unwrap();
    let total = 6 * MIB;
    // Every connection of the fourth block on is cut: retries run out.
    proxy.set_rules(vec![Rule::always(
        Match::Contains("comp=block&".into()),
        Fault::Reset,
    )]);
    let err = d
        .put_object(&c, "never.bin", generated(total), &PutOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{err}"
    );
    // The commit itself cut: the blocks are staged, the blob never appears.
    proxy.set_rules(vec![Rule::always(
        Match::Contains("comp=blocklist".into()),
        Fault::Reset,
    )]);
    let err = d
        .put_object(&c, "never.bin", generated(total), &PutOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{err}"
    );
    proxy.set_rules(Vec::new());
    let err = d.head_object(&c, "never.bin").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    d.delete_container(&c).await.unwrap();
}
