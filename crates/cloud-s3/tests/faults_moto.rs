//! The storage conformance suite through a fault proxy in front of moto: the whole
//! suite (S1–S6) while the proxy answers a share of the reads with 503, and the steps
//! under faults (S7): failed and dropped uploads, cut downloads, a replaced object.

mod common;

use cloud_test::conformance::storage::{StoragePlan, run, run_under_faults};
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::{driver, moto, unique_bucket};

#[tokio::test]
async fn conformance_through_a_storm_of_503s() {
    let Some(endpoint) = moto() else { return };
    let storm = vec![
        Rule::every(Match::Method("GET"), Fault::Status(503), 3),
        Rule::every(Match::Method("HEAD"), Fault::Status(503), 2),
        Rule::every(Match::Method("PUT"), Fault::Reset, 4),
    ];
    let proxy = FaultProxy::start(&endpoint, storm).await;
    let plan = StoragePlan {
        container: unique_bucket("storm"),
        missing_container: unique_bucket("missing"),
        ..StoragePlan::default()
    };
    run(&driver(&proxy.url()), &plan).await;
    assert!(
        proxy.broken() >= 5,
        "the storm broke {} requests",
        proxy.broken()
    );
}

#[tokio::test]
async fn transfers_under_faults() {
    let Some(endpoint) = moto() else { return };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let plan = StoragePlan {
        container: unique_bucket("faults"),
        ..StoragePlan::default()
    };
    run_under_faults(&driver(&proxy.url()), &plan, Some(&proxy)).await;
    let lines = proxy.request_lines();
    let began = lines
        .iter()
        .any(|l| l.starts_with("POST ") && l.contains("failed-upload.bin?uploads"));
    let aborted = lines
        .iter()
        .any(|l| l.starts_with("DELETE ") && l.contains("failed-upload.bin?uploadId="));
    assert!(
        began && aborted,
        "the dropped multipart upload was aborted: {lines:#?}"
    );
    let direct = driver(&endpoint);
    let pending =
        futures::TryStreamExt::try_collect::<Vec<_>>(direct.pending_uploads(&plan.container, None))
            .await;
    assert!(
        matches!(pending.as_ref().map(Vec::len), Ok(0))
            || pending
                .as_ref()
                .is_err_and(|e| e.kind() == cloud_core::ErrorKind::NotFound),
        "no multipart upload left behind: {pending:?}"
    );
}
