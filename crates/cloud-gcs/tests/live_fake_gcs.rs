//! The storage conformance suite and the driver's own checks, live against
//! fake-gcs-server (`cargo xtask test -- -p cloud-gcs`; without the emulator each test
//! prints a note and passes).

mod common;

use bytes::Bytes;
use cloud_core::storage::{ListEntry, ListObjects, ObjectStorage, PutOptions};
use cloud_test::conformance::storage::{StoragePlan, run, run_under_faults};
use cloud_test::fault_proxy::FaultProxy;
use common::{driver, fake_gcs, unique_bucket};
use futures::{StreamExt, TryStreamExt};

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
    futures::stream::iter(keys.iter())
        .map(|key| {
            let d = &d;
            let bucket = &bucket;
            async move {
                let body = futures::stream::iter([Ok(Bytes::from(key.clone()))]).boxed();
                d.put_object(bucket, key, body, &PutOptions::default())
                    .await
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    let options = ListObjects {
        prefix: Some("item/".into()),
        ..ListObjects::default()
    };
    let listed: Vec<String> = d
        .list_objects(&bucket, &options)
        .map_ok(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => prefix,
        })
        .try_collect()
        .await
        .unwrap();
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

/// Names that break drivers that encode paths loosely.
const AWKWARD: &[&str] = &[
    "a+b",
    "a%2Fb",
    "with space",
    "ünïcödé/名前.txt",
    "a//b",
    "trailing/",
    "q?x=1&y#frag",
    "semi;colon:at@[brackets]",
    "tilde~star*'quote'",
];

#[tokio::test]
async fn awkward_names_round_trip() {
    let Some(endpoint) = fake_gcs() else { return };
    let d = driver(&endpoint);
    let bucket = unique_bucket("names");
    d.create_container(&bucket).await.unwrap();
    for name in AWKWARD {
        let body = futures::stream::iter([Ok(Bytes::from(name.as_bytes().to_vec()))]).boxed();
        let meta = d
            .put_object(&bucket, name, body, &PutOptions::default())
            .await
            .unwrap_or_else(|e| panic!("put {name:?}: {e}"));
        assert_eq!(meta.name, *name);
        assert_eq!(d.head_object(&bucket, name).await.unwrap().name, *name);
        let got = d.get_object(&bucket, name, None).await.unwrap();
        let bytes: Vec<Bytes> = got.body.try_collect().await.unwrap();
        assert_eq!(bytes.concat(), name.as_bytes(), "{name:?}");
    }
    let mut listed: Vec<String> = d
        .list_objects(&bucket, &ListObjects::default())
        .map_ok(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => prefix,
        })
        .try_collect()
        .await
        .unwrap();
    let mut want: Vec<String> = AWKWARD.iter().map(|s| s.to_string()).collect();
    want.sort();
    listed.sort();
    assert_eq!(listed, want);
    d.copy_object(&bucket, "a+b", &bucket, "a b+copy")
        .await
        .unwrap();
    assert_eq!(d.head_object(&bucket, "a b+copy").await.unwrap().size, 3);
    for name in AWKWARD.iter().chain(&["a b+copy"]) {
        d.delete_object(&bucket, name).await.unwrap();
    }
    d.delete_container(&bucket).await.unwrap();
}
