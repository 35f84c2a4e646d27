//! The storage conformance suite and the driver's own checks, live against
//! fake-gcs-server (`cargo xtask test -- -p cloud-gcs`; without the emulator each test
//! prints a note and passes).

mod common;

use cloud_core::storage::{ListObjects, ObjectStorage};
use cloud_test::conformance::storage::live;
use cloud_test::conformance::storage::{StoragePlan, run, run_under_faults};
use cloud_test::fault_proxy::FaultProxy;
use common::{driver, fake_gcs, unique_bucket};
use futures::StreamExt;

fn plan(prefix: &str) -> StoragePlan {
    StoragePlan {
        container: unique_bucket(prefix),
        missing_container: unique_bucket("missing"),
        ..StoragePlan::default()
    }
}

#[tokio::test]
async fn conformance_against_fake_gcs() {
    let Some(endpoint) = fake_gcs() else { return };
    run(&driver(&endpoint), &plan("conformance")).await;
}

#[tokio::test]
async fn transfers_under_faults_against_fake_gcs() {
    let Some(endpoint) = fake_gcs() else { return };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    run_under_faults(&driver(&proxy.url()), &plan("faults"), Some(&proxy)).await;
}

#[tokio::test]
async fn listing_goes_past_2500_objects() {
    let Some(endpoint) = fake_gcs() else { return };
    let d = driver(&endpoint);
    let bucket = unique_bucket("many");
    d.create_container(&bucket).await.unwrap();
    let keys: Vec<String> = (0..2600).map(|i| format!("item/{i:05}")).collect();
    live::put_named(&d, &bucket, &keys).await;
    let options = ListObjects {
        prefix: Some("item/".into()),
        ..ListObjects::default()
    };
    let listed = live::listed_names(&d, &bucket, &options).await;
    assert_eq!(
        listed, keys,
        "every object, once, in order, across pages of 1000"
    );
    let small_pages = ListObjects {
        page_size: Some(700),
        ..options.clone()
    };
    let count = d.list_objects(&bucket, &small_pages).count().await;
    assert_eq!(count, 2600);
    for key in &keys {
        d.delete_object(&bucket, key).await.unwrap();
    }
    d.delete_container(&bucket).await.unwrap();
}

#[tokio::test]
async fn awkward_names_round_trip() {
    let Some(endpoint) = fake_gcs() else { return };
    let d = driver(&endpoint);
    let bucket = unique_bucket("names");
    live::awkward_names_round_trip(&d, &bucket).await;
}
