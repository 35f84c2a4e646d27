//! The compute conformance suite against the Slicehost fixtures.

use cloud_core::Secret;
use cloud_slicehost::SlicehostCompute;
use cloud_test::conformance::compute::{ComputePlan, run};
use cloud_test::replay::Replay;

#[tokio::test]
async fn compute_conformance() {
    let replay = Replay::start("slicehost", "compute-conformance").await;
    let mut config = replay.config();
    config
        .credentials
        .insert("api_key".into(), Secret::new("[scrubbed]"));
    let driver = SlicehostCompute::new(&config).expect("driver");

    // Slicehost ids are numbers: the missing node and the bad flavor are numeric ids
    // the server does not know, so the fixtures exercise its 404 and 422 answers.
    let mut plan = ComputePlan::new("1", "10");
    plan.location = Some("slicehost".into());
    plan.missing_node_id = "999999".into();
    plan.bad_size = "999".into();
    plan.min_listed_nodes = 2;
    run(&driver, &plan).await;
    replay.assert_all_used().await;
}
