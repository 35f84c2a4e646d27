//! The compute conformance suite against the `compute-conformance` fixtures.

mod common;

use cloud_core::compute::NodeAuth;
use cloud_test::conformance::compute::{CONFORMANCE_PUBLIC_KEY, ComputePlan, run};
use cloud_test::replay::Replay;

#[tokio::test]
async fn compute_conformance() {
    let replay = Replay::start("linode", "compute-conformance").await;
    let driver = common::driver(&replay);
    let mut plan = ComputePlan::new("g6-nanode-1", "linode/debian12");
    plan.location = Some("us-east".into());
    plan.auth = Some(NodeAuth::SshKey {
        public_key: CONFORMANCE_PUBLIC_KEY.into(),
    });
    plan.missing_node_id = "99999999".into();
    plan.min_listed_nodes = 3;
    plan.volume_size_gib = 10;
    run(&driver, &plan).await;
    replay.assert_all_used().await;
    let pages = replay
        .history()
        .iter()
        .filter(|r| r.starts_with("GET /v4/linode/instances?"))
        .count();
    assert_eq!(pages, 3, "{:#?}", replay.history());
}
