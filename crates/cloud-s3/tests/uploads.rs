//! Uploads against a mock server: what one `PutObject` sends, the multipart sequence,
//! and the abort after each kind of failure.

mod common;
#[path = "support/mock.rs"]
mod mock;

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::storage::{ObjectStorage, PutOptions};
use cloud_test::replay::Replay;
use common::{chunked, pattern};
use futures::StreamExt;
use md5::{Digest, Md5};
use mock::{HasQuery, LacksQuery, header, received, s3};
use sha2::Sha256;
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const MIB: usize = 1024 * 1024;

fn md5_b64(data: &[u8]) -> String {
    STANDARD.encode(Md5::digest(data))
}

fn crc32c_b64(data: &[u8]) -> String {
    STANDARD.encode(crc32c::crc32c(data).to_be_bytes())
}

/// The checksum header a body should carry under each `upload_checksum` setting
/// (`None`: the default).
fn checksum_header(setting: Option<&str>, data: &[u8]) -> (&'static str, String) {
    match setting {
        Some("md5") => ("content-md5", md5_b64(data)),
        _ => ("x-amz-checksum-crc32c", crc32c_b64(data)),
    }
}

#[tokio::test]
async fn single_put_sends_checksum_payload_hash_type_and_metadata() {
    for setting in [None, Some("md5")] {
        single_put_with(setting).await;
    }
}

