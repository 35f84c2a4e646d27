//! Large downloads read in ranged `Get Blob` requests, several at once, against a
//! mocked Blob service on 127.0.0.1 that honours `x-ms-range` and `If-Match` as the
//! service does: the bytes come out whole and in order, every request after the first
//! is conditional on the first answer's ETag, the blob's MD5 is checked over the whole,
//! a blob replaced part way ends the download with `Conflict`, and an empty blob (which
//! has no range to ask for) still downloads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use bytes::Bytes;
use cloud_azure_blob::AzureBlobStorage;
use cloud_core::storage::{ByteRange, ObjectStorage};
use cloud_core::{ErrorKind, ProviderConfig, Result, Secret};
use futures::StreamExt;
use md5::{Digest, Md5};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A blob served as the Blob service serves one.
struct Blob {
    data: Vec<u8>,
    /// The MD5 the service states (the data's, unless a test says otherwise).
    md5: [u8; 16],
    /// From this request on (counted from 0), the blob has been replaced.
    replaced_from: Option<usize>,
    served: AtomicUsize,
    /// (`x-ms-range`, `If-Match`) of each request, in order.
    seen: Mutex<Vec<(Option<String>, Option<String>)>>,
}

impl Blob {
    fn new(data: Vec<u8>) -> Self {
        Blob {
            md5: Md5::digest(&data).into(),
            data,
            replaced_from: None,
            served: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
        }
    }

    fn seen(&self) -> Vec<(Option<String>, Option<String>)> {
        self.seen.lock().unwrap().clone()
    }
}

/// The blob behind a mock: the mock needs an owned responder.
struct Serve(std::sync::Arc<Blob>);

fn header_text(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn error(status: u16, code: &str) -> ResponseTemplate {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{code}</Message></Error>"
    );
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/xml")
        .set_body_string(body)
}

impl Respond for Serve {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let blob = &self.0;
        let n = blob.served.fetch_add(1, Ordering::SeqCst);
        let range = header_text(req, "x-ms-range");
        let if_match = header_text(req, "if-match");
        blob.seen
            .lock()
            .unwrap()
            .push((range.clone(), if_match.clone()));
        let etag = if blob.replaced_from.is_some_and(|from| n >= from) {
            "\"0x2\""
        } else {
            "\"0x1\""
        };
        if if_match.as_deref().is_some_and(|m| m != etag) {
            return error(412, "ConditionNotMet");
        }
        let len = blob.data.len();
        let md5 = base64::engine::general_purpose::STANDARD.encode(blob.md5);
        let Some(range) = range else {
            return ResponseTemplate::new(200)
                .insert_header("etag", etag)
                .insert_header("content-md5", md5.as_str())
                .set_body_bytes(blob.data.clone());
        };
        let spec = range.strip_prefix("bytes=").unwrap_or_default();
        let (a, b) = spec.split_once('-').unwrap_or_default();
        let start: usize = a.parse().unwrap_or(usize::MAX);
        let last: usize = b.parse().unwrap_or(usize::MAX);
        if start >= len {
            return error(416, "InvalidRange");
        }
        let last = last.min(len - 1);
        ResponseTemplate::new(206)
            .insert_header("etag", etag)
            .insert_header(
                "content-range",
                format!("bytes {start}-{last}/{len}").as_str(),
            )
            .insert_header("x-ms-blob-content-md5", md5.as_str())
            .set_body_bytes(blob.data[start..=last].to_vec())
    }
}

/// Bytes that differ from position to position.
fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

async fn serve(blob: Blob) -> (MockServer, std::sync::Arc<Blob>) {
    let server = MockServer::start().await;
    let blob = std::sync::Arc::new(blob);
    Mock::given(method("GET"))
        .and(path("/acct/box/k"))
        .respond_with(Serve(blob.clone()))
        .mount(&server)
        .await;
    (server, blob)
}

/// A driver with 64 KiB parts, `concurrency` requests at once.
fn driver(server: &MockServer, concurrency: &str) -> AzureBlobStorage {
    let endpoint = Url::parse(&format!("{}/acct", server.uri())).unwrap();
    let mut config: ProviderConfig = cloud_test::guard::test_config(&endpoint);
    for (k, v) in [
        ("account", "acct"),
        ("download_part_size", "64KiB"),
        ("download_concurrency", concurrency),
    ] {
        config.options.insert(k.into(), v.into());
    }
    config.credentials.insert(
        "account_key".into(),
        Secret::new(cloud_azure_blob::DEVELOPMENT_KEY),
    );
    AzureBlobStorage::new(&config).unwrap()
}

