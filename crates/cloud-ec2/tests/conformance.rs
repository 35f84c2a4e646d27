//! The compute conformance suite against the `compute-conformance` fixtures, recorded
//! from moto (see `fixtures/ec2/README.md`).

mod common;

use cloud_test::conformance::compute::run;
use cloud_test::replay::Replay;

/// The region the fixtures were recorded in.
const REGION: &str = "us-east-1";

#[tokio::test]
async fn compute_conformance_replay() {
    let replay = Replay::start("ec2", "compute-conformance").await;
    let driver = common::driver(&common::conformance_config(&replay.uri(), REGION));
    run(&driver, &common::plan(REGION)).await;
    replay.assert_all_used().await;
    let history = replay.history();
    let launches: Vec<&String> = history
        .iter()
        .filter(|r| r.contains("Action=RunInstances"))
        .collect();
    assert_eq!(launches.len(), 1, "{history:#?}");
    assert!(launches[0].contains("ClientToken="), "{launches:?}");
}
