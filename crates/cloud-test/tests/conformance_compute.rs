//! The compute suite passes on a correct driver and fails, naming the step, on broken
//! ones.

#[path = "common/fake_compute.rs"]
mod fake_compute;
#[path = "common/panics.rs"]
mod panics;

use std::time::Duration;

use cloud_core::compute::{ComputeFeature, NodeAuth, WaitOptions};
use cloud_test::conformance::compute::{CONFORMANCE_PUBLIC_KEY, ComputePlan, run};
use fake_compute::{Bug, FakeCompute};
use panics::panic_message;

fn plan() -> ComputePlan {
    ComputePlan::new("small", "debian-12")
}

#[test]
fn plan_defaults_are_the_documented_ones() {
    let p = plan();
    assert_eq!((p.size.as_str(), p.image.as_str()), ("small", "debian-12"));
    assert_eq!(p.location, None);
    assert_eq!(p.node_name, "conformance-node");
    assert_eq!(p.auth, None);
    assert_eq!(p.missing_node_id, "does-not-exist");
    assert_eq!(p.bad_size, "no-such-size");
    assert_eq!(p.min_listed_nodes, 1);
    assert!(p.wait.is_none());
    assert_eq!(p.public_key, CONFORMANCE_PUBLIC_KEY);
    assert_eq!(p.key_pair_name, "conformance-key");
    assert_eq!(
        (p.volume_name.as_str(), p.volume_size_gib),
        ("conformance-vol", 1)
    );
    assert_eq!(p.image_name, "conformance-image");
}

#[test]
fn default_public_key_is_an_openssh_ed25519_key() {
    let parts: Vec<&str> = CONFORMANCE_PUBLIC_KEY.split(' ').collect();
    assert_eq!(parts.len(), 3, "{CONFORMANCE_PUBLIC_KEY}");
    assert_eq!(parts[0], "ssh-ed25519");
    // The blob is base64 of: u32 length 11, "ssh-ed25519", u32 length 32, 32 key bytes.
    assert_eq!(parts[1].len(), 68);
    assert!(parts[1].starts_with("AAAAC3NzaC1lZDI1NTE5AAAAI"));
}

#[tokio::test]
async fn passes_on_a_driver_with_every_feature() {
    let driver = FakeCompute::full();
    let mut plan = plan();
    plan.location = Some("zone-a".into());
    plan.auth = Some(NodeAuth::SshKey {
        public_key: CONFORMANCE_PUBLIC_KEY.into(),
    });
    plan.wait = Some(WaitOptions {
        poll_interval: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
        jitter: 0.0,
    });
    run(&driver, &plan).await;
    assert_eq!(driver.node_count(), 0, "the suite destroys its node");
}

#[tokio::test]
async fn passes_on_a_driver_with_only_the_required_calls() {
    let driver = FakeCompute::minimal();
    run(&driver, &plan()).await;
    assert_eq!(driver.node_count(), 0);
}

#[tokio::test]
async fn fails_when_a_destroyed_node_still_runs() {
    let driver = FakeCompute::with([ComputeFeature::Reboot], Some(Bug::GhostAfterDestroy));
    let msg = panic_message(run(&driver, &plan())).await;
    assert!(msg.starts_with("[C7.2]"), "{msg}");
    assert!(msg.contains("terminated or terminating"), "{msg}");
    assert!(msg.contains("Running"), "{msg}");
}

#[tokio::test]
async fn fails_when_the_new_node_is_not_listed_and_cleans_up() {
    let driver = FakeCompute::with([], Some(Bug::ListForgetsNodes));
    let msg = panic_message(run(&driver, &plan())).await;
    assert!(msg.starts_with("[C3.2]"), "{msg}");
    assert!(msg.contains("among the nodes"), "{msg}");
    assert_eq!(
        driver.node_count(),
        0,
        "the node is destroyed after the failure"
    );
}

#[tokio::test]
async fn fails_when_an_unclaimed_feature_works_anyway() {
    let driver = FakeCompute::with([], Some(Bug::SilentReboot));
    let msg = panic_message(run(&driver, &plan())).await;
    assert!(msg.starts_with("[C3.4] reboot_node"), "{msg}");
    assert!(
        msg.contains("expected an error of kind unsupported, got success"),
        "{msg}"
    );
}

#[tokio::test]
async fn fails_when_a_volume_has_the_wrong_size() {
    let driver = FakeCompute::with([ComputeFeature::Volumes], Some(Bug::VolumeTooBig));
    let msg = panic_message(run(&driver, &plan())).await;
    assert!(
        msg.starts_with("[C5.1] expected size_gib 1, got 2"),
        "{msg}"
    );
}

#[tokio::test]
async fn fails_when_the_plan_names_a_size_the_driver_lacks() {
    let driver = FakeCompute::full();
    let msg = panic_message(run(&driver, &ComputePlan::new("huge", "debian-12"))).await;
    assert!(msg.starts_with("[C1.1]"), "{msg}");
    assert!(msg.contains("size \"huge\" among the sizes"), "{msg}");
}
