//! Against s3s-fs, which checks every SigV4 signature (headers, payload hashes,
//! presigned URLs and their expiry): the conformance suite with signed URLs fetched, a
//! 64 MiB multipart round trip, file uploads signed and streamed, presigned URLs through
//! curl, and wrong credentials.

mod common;

use std::time::Duration;

use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::storage::{ByteStream, ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest};
use cloud_test::conformance::storage::{StoragePlan, run};
use common::{S3sFs, pattern, s3s, unique_bucket};
use futures::StreamExt;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn conformance_against_s3s_fs() {
    let Some(server) = s3s() else { return };
    let driver = server.driver(&[]);
    let plan = StoragePlan {
        container: unique_bucket("conformance"),
        missing_container: unique_bucket("missing"),
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    run(&driver, &plan).await;
}

/// A body of `len` pseudo-random bytes produced chunk by chunk, and its SHA-256.
fn generated(len: usize) -> (ByteStream, String) {
    const CHUNK: usize = 1 << 20;
    let mut hasher = Sha256::new();
    let mut chunks = Vec::new();
    let mut at = 0;
    let mut seed = 1;
    while at < len {
        let n = CHUNK.min(len - at);
        let piece = pattern(seed, n);
        hasher.update(&piece);
        chunks.push(piece);
        at += n;
        seed += 1;
    }
    let stream = futures::stream::iter(chunks.into_iter().map(|c| Ok(Bytes::from(c)))).boxed();
    (stream, hex::encode(hasher.finalize()))
}

async fn sha256_of_download(driver: &dyn ObjectStorage, bucket: &str, key: &str) -> String {
    let download = driver.get_object(bucket, key, None).await.unwrap();
    let mut body = download.body;
    let mut hasher = Sha256::new();
    while let Some(chunk) = body.next().await {
        hasher.update(chunk.unwrap());
    }
    hex::encode(hasher.finalize())
}

#[tokio::test]
async fn streamed_64_mib_round_trip_in_parts() {
    let Some(server) = s3s() else { return };
    let driver = server.driver(&[("part_size", "5MiB"), ("multipart_concurrency", "3")]);
    let bucket = unique_bucket("roundtrip");
    driver.create_container(&bucket).await.unwrap();

    const LEN: usize = 64 * 1024 * 1024;
    let (body, want) = generated(LEN);
    let options = PutOptions {
        size: Some(LEN as u64),
        ..Default::default()
    };
    let put = driver
        .put_object(&bucket, "big.bin", body, &options)
        .await
        .unwrap();
    assert_eq!(put.size, LEN as u64);
    // 64 MiB in 5 MiB parts: 13 parts, and S3's multipart entity tag says so.
    assert!(
        put.etag.as_deref().is_some_and(|t| t.ends_with("-13")),
        "{put:?}"
    );
    let head = driver.head_object(&bucket, "big.bin").await.unwrap();
    assert_eq!(head.size, LEN as u64);
    assert_eq!(sha256_of_download(&driver, &bucket, "big.bin").await, want);

    // Size unknown: the first part is read, more follows, so the upload is multipart.
    let (body, want) = generated(12 * 1024 * 1024);
    let put = driver
        .put_object(&bucket, "unknown-size.bin", body, &PutOptions::default())
        .await
        .unwrap();
    assert!(
        put.etag.as_deref().is_some_and(|t| t.ends_with("-3")),
        "{put:?}"
    );
    assert_eq!(
        sha256_of_download(&driver, &bucket, "unknown-size.bin").await,
        want
    );

    let s3 = driver
        .as_any()
        .downcast_ref::<cloud_s3::S3Storage>()
        .unwrap();
    let failures = s3
        .delete_objects(&bucket, &["big.bin".into(), "unknown-size.bin".into()])
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    driver.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn files_go_up_signed_and_streamed() {
    let Some(server) = s3s() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.bin");
    let data = pattern(77, 11 * 1024 * 1024 + 5);
    std::fs::write(&path, &data).unwrap();
    let want = hex::encode(Sha256::digest(&data));
    // Signed: parts read into memory, SHA-256 in the signature. Unsigned: parts
    // streamed from the file, aws-chunked with a CRC32C trailer.
    for signing in ["auto", "unsigned"] {
        let driver = server.driver(&[
            ("part_size", "5MiB"),
            ("multipart_threshold", "5MiB"),
            ("payload_signing", signing),
        ]);
        let bucket = unique_bucket("files");
        driver.create_container(&bucket).await.unwrap();
        let put = driver
            .put_object_from_file(&bucket, "f.bin", &path, &PutOptions::default())
            .await
            .unwrap();
        assert!(
            put.etag.as_deref().is_some_and(|t| t.ends_with("-3")),
            "{signing}: {put:?}"
        );
        assert_eq!(
            sha256_of_download(&driver, &bucket, "f.bin").await,
            want,
            "{signing}"
        );
        driver.delete_object(&bucket, "f.bin").await.unwrap();
        driver.delete_container(&bucket).await.unwrap();
    }
}

/// Runs curl on a URL; returns the HTTP status and the body.
fn curl(url: &url::Url) -> (u16, Vec<u8>) {
    cloud_test::guard::assert_loopback(url);
    let out = std::process::Command::new("curl")
        .args([
            "-sS",
            "--noproxy",
            "*",
            "-w",
            "\n%{http_code}",
            url.as_str(),
        ])
        .output()
        .expect("run curl");
    assert!(
        out.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = out.stdout;
    let split = text.iter().rposition(|&b| b == b'\n').expect("status line");
    let status = std::str::from_utf8(&text[split + 1..])
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (status, text[..split].to_vec())
}

fn has_curl() -> bool {
    std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok()
}

#[tokio::test]
async fn presigned_get_works_then_expires() {
    let Some(server) = s3s() else { return };
    if !has_curl() {
        println!("skipped: curl is not installed");
        return;
    }
    let driver = server.driver(&[]);
    let bucket = unique_bucket("presign");
    driver.create_container(&bucket).await.unwrap();
    let key = "dir/with space+ü.txt";
    let body = futures::stream::iter([Ok(Bytes::from_static(b"signed bytes"))]).boxed();
    driver
        .put_object(&bucket, key, body, &PutOptions::default())
        .await
        .unwrap();

    let url = driver
        .signed_url(
            &bucket,
            key,
            &SignedUrlRequest {
                method: SignedMethod::Get,
                expires_in: Duration::from_secs(2),
            },
        )
        .await
        .unwrap()
        .url;
    let (status, bytes) = curl(&url);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(bytes, b"signed bytes");

    tokio::time::sleep(Duration::from_secs(3)).await;
    let (status, _) = curl(&url);
    assert_eq!(status, 403, "an expired URL must be refused");

    let too_long = SignedUrlRequest {
        method: SignedMethod::Put,
        expires_in: Duration::from_secs(7 * 24 * 3600 + 1),
    };
    let err = driver
        .signed_url(&bucket, key, &too_long)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    driver.delete_object(&bucket, key).await.unwrap();
    driver.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn wrong_secret_is_invalid_credentials() {
    let Some(server) = s3s() else { return };
    let wrong = S3sFs {
        endpoint: server.endpoint.clone(),
        key_id: server.key_id.clone(),
        secret: "not-the-secret".into(),
    };
    let err = wrong
        .driver(&[])
        .get_container("any-bucket")
        .await
        .unwrap_err();
    // A HEAD answer has no body: 403 is all there is to go on.
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidCredentials | ErrorKind::PermissionDenied
        ),
        "{err}"
    );
    let driver = wrong.driver(&[]);
    let mut listing = driver.list_containers();
    let err = listing.next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{err}");
}
