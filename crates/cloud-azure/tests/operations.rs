//! Long-running operations that fail with Azure's code, that never finish, and whose
//! answers ask for a pause with `Retry-After`.

mod common;

use std::time::{Duration, Instant};

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, NodeAuth};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_test::conformance::compute::operations;

#[tokio::test]
async fn a_vm_whose_allocation_fails_is_a_quota_error_and_its_interface_is_deleted() {
    let replay = common::replay("operation-fails").await;
    let compute = common::driver(&replay);
    let mut request = CreateNode::new(
        "big-node",
        "Standard_M416ms_v2",
        "Canonical:ubuntu-24_04-lts:server:latest",
    );
    request.auth = Some(NodeAuth::SshKey {
        public_key:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY"
                .into(),
    });
    request
        .options
        .insert("public_ip".into(), serde_json::Value::Bool(false));
    let err = compute.create_node(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded, "{err}");
    assert_eq!(err.code(), Some("AllocationFailed"));
    assert_eq!(err.provider(), Some("azure"));
    assert_eq!(err.operation(), Some("create_node"));
    assert!(err.message().contains("sufficient capacity"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_operation_that_never_finishes_times_out() {
    let replay = common::replay("operation-timeout").await;
    let mut config = common::config(&replay);
    operations::impatient(&mut config);
    let (compute, _) = common::driver_with(&config);
    operations::stop_times_out(&compute, &replay, "slow-node", "InProgress").await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn retry_after_is_honoured_between_polls() {
    let replay = common::replay("retry-after").await;
    let compute = common::driver(&replay);
    let started = Instant::now();
    compute.reboot_node("web-1").await.unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1900),
        "two pauses of Retry-After: 1 s, took {took:?}"
    );
    assert!(took < Duration::from_secs(4), "{took:?}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn operation_status_polls_a_handle_and_refuses_other_hosts() {
    let replay = common::replay("operation-timeout").await;
    let compute = common::driver(&replay);
    let handle = OperationRef::new(
        "azure",
        "stop_node",
        "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Compute/locations/westeurope/operations/9e8d7c6b-0000-4000-8000-00000000f002?api-version=2024-07-01",
    );
    let status = compute.operation_status(&handle).await.unwrap();
    assert_eq!(
        status,
        OperationStatus::Running {
            progress: None,
            detail: Some("InProgress".into())
        }
    );
    for bad in [
        "https://attacker.example/subscriptions/x/operations/y",
        "not a url",
    ] {
        let handle = OperationRef::new("azure", "stop_node", bad);
        let err = compute.operation_status(&handle).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{bad}");
    }
    let other = OperationRef::new("gce", "stop_node", "global/operations/x");
    assert!(compute.operation_status(&other).await.is_err());
}
