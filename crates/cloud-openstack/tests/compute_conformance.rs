//! The compute conformance suite on Nova, Glance and Cinder fixtures written from the
//! API references (`fixtures/openstack/compute-conformance/`), through the factory: a
//! Keystone login, then every service at the catalog's endpoint.

mod compute_support;

use cloud_core::compute::{ComputeFeature, NodeAuth};
use cloud_test::conformance::compute::{ComputePlan, run};

#[tokio::test]
async fn the_compute_suite_passes_on_replayed_fixtures() {
    let replay = compute_support::replay("compute-conformance").await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let caps = compute.capabilities();
    assert!(caps.supports(ComputeFeature::KeyPairCreate));
    assert!(!caps.supports(ComputeFeature::ImageCopy));
    let mut plan = ComputePlan::new("2", "70a599e0-31e7-49b7-b260-868f441e862b");
    plan.location = Some("nova".into());
    plan.auth = Some(NodeAuth::KeyPairName {
        name: "ops-key".into(),
    });
    run(&*compute, &plan).await;
    replay.assert_all_used().await;
}

/// Reads the list and get answers of the same scenario on their own (the rest of its
/// interactions stay unused, so no `assert_all_used` here).
#[tokio::test]
async fn servers_carry_their_addresses_and_raw_status() {
    use cloud_core::compute::NodeState;
    use futures::TryStreamExt;

    let replay = compute_support::replay("compute-conformance").await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let nodes: Vec<_> = compute.list_nodes().try_collect().await.unwrap();
    assert_eq!(nodes.len(), 1);
    let node = &nodes[0];
    assert_eq!(node.state, NodeState::Running);
    assert_eq!(node.extra["status"], "ACTIVE");
    assert_eq!(node.public_ips, ["203.0.113.45"]);
    assert_eq!(
        node.private_ips,
        ["10.0.0.12", "fd9c:1b2a:3c4d:0:f816:3eff:fe4c:2c30"]
    );
    assert_eq!(node.size.as_deref(), Some("m1.small"));
    assert_eq!(node.location.as_deref(), Some("nova"));
    assert_eq!(node.tags["suite"], "conformance");
    let got = compute.get_node(&node.id).await.unwrap();
    assert_eq!(&got, node);
}
