//! Live tests against a real Keystone v3 and Swift (`cargo xtask test` starts them: the
//! `openstack` service): logging in from `OS_*` variables or `clouds.yaml` alone, the
//! storage conformance suite, listings past a page, and one clear error for a wrong
//! password, an unknown region and a service the catalog lacks.

mod common;

use bytes::Bytes;
use cloud_core::storage::{ListObjects, ObjectStorage, PutOptions};
use cloud_core::{DriverFactory, ErrorKind};
use cloud_openstack::{OpenStackFactory, SwiftStorage};
use cloud_test::conformance::storage::{StoragePlan, run};
use futures::TryStreamExt;

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..10]
    )
}

async fn storage_from(
    cloud: &common::TestCloud,
    vars: &[(&str, String)],
) -> std::sync::Arc<dyn ObjectStorage> {
    let config = cloud.config_from(vars);
    let session = OpenStackFactory.connect(&config).await.expect("logs in");
    session.storage().expect("the catalog has object-store")
}

#[tokio::test]
async fn conformance_against_swift_with_os_variables() {
    let Some(cloud) = common::cloud() else { return };
    let storage = storage_from(&cloud, &cloud.os_vars()).await;
    assert!(storage.as_any().downcast_ref::<SwiftStorage>().is_some());
    let plan = StoragePlan {
        container: unique("conformance"),
        ..StoragePlan::default()
    };
    run(storage.as_ref(), &plan).await;
}

#[tokio::test]
async fn clouds_yaml_alone_logs_in_and_listings_page_past_the_limit() {
    let Some(cloud) = common::cloud() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clouds.yaml"),
        format!(
            "clouds:\n  test:\n    auth:\n      auth_url: {}\n      username: {}\n      \
             project_name: {}\n      user_domain_name: Default\n      \
             project_domain_name: Default\n    region_name: {}\n",
            cloud.keystone, cloud.username, cloud.project, cloud.region
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("secure.yaml"),
        format!(
            "clouds:\n  test:\n    auth:\n      password: {}\n",
            cloud.password
        ),
    )
    .unwrap();
    let file = dir.path().join("clouds.yaml").display().to_string();
    let storage = storage_from(
        &cloud,
        &[
            ("OS_CLOUD", "test".to_string()),
            ("OS_CLIENT_CONFIG_FILE", file),
        ],
    )
    .await;
    let container = unique("paging");
    storage.create_container(&container).await.unwrap();
    for i in 0..7 {
        let body = Bytes::from(format!("object {i}"));
        let stream = Box::pin(futures::stream::once(async move { Ok(body) }));
        storage
            .put_object(
                &container,
                &format!("dir/{i:02} name?.txt"),
                stream,
                &PutOptions::default(),
            )
            .await
            .unwrap();
    }
    let options = ListObjects {
        page_size: Some(3),
        ..ListObjects::default()
    };
    let listed: Vec<_> = storage
        .list_objects(&container, &options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 7, "three pages of 3, 3 and 1: {listed:?}");
    for i in 0..7 {
        storage
            .delete_object(&container, &format!("dir/{i:02} name?.txt"))
            .await
            .unwrap();
    }
    storage.delete_container(&container).await.unwrap();
}

#[tokio::test]
async fn a_wrong_password_an_unknown_region_and_a_missing_service_are_one_clear_error() {
    let Some(cloud) = common::cloud() else { return };
    let mut vars = cloud.os_vars();
    for (k, v) in vars.iter_mut() {
        if *k == "OS_PASSWORD" {
            *v = "not-the-password".into();
        }
    }
    // Connecting sends nothing; the first call logs in.
    let storage = storage_from(&cloud, &vars).await;
    let err = storage.get_container("anything").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert!(!err.to_string().contains("not-the-password"), "{err}");
    assert!(err.to_string().contains("refused the credentials"), "{err}");

    let mut vars = cloud.os_vars();
    for (k, v) in vars.iter_mut() {
        if *k == "OS_REGION_NAME" {
            *v = "Atlantis".into();
        }
    }
    let storage = storage_from(&cloud, &vars).await;
    let first = storage.list_containers().try_next().await;
    let err = first.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(
        err.message()
            .contains("the catalog of region Atlantis has no object-store service"),
        "{err}"
    );
    let session = OpenStackFactory
        .connect(&cloud.config_from(&cloud.os_vars()))
        .await
        .unwrap();
    assert_eq!(
        session.compute().unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}