async fn download(d: &AzureBlobStorage, range: Option<ByteRange>) -> (u64, Vec<Result<Bytes>>) {
    let download = d.get_object("box", "k", range).await.unwrap();
    (download.meta.size, download.body.collect().await)
}

fn bytes_of(items: &[Result<Bytes>]) -> Vec<u8> {
    items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .flat_map(|b| b.to_vec())
        .collect()
}

const PART: usize = 64 * 1024;

#[tokio::test]
async fn a_large_blob_comes_whole_from_ranged_requests_on_its_etag() {
    let len = 5 * PART + 1234;
    let (server, blob) = serve(Blob::new(data(len))).await;
    let (size, items) = download(&driver(&server, "3"), None).await;
    assert_eq!(size, len as u64);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(bytes_of(&items), data(len));

    let seen = blob.seen();
    assert_eq!(seen.len(), 6, "{seen:?}");
    assert_eq!(seen[0], (Some(format!("bytes=0-{}", PART - 1)), None));
    assert!(
        seen[1..]
            .iter()
            .all(|(_, m)| m.as_deref() == Some("\"0x1\"")),
        "every later part is conditional on the first answer's ETag: {seen:?}"
    );
    let mut ranges: Vec<String> = seen[1..].iter().map(|(r, _)| r.clone().unwrap()).collect();
    ranges.sort_by_key(|r| {
        r.trim_start_matches("bytes=")
            .split('-')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
    });
    let want: Vec<String> = (1..6)
        .map(|i| format!("bytes={}-{}", i * PART, ((i + 1) * PART).min(len) - 1))
        .collect();
    assert_eq!(ranges, want);
}

#[tokio::test]
async fn one_request_at_a_time_reads_the_blob_in_one_answer() {
    let len = 3 * PART;
    let (server, blob) = serve(Blob::new(data(len))).await;
    let (_, items) = download(&driver(&server, "1"), None).await;
    assert_eq!(bytes_of(&items), data(len));
    assert_eq!(blob.seen(), [(None, None)]);
}

#[tokio::test]
async fn the_md5_is_checked_over_every_part() {
    let len = 4 * PART;
    let mut wrong = Blob::new(data(len));
    wrong.md5 = Md5::digest(b"something else").into();
    let (server, _) = serve(wrong).await;
    let (_, items) = download(&driver(&server, "4"), None).await;
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.code(), Some("ChecksumMismatch"), "{err}");
    assert!(bytes_of(&items).len() < len, "the last chunk is held back");
}

#[tokio::test]
async fn a_blob_replaced_part_way_ends_the_download_with_a_conflict() {
    let len = 8 * PART;
    let mut blob = Blob::new(data(len));
    blob.replaced_from = Some(3);
    let (server, _) = serve(blob).await;
    let (_, items) = download(&driver(&server, "2"), None).await;
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert!(err.message().contains("replaced"), "{err}");
    assert!(bytes_of(&items).len() < len);
}

#[tokio::test]
async fn an_empty_blob_is_read_without_a_range() {
    let (server, blob) = serve(Blob::new(Vec::new())).await;
    let (size, items) = download(&driver(&server, "4"), None).await;
    assert_eq!(size, 0);
    assert!(bytes_of(&items).is_empty());
    assert!(items.iter().all(Result::is_ok));
    let seen = blob.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1], (None, None));
}

#[tokio::test]
async fn a_range_of_a_blob_is_read_in_parts_without_the_blob_md5() {
    let len = 6 * PART;
    let mut blob = Blob::new(data(len));
    // A range is never checked against the whole blob's MD5.
    blob.md5 = [0; 16];
    let (server, blob) = serve(blob).await;
    let range = ByteRange {
        start: 1000,
        end: Some(3 * PART as u64 + 17),
    };
    let (size, items) = download(&driver(&server, "4"), Some(range)).await;
    assert_eq!(size, len as u64);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(bytes_of(&items), &data(len)[1000..3 * PART + 17]);
    assert_eq!(blob.seen().len(), 3, "the first part and two more");
}
