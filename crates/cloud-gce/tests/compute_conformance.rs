//! The compute conformance suite on Compute Engine fixtures written from the API
//! reference (`fixtures/gce/compute-conformance/`), through the factory: every change
//! answers with an operation that goes PENDING, RUNNING, DONE.

mod common;

use cloud_core::DriverFactory;
use cloud_core::compute::{ComputeFeature, NodeAuth};
use cloud_gce::GceFactory;
use cloud_test::conformance::compute::{CONFORMANCE_PUBLIC_KEY, ComputePlan, run};
use futures::TryStreamExt;

const IMAGE: &str = "projects/debian-cloud/global/images/debian-12-bookworm-v20240515";

#[tokio::test]
async fn the_compute_suite_passes_on_replayed_fixtures() {
    let replay = common::replay("compute-conformance").await;
    let session = GceFactory.connect(&common::config(&replay)).await.unwrap();
    let compute = session.compute().unwrap();
    let caps = compute.capabilities();
    assert!(
        !caps.supports(ComputeFeature::KeyPairs),
        "keys are metadata"
    );
    assert!(caps.supports(ComputeFeature::Volumes) && caps.supports(ComputeFeature::Snapshots));
    let mut plan = ComputePlan::new("e2-small", IMAGE);
    plan.location = Some("us-central1-a".into());
    plan.min_listed_nodes = 2;
    plan.auth = Some(NodeAuth::SshKey {
        public_key: CONFORMANCE_PUBLIC_KEY.into(),
    });
    run(&*compute, &plan).await;
    replay.assert_all_used().await;
}

/// Reads the catalog answers of the same scenario on their own (the rest stays unused).
#[tokio::test]
async fn catalog_answers_become_sizes_images_and_locations() {
    let replay = common::replay("compute-conformance").await;
    let compute = common::driver(&replay);
    use cloud_core::compute::Compute;
    let sizes: Vec<_> = compute.list_sizes().try_collect().await.unwrap();
    let small = sizes.iter().find(|s| s.id == "e2-small").unwrap();
    assert_eq!((small.vcpus, small.ram_mib), (Some(2), 2048));
    let images: Vec<_> = compute.list_images().try_collect().await.unwrap();
    let ids: Vec<&str> = images.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [IMAGE], "the deprecated public image is left out");
    let image = compute.get_image(IMAGE).await.unwrap();
    assert_eq!(image.extra["family"], "debian-12");
    let locations: Vec<_> = compute.list_locations().try_collect().await.unwrap();
    let ids: Vec<&str> = locations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "us-central1-a",
            "us-central1-b",
            "us-east1-b",
            "us-central1",
            "us-east1"
        ]
    );
    assert_eq!(locations[0].extra["kind"], "zone");
    assert_eq!(locations[0].extra["region"], "us-central1");
    assert_eq!(locations[3].extra["kind"], "region");
    let missing = compute.get_node("does-not-exist").await.unwrap_err();
    assert_eq!(missing.kind(), cloud_core::ErrorKind::NotFound);
    assert_eq!(missing.code(), Some("notFound"));
    common::assert_no_token(&missing);
}
