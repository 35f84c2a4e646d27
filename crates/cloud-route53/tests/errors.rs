//! Bad credentials and malformed answers against hand-written fixtures: typed errors,
//! no retries of what cannot succeed, no panics, no secrets in errors.

mod common;

use cloud_core::ErrorKind;
use cloud_core::dns::Dns;
use cloud_core::operation::OperationRef;
use cloud_test::replay::Replay;
use futures::TryStreamExt;

const ZONE: &str = "Z0123456789ABCDEFGHIJ";

#[tokio::test]
async fn bad_credentials_are_invalid_credentials_and_not_retried() {
    let replay = Replay::start("route53", "auth-failure").await;
    let driver = common::driver(&common::config(&replay.uri()));
    let err = driver
        .list_zones()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.code(), Some("InvalidClientTokenId"));
    assert_eq!(err.status(), Some(403));
    common::assert_no_secret(&err);

    let err = driver.get_zone(ZONE).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(
        err.request_id(),
        Some("0f8a2c1e-0000-4000-8000-000000000032"),
        "from the x-amzn-RequestId header when the body has none"
    );
    common::assert_no_secret(&err);

    let change = OperationRef::new("route53", "apply_changes", "C1R0D5EXAMPLE2");
    let err = driver.operation_status(&change).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.code(), Some("ExpiredToken"));
    replay.assert_all_used().await;
    assert_eq!(
        replay.history().len(),
        3,
        "each refused once, never retried"
    );
}

#[tokio::test]
async fn malformed_answers_are_typed_errors() {
    let replay = Replay::start("route53", "malformed").await;
    let driver = common::driver(&common::config(&replay.uri()));
    for what in ["a truncated document", "an HTML page"] {
        let err = driver.get_zone(ZONE).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{what}: {err}");
        assert_eq!(err.provider(), Some("route53"));
    }
    let err = driver
        .list_records(ZONE)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("NextRecordName"), "{err}");
    for id in ["C1R0D5EXAMPLE2", "C1R0D5EXAMPLE3"] {
        let err = driver
            .operation_status(&OperationRef::new("route53", "apply_changes", id))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{id}: {err}");
    }
    let foreign = OperationRef::new("gce", "create_node", "operation-1");
    assert_eq!(
        driver.operation_status(&foreign).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    replay.assert_all_used().await;
}
