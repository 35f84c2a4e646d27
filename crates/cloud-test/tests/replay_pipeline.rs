//! Replay together with the cloud-core HTTP pipeline configured by `Replay::config`.

use std::path::PathBuf;
use std::sync::Arc;

use cloud_core::ErrorKind;
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth, StatusErrorParser};
use cloud_test::replay::Replay;
use serde_json::{Value, json};

fn client(replay: &Replay) -> HttpClient {
    let config = replay.config();
    let endpoint =
        Endpoint::choose(config.endpoint.as_ref(), "https://api.example.com/").expect("endpoint");
    HttpClient::new(
        "fake",
        endpoint,
        config.http,
        Arc::new(NoAuth),
        Arc::new(StatusErrorParser),
    )
    .expect("client")
}

#[tokio::test]
async fn the_pipeline_reads_fixture_answers_in_sequence() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sequence");
    let replay = Replay::start_dir(dir).await;
    let http = client(&replay);

    let list = || HttpRequest::new("list_nodes", Method::GET, http.url("/nodes"));
    let before: Value = http.send(list()).await.expect("list").json().expect("json");
    assert_eq!(before, json!({"nodes": []}));
    let create = HttpRequest::new("create_node", Method::POST, http.url("/nodes"))
        .json(&json!({"name": "n1", "size": "small"}));
    let created: Value = http
        .send(create)
        .await
        .expect("create")
        .json()
        .expect("json");
    assert_eq!(created, json!({"id": "n1"}));
    let after: Value = http.send(list()).await.expect("list").json().expect("json");
    assert_eq!(after, json!({"nodes": [{"id": "n1"}]}));

    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_unmatched_request_is_an_error_and_every_attempt_is_reported() {
    let replay = Replay::empty().await;
    let http = client(&replay);

    let request = HttpRequest::new("get_node", Method::GET, http.url("/nodes/n9"));
    let err = http.send(request).await.expect_err("nothing matches");
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!(err.status(), Some(599));
    assert!(
        err.to_string()
            .contains("no fixture interaction matched GET /nodes/n9"),
        "{err}"
    );
    // GET is idempotent and 5xx is retryable: the test retry policy makes three attempts.
    assert_eq!(
        replay.problems(),
        vec!["unmatched request: GET /nodes/n9"; 3]
    );
}
