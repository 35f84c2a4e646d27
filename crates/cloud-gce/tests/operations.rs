//! Operations that fail with Compute Engine's reason, and one that never finishes.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, CreateVolume};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_test::conformance::compute::operations;

#[tokio::test]
async fn an_operation_failing_for_lack_of_resources_is_a_typed_error_with_the_reason() {
    let replay = common::replay("operation-fails").await;
    let compute = common::driver(&replay);
    let request = CreateNode::new("big-node", "e2-small", "debian-cloud/family/debian-12");
    let err = compute.create_node(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded, "{err}");
    assert_eq!(err.code(), Some("ZONE_RESOURCE_POOL_EXHAUSTED"));
    assert_eq!(err.provider(), Some("gce"));
    assert_eq!(err.operation(), Some("create_node"));
    assert!(
        err.message().contains("does not have enough resources"),
        "{err}"
    );
    assert!(
        err.message()
            .contains("operation zones/us-central1-a/operations/operation-1715705000512"),
        "{err}"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_operation_done_at_once_with_a_quota_error_is_not_polled() {
    let replay = common::replay("operation-quota").await;
    let compute = common::driver(&replay);
    let request = CreateVolume {
        name: "huge-disk".into(),
        size_gib: 65_536,
        ..Default::default()
    };
    let err = compute.create_volume(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
    assert_eq!(err.code(), Some("QUOTA_EXCEEDED"));
    assert!(err.message().contains("DISKS_TOTAL_GB"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_operation_that_never_finishes_times_out() {
    let replay = common::replay("operation-timeout").await;
    let mut config = common::config(&replay);
    operations::impatient(&mut config);
    let compute = cloud_gce::GceCompute::new(&config).unwrap();
    operations::stop_times_out(&compute, &replay, "slow-node", "10% done").await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn operation_status_polls_an_operation_by_its_handle() {
    let replay = common::replay("operation-timeout").await;
    let compute = common::driver(&replay);
    let handle = OperationRef::new(
        "gce",
        "stop_node",
        "zones/us-central1-a/operations/operation-1715705200512-6185c1bd0ee4f-slow",
    );
    let status = compute.operation_status(&handle).await.unwrap();
    assert_eq!(
        status,
        OperationStatus::Running {
            progress: Some(10),
            detail: Some("running".into())
        }
    );
    let bad = OperationRef::new("gce", "stop_node", "zones/../operations/x");
    let err = compute.operation_status(&bad).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}
