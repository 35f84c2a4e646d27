//! Resumable uploads through the fault proxy, in front of a stand-in for Cloud
//! Storage's resumable session protocol (fake-gcs-server finalizes an upload when asked
//! for its state, so it cannot show this): a chunk whose connection is reset never
//! reaches the server, the driver asks what the server holds (`bytes */TOTAL`) and goes
//! on from that offset; a chunk the server keeps only in part is continued from the
//! byte it lacks. No byte is stored twice and the object arrives whole.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use cloud_core::storage::{ObjectStorage, PutOptions};
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use futures::StreamExt;
use url::Url;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KIB256: usize = 256 * 1024;

/// The session's state: bytes held, every `Content-Range` seen, bytes received in all.
#[derive(Default)]
struct Session {
    held: Vec<u8>,
    ranges: Vec<String>,
    received: usize,
    data_puts: usize,
}

/// Answers like Cloud Storage: `POST …?uploadType=resumable` starts the session,
/// `PUT` with `bytes A-B/T` appends what it lacks (answering 308 with `Range`, or 200
/// with the object once all `T` bytes are held), `PUT` with `bytes */T` reports.
/// The second data request is kept only up to its first 256 KiB.
#[derive(Clone)]
struct StandIn {
    state: Arc<Mutex<Session>>,
    base: String,
}

impl Respond for StandIn {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.state.lock().unwrap();
        if request.method.as_str() == "POST" {
            return ResponseTemplate::new(200).insert_header(
                "location",
                format!(
                    "{}/upload/storage/v1/b/bkt/o?uploadType=resumable&upload_id=s1",
                    self.base
                )
                .as_str(),
            );
        }
        if request.method.as_str() == "DELETE" {
            return ResponseTemplate::new(499);
        }
        let range = request.headers["content-range"]
            .to_str()
            .unwrap()
            .to_string();
        s.ranges.push(range.clone());
        let (span, total) = range
            .strip_prefix("bytes ")
            .unwrap()
            .split_once('/')
            .unwrap();
        let total: Option<usize> = total.parse().ok();
        if span != "*" {
            s.data_puts += 1;
            s.received += request.body.len();
            let start: usize = span.split_once('-').unwrap().0.parse().unwrap();
            assert!(start <= s.held.len(), "a gap: {start} > {}", s.held.len());
            let mut fresh = &request.body[s.held.len() - start..];
            if s.data_puts == 2 {
                fresh = &fresh[..KIB256];
            }
            s.held.extend_from_slice(fresh);
        }
        if total == Some(s.held.len()) {
            let crc = base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                crc32c::crc32c(&s.held).to_be_bytes(),
            );
            return ResponseTemplate::new(200).set_body_string(format!(
                r#"{{"name":"big.bin","bucket":"bkt","size":"{}","crc32c":"{crc}","generation":"1"}}"#,
                s.held.len()
            ));
        }
        let mut answer = ResponseTemplate::new(308);
        if !s.held.is_empty() {
            answer =
                answer.insert_header("range", format!("bytes=0-{}", s.held.len() - 1).as_str());
        }
        answer
    }
}

#[tokio::test]
async fn a_reset_chunk_resumes_from_the_committed_offset() {
    let server = MockServer::start().await;
    let proxy_rules = vec![Rule {
        when: Match::Method("PUT"),
        fault: Fault::Reset,
        times: Some(1),
        every: 3,
    }];
    let proxy = FaultProxy::start(&Url::parse(&server.uri()).unwrap(), proxy_rules).await;
    let state = Arc::new(Mutex::new(Session::default()));
    Mock::given(wiremock::matchers::any())
        .respond_with(StandIn {
            state: state.clone(),
            base: server.uri(),
        })
        .mount(&server)
        .await;
    let d = common::driver_with(
        &proxy.url(),
        &[("chunk_size", "512KiB"), ("upload_threshold", "256KiB")],
    );
    let object: Vec<u8> = (0..(5 * KIB256 + 1000)).map(|i| (i % 251) as u8).collect();
    let body = futures::stream::iter(
        object
            .chunks(100_000)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect::<Vec<_>>(),
    )
    .boxed();
    let meta = d
        .put_object("bkt", "big.bin", body, &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(meta.size, object.len() as u64);
    assert!(proxy.broken() >= 1, "a chunk was reset");
    let s = state.lock().unwrap();
    assert_eq!(s.held, object, "the object arrived whole, in order");
    let queries: Vec<&String> = s
        .ranges
        .iter()
        .filter(|r| r.starts_with("bytes */"))
        .collect();
    assert!(
        !queries.is_empty(),
        "the server was asked what it holds: {:?}",
        s.ranges
    );
    assert!(
        s.received < object.len() + 2 * 512 * 1024,
        "resumed, not restarted: {} bytes received for {}",
        s.received,
        object.len()
    );
    let starts: Vec<&str> = s.ranges.iter().map(|r| r.as_str()).collect();
    assert!(
        starts
            .iter()
            .any(|r| r.starts_with(&format!("bytes {}-", 3 * KIB256))),
        "the request after the partly kept chunk starts at the byte the server lacked: {starts:?}"
    );
}