async fn single_put_with(setting: Option<&str>) {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/bkt/photos/cat%20%2B%20dog.jpg"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"abc\""))
        .expect(1)
        .mount(replay.server())
        .await;
    let options: Vec<(&str, &str)> = setting
        .map(|v| ("upload_checksum", v))
        .into_iter()
        .collect();
    let driver = s3(&replay, &options);
    let data = b"not really a jpeg".to_vec();
    let options = PutOptions {
        size: Some(data.len() as u64),
        content_type: None,
        metadata: BTreeMap::from([("Owner".to_string(), "ann".to_string())]),
    };
    let body = futures::stream::iter([Ok(Bytes::from(data.clone()))]).boxed();
    let meta = driver
        .put_object("bkt", "photos/cat + dog.jpg", body, &options)
        .await
        .unwrap();
    assert_eq!(meta.size, data.len() as u64);
    assert_eq!(meta.etag.as_deref(), Some("abc"));
    assert_eq!(meta.metadata["owner"], "ann");
    let requests = received(&replay).await;
    let put = &requests[0];
    let (checksum_name, checksum) = checksum_header(setting, &data);
    assert_eq!(header(put, checksum_name), Some(checksum.as_str()));
    let other = if checksum_name == "content-md5" {
        "x-amz-checksum-crc32c"
    } else {
        "content-md5"
    };
    assert_eq!(header(put, other), None, "one checksum only");
    assert_eq!(
        header(put, "x-amz-content-sha256"),
        Some(hex::encode(Sha256::digest(&data)).as_str()),
        "a plain-http endpoint gets a signed payload"
    );
    assert_eq!(header(put, "content-type"), Some("image/jpeg"));
    assert_eq!(header(put, "x-amz-meta-owner"), Some("ann"));
    let auth = header(put, "authorization").unwrap();
    for signed in [checksum_name, "content-type", "x-amz-meta-owner", "host"] {
        assert!(auth.contains(signed), "{signed} is signed: {auth}");
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_body_longer_or_shorter_than_its_size_is_refused() {
    let replay = Replay::empty().await;
    let driver = s3(&replay, &[]);
    for (len, declared) in [(10usize, 5u64), (3, 5)] {
        let options = PutOptions {
            size: Some(declared),
            ..Default::default()
        };
        let err = driver
            .put_object("bkt", "k", chunked(vec![b'x'; len], 2), &options)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    }
    assert!(received(&replay).await.is_empty());
}

/// Mounts a multipart upload of `bkt/big.bin` that succeeds.
async fn mount_multipart(replay: &Replay, complete: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/bkt/big.bin"))
        .and(HasQuery("uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>big.bin</Key>\
             <UploadId>UPLOAD-1</UploadId></InitiateMultipartUploadResult>",
        ))
        .mount(replay.server())
        .await;
    for n in 1..=3 {
        Mock::given(method("PUT"))
            .and(path("/bkt/big.bin"))
            .and(query_param("partNumber", n.to_string()))
            .and(query_param("uploadId", "UPLOAD-1"))
            .respond_with(ResponseTemplate::new(200).insert_header("etag", format!("\"etag-{n}\"")))
            .mount(replay.server())
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/bkt/big.bin"))
        .and(query_param("uploadId", "UPLOAD-1"))
        .respond_with(complete)
        .mount(replay.server())
        .await;
}

/// A driver on `replay` that writes objects from 5 MiB up in 5 MiB parts.
fn five_mib_parts(replay: &Replay) -> cloud_s3::S3Storage {
    s3(
        replay,
        &[("part_size", "5MiB"), ("multipart_threshold", "5MiB")],
    )
}

/// Writes `mib` MiB of `pattern(seed, …)`, its size declared, as `bkt/big.bin`.
async fn put_big(
    driver: &cloud_s3::S3Storage,
    seed: u64,
    mib: usize,
) -> cloud_core::Result<cloud_core::storage::ObjectMeta> {
    let options = PutOptions {
        size: Some((mib * MIB) as u64),
        ..Default::default()
    };
    driver
        .put_object(
            "bkt",
            "big.bin",
            chunked(pattern(seed, mib * MIB), 1 << 20),
            &options,
        )
        .await
}

fn completed_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_string(
        "<CompleteMultipartUploadResult><ETag>\"whole-3\"</ETag></CompleteMultipartUploadResult>",
    )
}

#[tokio::test]
async fn multipart_sends_parts_with_checksums_and_completes_in_order() {
    for setting in [None, Some("md5")] {
        multipart_with(setting).await;
    }
}

async fn multipart_with(setting: Option<&str>) {
    let replay = Replay::empty().await;
    mount_multipart(&replay, completed_ok()).await;
    let mut options = vec![("part_size", "5MiB"), ("multipart_threshold", "1MiB")];
    options.extend(setting.map(|v| ("upload_checksum", v)));
    let driver = s3(&replay, &options);
    let data = pattern(3, 11 * MIB);
    let options = PutOptions {
        size: Some(data.len() as u64),
        ..Default::default()
    };
    let meta = driver
        .put_object("bkt", "big.bin", chunked(data.clone(), 300_000), &options)
        .await
        .unwrap();
    assert_eq!(meta.size, data.len() as u64);
    assert_eq!(meta.etag.as_deref(), Some("whole-3"));

    let requests = received(&replay).await;
    let parts: Vec<_> = requests
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .collect();
    assert_eq!(parts.len(), 3);
    for part in parts {
        let n: usize = part
            .url
            .query_pairs()
            .find(|(k, _)| k == "partNumber")
            .unwrap()
            .1
            .parse()
            .unwrap();
        let want = &data[(n - 1) * 5 * MIB..(n * 5 * MIB).min(data.len())];
        assert_eq!(part.body, want, "part {n} carries its bytes");
        let (name, value) = checksum_header(setting, want);
        assert_eq!(header(part, name), Some(value.as_str()), "part {n}");
    }
    let create = &requests[0];
    let declared = header(create, "x-amz-checksum-algorithm");
    let complete = requests.last().unwrap();
    let xml = String::from_utf8(complete.body.clone()).unwrap();
    if setting.is_none() {
        assert_eq!(declared, Some("CRC32C"));
        let second = crc32c_b64(&data[5 * MIB..10 * MIB]);
        assert!(
            xml.contains(&format!("<ChecksumCRC32C>{second}</ChecksumCRC32C>")),
            "completion repeats part checksums: {xml}"
        );
    } else {
        assert_eq!(declared, None);
        assert!(!xml.contains("Checksum"), "{xml}");
    }
    let p1 = xml.find("<PartNumber>1</PartNumber>").unwrap();
    let p2 = xml.find("<PartNumber>2</PartNumber>").unwrap();
    let p3 = xml.find("<PartNumber>3</PartNumber>").unwrap();
    assert!(p1 < p2 && p2 < p3, "{xml}");
    assert!(
        xml.contains("&quot;etag-2&quot;") || xml.contains("\"etag-2\""),
        "{xml}"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn unknown_size_goes_multipart_only_past_one_part() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/bkt/small.bin"))
        .and(LacksQuery("partNumber"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"s\""))
        .expect(1)
        .mount(replay.server())
        .await;
    mount_multipart(&replay, completed_ok()).await;
    let driver = s3(&replay, &[("part_size", "5MiB")]);
    // Exactly one part: a single PutObject.
    driver
        .put_object(
            "bkt",
            "small.bin",
            chunked(pattern(1, 5 * MIB), 1 << 20),
            &PutOptions::default(),
        )
        .await
        .unwrap();
    // One byte more: multipart.
    let meta = driver
        .put_object(
            "bkt",
            "big.bin",
            chunked(pattern(2, 10 * MIB + 1), 1 << 20),
            &PutOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(meta.size, (10 * MIB + 1) as u64);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_failing_part_aborts_the_upload() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(query_param("partNumber", "2"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string(
                "<Error><Code>InternalError</Code><Message>boom</Message></Error>",
            ),
        )
        .with_priority(1)
        .mount(replay.server())
        .await;
    mount_multipart(&replay, completed_ok()).await;
    Mock::given(method("DELETE"))
        .and(path("/bkt/big.bin"))
        .and(query_param("uploadId", "UPLOAD-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(
        &replay,
        &[
            ("part_size", "5MiB"),
            ("multipart_threshold", "5MiB"),
            ("multipart_concurrency", "1"),
        ],
    );
    let options = PutOptions {
        size: Some((11 * MIB) as u64),
        ..Default::default()
    };
    let err = driver
        .put_object(
            "bkt",
            "big.bin",
            chunked(pattern(4, 11 * MIB), 1 << 20),
            &options,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InternalError"), "{err}");
    let requests = received(&replay).await;
    let part2 = requests
        .iter()
        .filter(|r| r.url.query().is_some_and(|q| q.contains("partNumber=2")))
        .count();
    assert_eq!(part2, 3, "the pipeline retried the part before giving up");
    assert!(
        !requests.iter().any(|r| r.method.as_str() == "POST"
            && r.url.query().is_some_and(|q| q.contains("uploadId"))),
        "nothing was completed"
    );
    replay.assert_all_used().await;
}

/// The caller gives up while `CreateMultipartUpload` is in flight: the server made the
/// upload, but the caller never saw its id. The upload is still aborted.
#[tokio::test]
async fn giving_up_while_the_upload_is_being_created_still_aborts_it() {
    let replay = Replay::empty().await;
    Mock::given(method("POST"))
        .and(path("/bkt/big.bin"))
        .and(HasQuery("uploads"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(
                    "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>big.bin</Key>\
                     <UploadId>UPLOAD-LATE</UploadId></InitiateMultipartUploadResult>",
                )
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("DELETE"))
        .and(path("/bkt/big.bin"))
        .and(query_param("uploadId", "UPLOAD-LATE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = five_mib_parts(&replay);
    let upload = put_big(&driver, 6, 11);
    let gave_up = tokio::time::timeout(std::time::Duration::from_millis(50), upload).await;
    assert!(gave_up.is_err(), "the upload was still being created");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !received(&replay)
        .await
        .iter()
        .any(|r| r.method.as_str() == "DELETE")
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the upload created after the caller gave up was never aborted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        !received(&replay)
            .await
            .iter()
            .any(|r| r.method.as_str() == "PUT"),
        "no part was sent"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_error_hidden_in_a_200_completion_is_retried() {
    let replay = Replay::empty().await;
    Mock::given(method("POST"))
        .and(query_param("uploadId", "UPLOAD-1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<Error><Code>InternalError</Code><Message>try again</Message></Error>",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(replay.server())
        .await;
    mount_multipart(&replay, completed_ok()).await;
    let meta = put_big(&five_mib_parts(&replay), 5, 6).await.unwrap();
    assert_eq!(meta.etag.as_deref(), Some("whole-3"));
}

#[tokio::test]
async fn a_failed_completion_aborts_and_a_failed_start_needs_no_abort() {
    let replay = Replay::empty().await;
    mount_multipart(
        &replay,
        ResponseTemplate::new(400).set_body_string(
            "<Error><Code>EntityTooSmall</Code><Message>too small</Message></Error>",
        ),
    )
    .await;
    Mock::given(method("DELETE"))
        .and(query_param("uploadId", "UPLOAD-1"))
        .respond_with(
            ResponseTemplate::new(404).set_body_string("<Error><Code>NoSuchUpload</Code></Error>"),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    let err = put_big(&five_mib_parts(&replay), 6, 6).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(err.code(), Some("EntityTooSmall"));
    replay.assert_all_used().await;

    let replay = Replay::empty().await;
    Mock::given(method("POST"))
        .and(HasQuery("uploads"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string("<Error><Code>AccessDenied</Code><Message>no</Message></Error>"),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    let err = put_big(&five_mib_parts(&replay), 6, 6).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        received(&replay).await.len(),
        1,
        "no abort without an upload id"
    );
}

#[tokio::test]
async fn batch_delete_sends_1000_keys_a_request_with_md5() {
    let replay = Replay::empty().await;
    Mock::given(method("POST"))
        .and(path("/bkt"))
        .and(HasQuery("delete"))
        .and(body_string_contains("<Quiet>true</Quiet>"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<DeleteResult><Error><Key>k/0007</Key><Code>AccessDenied</Code>\
             <Message>Access Denied</Message></Error></DeleteResult>",
        ))
        .expect(3)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let s3 = driver
        .as_any()
        .downcast_ref::<cloud_s3::S3Storage>()
        .unwrap();
    let keys: Vec<String> = (0..2500).map(|i| format!("k/{i:04}")).collect();
    let failures = s3.delete_objects("bkt", &keys).await.unwrap();
    assert_eq!(failures.len(), 3, "one reported failure per answer");
    assert_eq!(failures[0].code, "AccessDenied");
    let requests = received(&replay).await;
    let counts: Vec<usize> = requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).matches("<Object>").count())
        .collect();
    assert_eq!(counts, [1000, 1000, 500]);
    for r in &requests {
        assert_eq!(header(r, "content-md5"), Some(md5_b64(&r.body).as_str()));
    }
    let bad = [String::from("ok"), String::from("../escape")];
    let err = s3.delete_objects("bkt", &bad).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(received(&replay).await.len(), 3, "a bad key sends nothing");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_file_goes_up_in_parts_read_from_the_file() {
    let replay = Replay::empty().await;
    mount_multipart(&replay, completed_ok()).await;
    let driver = s3(
        &replay,
        &[("part_size", "5MiB"), ("multipart_threshold", "1MiB")],
    );
    let data = pattern(5, 11 * MIB + 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &data).unwrap();
    let reported = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = reported.clone();
    let meta = driver
        .put_object_from_file_with_progress(
            "bkt",
            "big.bin",
            &path,
            &PutOptions::default(),
            std::sync::Arc::new(move |n| log.lock().unwrap().push(n)),
        )
        .await
        .unwrap();
    assert_eq!(meta.size, data.len() as u64);
    let mut steps = reported.lock().unwrap().clone();
    steps.sort_unstable();
    assert_eq!(
        steps,
        [(MIB + 3) as u64, 5 * MIB as u64, 5 * MIB as u64],
        "one step a part"
    );
    let requests = received(&replay).await;
    let parts = parts_in_order(&requests);
    let sent: Vec<u8> = parts.iter().flat_map(|p| p.body.clone()).collect();
    assert_eq!(sent, data, "the parts in order are the file");
    for part in &parts {
        assert_eq!(
            header(part, "x-amz-checksum-crc32c"),
            Some(crc32c_b64(&part.body).as_str())
        );
        assert_eq!(
            header(part, "x-amz-content-sha256"),
            Some(hex::encode(Sha256::digest(&part.body)).as_str()),
            "plain http: the payload hash is signed"
        );
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_small_file_goes_up_in_one_request() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/bkt/notes.txt"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"n\""))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, b"hello file").unwrap();
    let meta = driver
        .put_object_from_file("bkt", "notes.txt", &path, &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(meta.size, 10);
    let requests = received(&replay).await;
    assert_eq!(requests[0].body, b"hello file");
    assert_eq!(header(&requests[0], "content-type"), Some("text/plain"));
    assert_eq!(
        header(&requests[0], "x-amz-checksum-crc32c"),
        Some(crc32c_b64(b"hello file").as_str())
    );
    let missing = driver
        .put_object_from_file(
            "bkt",
            "x",
            &dir.path().join("absent"),
            &PutOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn payload_signing_is_the_callers_choice() {
    for (setting, want_unsigned) in [("unsigned", true), ("auto", false), ("signed", false)] {
        let replay = Replay::empty().await;
        Mock::given(method("PUT"))
            .and(path("/bkt/k"))
            .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"e\""))
            .expect(1)
            .mount(replay.server())
            .await;
        let driver = s3(&replay, &[("payload_signing", setting)]);
        let options = PutOptions {
            size: Some(3),
            ..Default::default()
        };
        let body = futures::stream::iter([Ok(Bytes::from_static(b"abc"))]).boxed();
        driver.put_object("bkt", "k", body, &options).await.unwrap();
        let requests = received(&replay).await;
        let want = if want_unsigned {
            "UNSIGNED-PAYLOAD".to_string()
        } else {
            hex::encode(Sha256::digest(b"abc"))
        };
        assert_eq!(
            header(&requests[0], "x-amz-content-sha256"),
            Some(want.as_str()),
            "{setting}"
        );
        assert_eq!(
            header(&requests[0], "x-amz-checksum-crc32c"),
            Some(crc32c_b64(b"abc").as_str()),
            "{setting}: the checksum is sent either way"
        );
        replay.assert_all_used().await;
    }
}

/// The `UploadPart` requests among `requests`, by part number.
fn parts_in_order(requests: &[wiremock::Request]) -> Vec<&wiremock::Request> {
    let mut parts: Vec<_> = requests
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .collect();
    parts.sort_by_key(|r| {
        r.url
            .query_pairs()
            .find(|(k, _)| k == "partNumber")
            .map(|(_, v)| v.parse::<usize>().unwrap())
    });
    parts
}

/// The data of an `aws-chunked` body, and its trailer lines.
fn decode_aws_chunked(mut wire: &[u8]) -> (Vec<u8>, Vec<String>) {
    let mut data = Vec::new();
    loop {
        let end = wire.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = std::str::from_utf8(&wire[..end]).unwrap();
        let size = usize::from_str_radix(size_text, 16).unwrap();
        wire = &wire[end + 2..];
        if size == 0 {
            break;
        }
        data.extend_from_slice(&wire[..size]);
        assert_eq!(&wire[size..size + 2], b"\r\n");
        wire = &wire[size + 2..];
    }
    let text = std::str::from_utf8(wire).unwrap();
    (data, text.trim_end().lines().map(str::to_string).collect())
}

#[tokio::test]
async fn unsigned_file_parts_stream_with_a_crc32c_trailer() {
    let replay = Replay::empty().await;
    mount_multipart(&replay, completed_ok()).await;
    let driver = s3(
        &replay,
        &[
            ("part_size", "5MiB"),
            ("multipart_threshold", "1MiB"),
            ("payload_signing", "unsigned"),
        ],
    );
    let data = pattern(9, 11 * MIB + 7);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &data).unwrap();
    driver
        .put_object_from_file("bkt", "big.bin", &path, &PutOptions::default())
        .await
        .unwrap();
    let requests = received(&replay).await;
    let parts = parts_in_order(&requests);
    let mut sent = Vec::new();
    let complete = String::from_utf8(requests.last().unwrap().body.clone()).unwrap();
    for part in &parts {
        assert_eq!(header(part, "content-encoding"), Some("aws-chunked"));
        assert_eq!(
            header(part, "x-amz-content-sha256"),
            Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        );
        assert_eq!(header(part, "x-amz-trailer"), Some("x-amz-checksum-crc32c"));
        let (decoded, trailers) = decode_aws_chunked(&part.body);
        assert_eq!(
            header(part, "x-amz-decoded-content-length"),
            Some(decoded.len().to_string().as_str())
        );
        let crc = crc32c_b64(&decoded);
        assert_eq!(trailers, [format!("x-amz-checksum-crc32c:{crc}")]);
        assert!(
            complete.contains(&format!("<ChecksumCRC32C>{crc}</ChecksumCRC32C>")),
            "{complete}"
        );
        sent.extend(decoded);
    }
    assert_eq!(sent, data, "the decoded parts in order are the file");
    replay.assert_all_used().await;
}
