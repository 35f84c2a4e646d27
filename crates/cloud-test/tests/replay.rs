//! Replay of interaction files: matchers, `times`, sequencing, responses, the catch-all
//! and the report of `assert_all_used`.

#[path = "common/panics.rs"]
mod panics;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cloud_test::replay::{Replay, UNMATCHED_STATUS};
use panics::panic_message;
use reqwest::Method;
use serde_json::{Value, json};

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A status, the headers and the body text of one answer.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("answer body is JSON")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends one request to the replay server.
async fn send(
    replay: &Replay,
    method: Method,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Answer {
    let url = replay.uri().join(path_and_query).expect("valid path");
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let mut request = client.request(method, url);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request.send().await.expect("request reaches the replay");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(replay: &Replay, path: &str) -> Answer {
    send(replay, Method::GET, path, &[], None).await
}

fn json_body(value: Value) -> Option<Vec<u8>> {
    Some(serde_json::to_vec(&value).expect("json"))
}

const FORM_OK: &str = "Version=2016-11-15&ImageId=ami-1&Action=RunInstances&ClientToken=x";
const XML_OK: &str = "<Create><Name>web-1</Name><Extra/><Size>3</Size></Create>";

#[tokio::test]
async fn every_matcher_accepts_a_matching_request() {
    let replay = Replay::start_dir(dir("matchers")).await;

    let a = get(&replay, "/plain").await;
    assert_eq!((a.status, a.body.as_str()), (200, "plain"));

    let a = get(&replay, "/search?extra=1&q=web+server&page=2").await;
    assert_eq!((a.status, a.body.as_str()), (200, "query"));

    let a = send(
        &replay,
        Method::GET,
        "/headers",
        &[("x-token", "abc")],
        None,
    )
    .await;
    assert_eq!((a.status, a.body.as_str()), (200, "headers"));

    let body = json!({"label": "web-1", "region": "eu", "spec": {"cpus": 2, "disks": [{"size": 10, "kind": "ssd"}]}});
    let a = send(&replay, Method::POST, "/json", &[], json_body(body)).await;
    assert_eq!(a.status, 201);
    assert_eq!(a.json(), json!({"id": 123}));
    assert_eq!(a.header("x-request-id"), Some("req-1"));
    assert_eq!(a.header("content-type"), Some("application/json"));

    let form = Some(FORM_OK.as_bytes().to_vec());
    let a = send(&replay, Method::POST, "/form", &[], form).await;
    assert_eq!((a.status, a.body.as_str()), (200, "<ok/>"));
    assert_eq!(a.header("content-type"), Some("text/xml"));

    let xml = Some(XML_OK.as_bytes().to_vec());
    let a = send(&replay, Method::PUT, "/with space/ü.xml", &[], xml).await;
    assert_eq!(a.status, 204);

    let a = send(&replay, Method::POST, "/no-body", &[], None).await;
    assert_eq!((a.status, a.body.as_str()), (200, "no body"));

    assert!(replay.problems().is_empty(), "{:?}", replay.problems());
    replay.assert_all_used().await;
}

/// A request that almost matches: method, path and query, headers, body.
type Miss = (
    Method,
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<Vec<u8>>,
);

#[tokio::test]
async fn every_matcher_rejects_a_near_miss() {
    let replay = Replay::start_dir(dir("matchers")).await;
    let misses: Vec<Miss> = vec![
        (Method::POST, "/plain", vec![], None),
        (Method::GET, "/plain/", vec![], None),
        (Method::GET, "/search?q=web+server", vec![], None),
        (Method::GET, "/search?q=web&page=2", vec![], None),
        (Method::GET, "/headers", vec![("x-token", "abd")], None),
        (Method::GET, "/headers", vec![], None),
        (
            Method::POST,
            "/json",
            vec![],
            json_body(json!({"label": "web-1", "spec": {"cpus": 2, "disks": []}})),
        ),
        (
            Method::POST,
            "/json",
            vec![],
            json_body(json!({"label": "web-2", "spec": {"cpus": 2, "disks": [{"size": 10}]}})),
        ),
        (Method::POST, "/json", vec![], Some(b"not json".to_vec())),
        (
            Method::POST,
            "/form",
            vec![],
            Some(b"Action=RunInstances&ImageId=ami-2".to_vec()),
        ),
        (
            Method::POST,
            "/form",
            vec![],
            Some(b"Action=RunInstances".to_vec()),
        ),
        (
            Method::PUT,
            "/with space/ü.xml",
            vec![],
            Some(b"<Name>web-1</Name><Size>4</Size>".to_vec()),
        ),
        (Method::POST, "/no-body", vec![], json_body(json!({}))),
        (
            Method::POST,
            "/no-body",
            vec![("content-type", "application/json")],
            None,
        ),
    ];
    let count = misses.len();
    for (method, path, headers, body) in misses {
        let shown = format!("{method} {path}");
        let a = send(&replay, method.clone(), path, &headers, body).await;
        assert_eq!(a.status, UNMATCHED_STATUS, "{shown} should match nothing");
        assert!(
            a.body
                .starts_with(&format!("no fixture interaction matched {method} ")),
            "{}",
            a.body
        );
    }
    let problems = replay.problems();
    let unmatched = problems
        .iter()
        .filter(|p| p.starts_with("unmatched request: "))
        .count();
    let unused = problems
        .iter()
        .filter(|p| p.contains("answered 0 of 1 request(s)"))
        .count();
    assert_eq!((unmatched, unused), (count, 7), "{problems:#?}");
}

#[tokio::test]
async fn no_body_rejects_any_body_and_names_it_in_the_unmatched_answer() {
    let replay = Replay::start_dir(dir("matchers")).await;
    let a = send(&replay, Method::POST, "/no-body", &[], json_body(json!({}))).await;
    assert_eq!(a.status, UNMATCHED_STATUS);
    assert_eq!(
        a.body,
        "no fixture interaction matched POST /no-body (body: \"{}\")"
    );
    let a = send(&replay, Method::POST, "/no-body", &[], None).await;
    assert_eq!((a.status, a.body.as_str()), (200, "no body"));
}

#[tokio::test]
async fn interactions_answer_in_file_order_as_they_are_used_up() {
    let replay = Replay::start_dir(dir("sequence")).await;

    let before = get(&replay, "/nodes").await;
    assert_eq!(before.json(), json!({"nodes": []}));
    let created = send(
        &replay,
        Method::POST,
        "/nodes",
        &[],
        json_body(json!({"name": "n1"})),
    )
    .await;
    assert_eq!((created.status, created.json()), (201, json!({"id": "n1"})));
    let after = get(&replay, "/nodes").await;
    assert_eq!(after.json(), json!({"nodes": [{"id": "n1"}]}));

    let history = replay.history();
    assert_eq!(
        history,
        [
            "GET /nodes -> 001-list-before-create.json",
            "POST /nodes (body: \"{\\\"name\\\":\\\"n1\\\"}\") -> 002-create.json",
            "GET /nodes -> 003-list-after-create.json",
        ]
    );
    replay.assert_all_used().await;

    let spent = get(&replay, "/nodes").await;
    assert_eq!(
        spent.status, UNMATCHED_STATUS,
        "every GET /nodes is used up"
    );
}

#[tokio::test]
async fn times_limits_how_often_an_interaction_answers() {
    let replay = Replay::start_dir(dir("times")).await;
    let statuses = |answers: Vec<Answer>| answers.iter().map(|a| a.status).collect::<Vec<_>>();

    let once = vec![get(&replay, "/once").await, get(&replay, "/once").await];
    assert_eq!(statuses(once), [200, UNMATCHED_STATUS]);

    let mut twice = Vec::new();
    for _ in 0..3 {
        twice.push(get(&replay, "/twice").await);
    }
    assert_eq!(statuses(twice), [200, 200, UNMATCHED_STATUS]);

    for _ in 0..5 {
        let a = get(&replay, "/always").await;
        assert_eq!((a.status, a.body.as_str()), (200, "always"));
    }

    assert_eq!(
        replay.problems(),
        [
            "unmatched request: GET /once",
            "unmatched request: GET /twice"
        ]
    );
}

#[tokio::test]
async fn assert_all_used_names_interactions_not_fully_used() {
    let replay = Replay::start_dir(dir("times")).await;
    get(&replay, "/twice").await;

    let msg = panic_message(replay.assert_all_used()).await;
    assert!(
        msg.contains("001-once.json (GET /once) answered 0 of 1"),
        "{msg}"
    );
    assert!(
        msg.contains("002-twice.json (GET /twice) answered 1 of 2"),
        "{msg}"
    );
    assert!(
        !msg.contains("003-always.json ("),
        "unlimited is never unused: {msg}"
    );
    assert!(msg.contains("1. GET /twice -> 002-twice.json"), "{msg}");
}

#[tokio::test]
async fn unmatched_requests_get_599_and_fail_assert_all_used() {
    let replay = Replay::empty().await;
    let a = send(
        &replay,
        Method::DELETE,
        "/v4/nothing?force=1",
        &[],
        Some(b"payload".to_vec()),
    )
    .await;
    assert_eq!(a.status, 599);
    assert_eq!(
        a.body,
        "no fixture interaction matched DELETE /v4/nothing?force=1 (body: \"payload\")"
    );

    let msg = panic_message(replay.assert_all_used()).await;
    assert!(
        msg.contains("unmatched request: DELETE /v4/nothing?force=1"),
        "{msg}"
    );
    assert!(msg.contains("-> UNMATCHED"), "{msg}");
}

#[tokio::test]
async fn responses_carry_files_headers_statuses_and_delays() {
    let replay = Replay::start_dir(dir("responses")).await;

    let file = get(&replay, "/file").await;
    let want = std::fs::read_to_string(dir("responses").join("001-file.body")).expect("body file");
    assert_eq!(file.body, want);
    assert_eq!(file.header("content-type"), Some("application/xml"));

    let started = Instant::now();
    let slow = get(&replay, "/slow").await;
    assert_eq!(slow.body, "slow");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );

    let head = send(&replay, Method::HEAD, "/bucket/hello.txt", &[], None).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("13"));
    assert_eq!(head.header("etag"), Some("\"abc\""));
    assert_eq!(head.header("x-amz-meta-color"), Some("blue"));

    let missing = get(&replay, "/missing").await;
    assert_eq!(
        (missing.status, missing.json()),
        (404, json!({"error": "nope"}))
    );

    let text = get(&replay, "/text").await;
    assert_eq!(text.body, "just text");
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    replay.assert_all_used().await;
}

#[tokio::test]
async fn config_points_at_the_replay_and_stays_on_loopback() {
    let replay = Replay::start_dir(dir("times")).await;
    let uri = replay.uri();
    assert_eq!(uri.host_str(), Some("127.0.0.1"));
    let config = replay.config();
    assert_eq!(config.endpoint.as_ref(), Some(&uri));
    assert!(config.http.loopback_only);
}
