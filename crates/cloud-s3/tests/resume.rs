//! Downloads that break part way are resumed from the first missing byte, on condition
//! that the object is unchanged: a fault proxy cuts the answers of a mock server.

mod common;
#[path = "support/mock.rs"]
mod mock;

use cloud_core::ErrorKind;
use cloud_core::storage::{ByteRange, ObjectStorage};
use cloud_s3::S3Storage;
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use cloud_test::replay::Replay;
use common::{ANY_KEY_ID, ANY_SECRET, config};
use futures::{StreamExt, TryStreamExt};
use mock::{header, received};
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, ResponseTemplate};

const SIZE: usize = 400_000;
/// The object's MD5, as S3 gives a single-part upload's entity tag (computed once with
/// Python's hashlib over `object()`); whole downloads are checked against it.
const ETAG: &str = "\"a42ce581d5f657edcec225e48712c999\"";

fn object() -> Vec<u8> {
    (0..SIZE).map(|i| (i * 7 % 253) as u8).collect()
}

fn through(proxy: &FaultProxy) -> S3Storage {
    S3Storage::new(&config(
        &proxy.url(),
        ANY_KEY_ID,
        ANY_SECRET,
        &[("max_attempts", "4")],
    ))
    .expect("driver")
}

/// The whole object at `GET /bkt/k`, and any `Range: bytes=N-M` of it (asked for
/// without `If-Match`, or with it on the object's entity tag).
async fn serve_object(replay: &Replay) {
    let data = object();
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .and(header_exists("range"))
        .and(IfMatchAbsentOr(ETAG))
        .respond_with(move |request: &wiremock::Request| {
            let range = request.headers["range"].to_str().unwrap();
            let spec = range.strip_prefix("bytes=").unwrap();
            let parsed = ByteRange::parse_inclusive(spec).unwrap();
            let end = parsed.end.unwrap_or(SIZE as u64) as usize;
            let start = parsed.start as usize;
            ResponseTemplate::new(206)
                .insert_header("etag", ETAG)
                .insert_header(
                    "content-range",
                    format!("bytes {start}-{}/{SIZE}", end - 1).as_str(),
                )
                .set_body_bytes(data[start..end].to_vec())
        })
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", ETAG)
                .set_body_bytes(object()),
        )
        .mount(replay.server())
        .await;
}

/// A fault proxy in front of `replay` that cuts the first `times` answers to `GET`s
/// after `after` bytes.
async fn cut_gets(replay: &Replay, after: u64, times: usize) -> FaultProxy {
    let cut = Rule::times(Match::Method("GET"), Fault::CutBodyAfter(after), times);
    FaultProxy::start(&replay.uri(), vec![cut]).await
}

#[tokio::test]
async fn a_download_cut_twice_arrives_whole_fetching_little_twice() {
    let replay = Replay::empty().await;
    serve_object(&replay).await;
    let proxy = cut_gets(&replay, 100_000, 2).await;
    let download = through(&proxy).get_object("bkt", "k", None).await.unwrap();
    assert_eq!(download.meta.size, SIZE as u64);
    let got: Vec<bytes::Bytes> = download.body.try_collect().await.unwrap();
    assert_eq!(got.concat(), object());
    assert_eq!(proxy.broken(), 2);
    assert!(
        proxy.answer_bytes() <= SIZE as u64,
        "no byte was fetched twice: {}",
        proxy.answer_bytes()
    );
    let requests = received(&replay).await;
    let ranges: Vec<Option<&str>> = requests.iter().map(|r| header(r, "range")).collect();
    assert_eq!(
        ranges,
        [
            None,
            Some("bytes=100000-399999"),
            Some("bytes=200000-399999")
        ]
    );
    assert!(
        requests[1..]
            .iter()
            .all(|r| header(r, "if-match") == Some(ETAG))
    );
}

#[tokio::test]
async fn a_ranged_download_resumes_within_its_range() {
    let replay = Replay::empty().await;
    serve_object(&replay).await;
    let proxy = cut_gets(&replay, 1_000, 1).await;
    let range = ByteRange {
        start: 5_000,
        end: Some(25_000),
    };
    let download = through(&proxy)
        .get_object("bkt", "k", Some(range))
        .await
        .unwrap();
    let got: Vec<bytes::Bytes> = download.body.try_collect().await.unwrap();
    assert_eq!(got.concat(), object()[5_000..25_000]);
    let requests = received(&replay).await;
    assert_eq!(header(&requests[1], "range"), Some("bytes=6000-24999"));
}

#[tokio::test]
async fn an_object_replaced_before_the_resume_is_a_conflict() {
    let replay = Replay::empty().await;
    // The entity tag changed: the conditional request fails as S3 answers it.
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .and(header_exists("if-match"))
        .respond_with(ResponseTemplate::new(412).set_body_string(
            "<Error><Code>PreconditionFailed</Code><Message>At least one of the \
             pre-conditions you specified did not hold</Message></Error>",
        ))
        .mount(replay.server())
        .await;
    serve_object(&replay).await;
    let proxy = cut_gets(&replay, 50_000, 1).await;
    let download = through(&proxy).get_object("bkt", "k", None).await.unwrap();
    let items: Vec<_> = download.body.collect().await;
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert!(err.to_string().contains("PreconditionFailed"), "{err}");
    assert_eq!(received(&replay).await.len(), 2, "no retry of a conflict");
}

#[tokio::test]
async fn resumes_stop_at_the_attempt_limit() {
    let replay = Replay::empty().await;
    serve_object(&replay).await;
    let upstream = replay.uri();
    let proxy = FaultProxy::start(
        &upstream,
        vec![Rule::always(
            Match::Method("GET"),
            Fault::CutBodyAfter(10_000),
        )],
    )
    .await;
    let download = through(&proxy).get_object("bkt", "k", None).await.unwrap();
    let err = download
        .body
        .try_collect::<Vec<bytes::Bytes>>()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{err}"
    );
    assert_eq!(received(&replay).await.len(), 4, "max_attempts = 4 in all");
}

/// Matches requests without `If-Match`, or with it on this entity tag.
struct IfMatchAbsentOr(&'static str);

impl wiremock::Match for IfMatchAbsentOr {
    fn matches(&self, request: &wiremock::Request) -> bool {
        header(request, "if-match").is_none_or(|v| v == self.0)
    }
}
