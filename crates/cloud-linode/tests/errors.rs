//! Linode's error answers, replayed from the `errors-*` fixtures: the kind, Linode's
//! reason in the message, retries where Linode asks for them and nowhere else.

mod common;

use std::time::{Duration, Instant};

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, NodeAuth};
use cloud_core::{Error, Secret};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

async fn first_error<T>(stream: cloud_core::BoxStream<'_, cloud_core::Result<T>>) -> Error {
    match stream.into_future().await.0 {
        Some(Err(e)) => e,
        Some(Ok(_)) => panic!("expected an error, got an item"),
        None => panic!("expected an error, got an empty listing"),
    }
}

fn assert_linode_error(err: &Error, kind: ErrorKind, operation: &str, reason: &str) {
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.provider(), Some("linode"), "{err}");
    assert_eq!(err.operation(), Some(operation), "{err}");
    assert!(err.message().contains(reason), "{err}");
    common::assert_no_token(err);
}

#[tokio::test]
async fn invalid_token_is_invalid_credentials_and_not_retried() {
    let replay = Replay::start("linode", "errors-401").await;
    let err = first_error(common::driver(&replay).list_nodes()).await;
    assert_linode_error(
        &err,
        ErrorKind::InvalidCredentials,
        "list_nodes",
        "Invalid Token",
    );
    assert_eq!(err.status(), Some(401));
    assert!(!err.is_retryable());
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 1, "{:#?}", replay.history());
}

#[tokio::test]
async fn forbidden_is_permission_denied() {
    let replay = Replay::start("linode", "errors-403").await;
    let err = common::driver(&replay).get_node("123").await.unwrap_err();
    assert_linode_error(
        &err,
        ErrorKind::PermissionDenied,
        "get_node",
        "Unauthorized",
    );
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 1);
}

#[tokio::test]
async fn missing_node_is_not_found() {
    let replay = Replay::start("linode", "errors-404").await;
    let err = common::driver(&replay).get_node("123").await.unwrap_err();
    assert_linode_error(&err, ErrorKind::NotFound, "get_node", "Not found");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn field_error_is_invalid_input_naming_the_field() {
    let replay = Replay::start("linode", "errors-400").await;
    let mut request = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
    request.location = Some("mars-1".into());
    request.auth = Some(NodeAuth::Password {
        password: Secret::new("Sup3r-secret-pass"),
    });
    let err = common::driver(&replay)
        .create_node(&request)
        .await
        .unwrap_err();
    assert_linode_error(
        &err,
        ErrorKind::InvalidInput,
        "create_node",
        "region: region is not valid",
    );
    assert!(!err.to_string().contains("Sup3r-secret-pass"));
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 1);
}

#[tokio::test]
async fn rate_limit_is_retried_after_retry_after() {
    let replay = Replay::start("linode", "errors-429").await;
    let started = Instant::now();
    let regions: Vec<_> = common::driver(&replay)
        .list_locations()
        .try_collect()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried before the Retry-After second passed: {:?}",
        started.elapsed()
    );
    assert!(regions.iter().any(|r| r.id == "us-east"));
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 2);
}

#[tokio::test]
async fn unavailable_is_retried() {
    let replay = Replay::start("linode", "errors-503").await;
    let sizes: Vec<_> = common::driver(&replay)
        .list_sizes()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sizes.len(), 3);
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 2);
}

#[tokio::test]
async fn a_library_callers_max_attempts_is_honoured_when_connecting() {
    let replay = Replay::start("linode", "errors-503").await;
    let mut config = common::config(&replay);
    config.options.insert("max_attempts".into(), "1".into());
    let compute = cloud_core::connect(&cloud_linode::LinodeFactory, &config)
        .await
        .unwrap()
        .compute()
        .unwrap();
    let err = first_error(compute.list_sizes()).await;
    assert_eq!(err.status(), Some(503));
    assert_eq!(replay.history().len(), 1, "one attempt, no retry");
}

#[tokio::test]
async fn malformed_answers_are_malformed_response() {
    let replay = Replay::start("linode", "errors-malformed").await;
    let driver = common::driver(&replay);
    let err = driver.get_node("123").await.unwrap_err();
    assert_linode_error(
        &err,
        ErrorKind::MalformedResponse,
        "get_node",
        "not the expected JSON",
    );
    let err = first_error(driver.list_nodes()).await;
    assert_linode_error(
        &err,
        ErrorKind::MalformedResponse,
        "list_nodes",
        "not the expected JSON",
    );
    replay.assert_all_used().await;
}
