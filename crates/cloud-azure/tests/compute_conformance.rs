//! The compute conformance suite on Resource Manager fixtures written from the REST API
//! reference (`fixtures/azure/arm/compute-conformance/`): the VM is made with its
//! virtual network, public IP and network interface, and every change is a
//! long-running operation polled to its end (`Azure-AsyncOperation`, and `Location`
//! for a snapshot's delete).

mod common;

use cloud_core::compute::{Compute, ComputeFeature, NodeAuth, NodeState};
use cloud_test::conformance::compute::{CONFORMANCE_PUBLIC_KEY, ComputePlan, run};
use futures::TryStreamExt;

const IMAGE: &str = "Canonical:ubuntu-24_04-lts:server:latest";

fn plan() -> ComputePlan {
    let mut plan = ComputePlan::new("Standard_B1s", IMAGE);
    plan.location = Some("westeurope".into());
    plan.min_listed_nodes = 2;
    plan.auth = Some(NodeAuth::SshKey {
        public_key: CONFORMANCE_PUBLIC_KEY.into(),
    });
    plan
}

#[tokio::test]
async fn the_compute_suite_passes_on_replayed_fixtures() {
    let replay = common::replay("compute-conformance").await;
    let compute = common::driver(&replay);
    let caps = compute.capabilities();
    assert!(caps.supports(ComputeFeature::KeyPairs));
    assert!(!caps.supports(ComputeFeature::AuthPassword));
    assert!(!caps.supports(ComputeFeature::ImageCopy));
    run(&compute, &plan()).await;
    replay.assert_all_used().await;
}

/// Reads the catalog and the created node of the same scenario on their own (the rest
/// stays unused).
#[tokio::test]
async fn answers_become_sizes_images_locations_and_a_node_with_addresses() {
    let replay = common::replay("compute-conformance").await;
    let compute = common::driver(&replay);
    let sizes: Vec<_> = compute.list_sizes().try_collect().await.unwrap();
    let b1s = sizes.iter().find(|s| s.id == "Standard_B1s").unwrap();
    assert_eq!(
        (b1s.vcpus, b1s.ram_mib, b1s.disk_gib),
        (Some(1), 1024, Some(4))
    );
    let images: Vec<_> = compute.list_images().try_collect().await.unwrap();
    let ids: Vec<&str> = images.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "Canonical:ubuntu-24_04-lts:minimal:latest",
            IMAGE,
            "Canonical:ubuntu-24_04-lts:server-arm64:latest"
        ]
    );
    let image = compute.get_image(IMAGE).await.unwrap();
    assert_eq!(image.extra["version"], "24.04.202409120");
    let locations: Vec<_> = compute.list_locations().try_collect().await.unwrap();
    let ids: Vec<&str> = locations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        ["westeurope", "northeurope"],
        "logical regions are left out"
    );
    let missing = compute.get_node("does-not-exist").await.unwrap_err();
    assert_eq!(missing.kind(), cloud_core::ErrorKind::NotFound);
    assert_eq!(missing.code(), Some("ResourceNotFound"));
    common::assert_no_token(&missing);

    let mut request =
        cloud_core::compute::CreateNode::new("conformance-node", "Standard_B1s", IMAGE);
    request.auth = plan().auth;
    request.tags.insert("suite".into(), "conformance".into());
    let node = compute.create_node(&request).await.unwrap();
    assert_eq!(node.state, NodeState::Running);
    assert_eq!(node.public_ips, ["203.0.113.24"]);
    assert_eq!(node.private_ips, ["10.0.0.4"]);
    assert_eq!(node.location.as_deref(), Some("westeurope"));
    assert_eq!(node.image.as_deref(), Some(IMAGE));
    assert_eq!(node.tags["suite"], "conformance");
    let polls = replay
        .history()
        .iter()
        .filter(|l| l.contains("/operations/"))
        .count();
    assert_eq!(
        polls,
        6,
        "every operation polled to its end: {:?}",
        replay.history()
    );
}
