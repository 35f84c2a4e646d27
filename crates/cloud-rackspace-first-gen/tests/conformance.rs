//! The compute conformance suite against the first-generation fixtures, whole, in both
//! formats: once asking for JSON and once asking for XML.

mod support;

use cloud_core::DriverFactory;
use cloud_rackspace_first_gen::{RackspaceFirstGenCompute, RackspaceFirstGenFactory};
use cloud_test::conformance::compute::{ComputePlan, run};
use cloud_test::replay::Replay;

/// Ids are numbers: the missing node and the bad flavor are numeric ids the server does
/// not know, so the fixtures exercise its `itemNotFound` and `badRequest` faults.
fn plan() -> ComputePlan {
    let mut plan = ComputePlan::new("1", "119");
    plan.location = Some("us".into());
    plan.missing_node_id = "999999".into();
    plan.bad_size = "999".into();
    plan.min_listed_nodes = 2;
    plan
}

#[tokio::test]
async fn compute_conformance_json() {
    let replay = Replay::start("rackspace_first_gen", "compute-conformance-json").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let driver = RackspaceFirstGenCompute::new(&support::config(&replay, "json")).expect("driver");
    run(&driver, &plan()).await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn compute_conformance_xml_through_the_factory() {
    let replay = Replay::start("rackspace_first_gen", "compute-conformance-xml").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let session = cloud_core::connect(&RackspaceFirstGenFactory, &support::config(&replay, "xml"))
        .await
        .expect("session");
    let driver = session.compute().expect("compute");
    assert!(
        RackspaceFirstGenFactory
            .meta()
            .lifecycle
            .warning("rackspace_first_gen")
            .is_some()
    );
    run(&*driver, &plan()).await;
    replay.assert_all_used().await;
}
