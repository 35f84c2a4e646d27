//! The compute conformance suite against the GoGrid fixtures.

mod common;

use cloud_test::conformance::compute::{ComputePlan, run};
use cloud_test::replay::Replay;

#[tokio::test]
async fn compute_conformance() {
    let replay = Replay::start("gogrid", "compute-conformance").await;
    let driver = common::driver(&replay);
    let mut plan = ComputePlan::new("512MB", "117");
    plan.location = Some("1".into());
    plan.min_listed_nodes = 2;
    run(&driver, &plan).await;
    replay.assert_all_used().await;
}
