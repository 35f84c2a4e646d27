//! Against moto: the conformance suite, a listing of 2,500 objects, and uploads that
//! fail midway (a body stream that errors, a future dropped part way, connections reset
//! by a fault proxy) leaving neither an object nor a pending multipart upload.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use cloud_core::storage::{ByteStream, ListEntry, ListObjects, ObjectStorage, PutOptions};
use cloud_core::{Error, ErrorKind};
use cloud_s3::S3Storage;
use cloud_test::conformance::storage::{StoragePlan, run};
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::{ANY_KEY_ID, ANY_SECRET, config, driver, moto, pattern, unique_bucket};
use futures::{FutureExt, StreamExt, TryStreamExt};

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn conformance_against_moto() {
    let Some(endpoint) = moto() else { return };
    let plan = StoragePlan {
        container: unique_bucket("conformance"),
        missing_container: unique_bucket("missing"),
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    run(&driver(&endpoint), &plan).await;
}

#[tokio::test]
async fn listing_2500_objects_returns_all_of_them() {
    let Some(endpoint) = moto() else { return };
    let s3 = driver(&endpoint);
    let bucket = unique_bucket("many");
    s3.create_container(&bucket).await.unwrap();
    let keys: Vec<String> = (0..2500).map(|i| format!("obj/{i:05}")).collect();
    futures::stream::iter(keys.iter())
        .map(|key| {
            let s3 = &s3;
            let bucket = &bucket;
            async move {
                let body = futures::stream::iter([Ok(Bytes::from(key.clone()))]).boxed();
                s3.put_object(bucket, key, body, &PutOptions::default())
                    .await
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();

    let listed: Vec<ListEntry> = s3
        .list_objects(&bucket, &ListObjects::default())
        .try_collect()
        .await
        .unwrap();
    let names: Vec<String> = listed
        .into_iter()
        .map(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => panic!("unexpected prefix {prefix}"),
        })
        .collect();
    assert_eq!(names.len(), 2500);
    assert_eq!(names, keys, "every key, once, in order");

    let small_pages = ListObjects {
        page_size: Some(700),
        ..Default::default()
    };
    let count = s3
        .list_objects(&bucket, &small_pages)
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .len();
    assert_eq!(count, 2500);

    let failures = s3.delete_objects(&bucket, &keys).await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    let left = s3
        .list_objects(&bucket, &ListObjects::default())
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
    s3.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn awkward_keys_round_trip_exactly() {
    let Some(endpoint) = moto() else { return };
    let s3 = driver(&endpoint);
    let bucket = unique_bucket("keys");
    s3.create_container(&bucket).await.unwrap();
    let mut keys = vec![
        "a//b",
        "dir/",
        "with space/ünï+%.txt",
        "a+b",
        "100%",
        "%41",
        "x?y=1&z#f",
        "tab\there",
        " lead",
        "trail ",
        "ק/日本",
    ];
    for key in &keys {
        let body = futures::stream::iter([Ok(Bytes::from(key.to_string()))]).boxed();
        s3.put_object(&bucket, key, body, &PutOptions::default())
            .await
            .unwrap_or_else(|e| panic!("put {key:?}: {e}"));
    }
    let listed: Vec<String> = s3
        .list_objects(&bucket, &ListObjects::default())
        .map_ok(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => prefix,
        })
        .try_collect()
        .await
        .unwrap();
    keys.sort_unstable();
    assert_eq!(listed, keys);
    for key in &keys {
        let download = s3.get_object(&bucket, key, None).await.unwrap();
        let bytes = common::read_all(download.body).await.unwrap();
        assert_eq!(bytes, key.as_bytes(), "{key:?}");
        s3.delete_object(&bucket, key).await.unwrap();
    }
    s3.delete_container(&bucket).await.unwrap();
}

/// A driver uploading in 5 MiB parts.
#[tokio::test]
async fn streamed_file_parts_round_trip() {
    let Some(endpoint) = moto() else { return };
    let s3 = S3Storage::new(&config(
        &endpoint,
        ANY_KEY_ID,
        ANY_SECRET,
        &[
            ("part_size", "5MiB"),
            ("multipart_threshold", "5MiB"),
            ("payload_signing", "unsigned"),
        ],
    ))
    .unwrap();
    let bucket = unique_bucket("streamed");
    s3.create_container(&bucket).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.bin");
    let data = pattern(78, 10 * MIB + 9);
    std::fs::write(&path, &data).unwrap();
    let put = s3
        .put_object_from_file(&bucket, "f.bin", &path, &PutOptions::default())
        .await
        .unwrap();
    assert!(
        put.etag.as_deref().is_some_and(|t| t.ends_with("-3")),
        "{put:?}"
    );
    let chunks: Vec<Bytes> = s3
        .get_object(&bucket, "f.bin", None)
        .await
        .unwrap()
        .body
        .try_collect()
        .await
        .unwrap();
    let got = chunks.concat();
    assert!(
        got == data,
        "moto stored the decoded bytes ({} of {})",
        got.len(),
        data.len()
    );
    s3.delete_object(&bucket, "f.bin").await.unwrap();
    s3.delete_container(&bucket).await.unwrap();
}

fn small_parts(endpoint: &url::Url) -> S3Storage {
    S3Storage::new(&config(
        endpoint,
        ANY_KEY_ID,
        ANY_SECRET,
        &[("part_size", "5MiB")],
    ))
    .unwrap()
}

/// Pending uploads of `key`.
async fn pending(s3: &S3Storage, bucket: &str, key: &str) -> usize {
    s3.pending_uploads(bucket, Some(key))
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .len()
}

/// Asserts that neither the object nor a pending upload of it exists.
async fn nothing_left(s3: &S3Storage, bucket: &str, key: &str) {
    let err = s3.head_object(bucket, key).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(
        pending(s3, bucket, key).await,
        0,
        "a multipart upload was left behind"
    );
}

/// Waits (at most 20 s) until `cond` holds.
async fn eventually<F, Fut>(what: &str, mut cond: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn body_stream_error_midway_aborts_the_upload() {
    let Some(endpoint) = moto() else { return };
    let s3 = small_parts(&endpoint);
    let bucket = unique_bucket("stream-error");
    s3.create_container(&bucket).await.unwrap();
    let mut chunks: Vec<cloud_core::Result<Bytes>> =
        (0..12).map(|i| Ok(Bytes::from(pattern(i, MIB)))).collect();
    chunks.push(Err(Error::io(
        "reading the source",
        std::io::Error::other("disk gone"),
    )));
    let body: ByteStream = futures::stream::iter(chunks).boxed();
    let err = s3
        .put_object(&bucket, "broken.bin", body, &PutOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    nothing_left(&s3, &bucket, "broken.bin").await;
    s3.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn dropping_the_upload_future_aborts_the_upload() {
    let Some(endpoint) = moto() else { return };
    let s3 = small_parts(&endpoint);
    let bucket = unique_bucket("dropped");
    s3.create_container(&bucket).await.unwrap();
    // Two parts' worth of bytes, then a body that never ends.
    let head = futures::stream::iter((0..11).map(|i| Ok(Bytes::from(pattern(i, MIB)))));
    let body: ByteStream = head.chain(futures::stream::pending()).boxed();
    let uploader = s3.clone();
    let b = bucket.clone();
    let task = tokio::spawn(async move {
        uploader
            .put_object(&b, "dropped.bin", body, &PutOptions::default())
            .await
    });
    eventually("the upload has started", || {
        pending(&s3, &bucket, "dropped.bin").map(|n| n == 1)
    })
    .await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    eventually("the dropped upload is aborted", || {
        pending(&s3, &bucket, "dropped.bin").map(|n| n == 0)
    })
    .await;
    nothing_left(&s3, &bucket, "dropped.bin").await;
    s3.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn connections_reset_midway_leave_nothing_behind() {
    let Some(endpoint) = moto() else { return };
    let direct = driver(&endpoint);
    let bucket = unique_bucket("resets");
    direct.create_container(&bucket).await.unwrap();
    let proxy = FaultProxy::start(
        &endpoint,
        vec![Rule::always(Match::PartsFrom(2), Fault::Reset)],
    )
    .await;
    let through_proxy = small_parts(&proxy.url());
    let data = pattern(9, 18 * MIB);
    let options = PutOptions {
        size: Some(data.len() as u64),
        ..Default::default()
    };
    let err = through_proxy
        .put_object(
            &bucket,
            "reset.bin",
            common::chunked(data, 256 * 1024),
            &options,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{err}"
    );
    assert!(
        proxy.broken() >= 2,
        "parts 2 and 3 were reset, retried and reset again"
    );
    nothing_left(&direct, &bucket, "reset.bin").await;
    direct.delete_container(&bucket).await.unwrap();
}
