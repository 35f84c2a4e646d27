//! Live tests against a real Keystone v3 and Swift (`cargo xtask test` starts them: the
//! `openstack` service): logging in from `OS_*` variables or `clouds.yaml` alone, the
//! storage conformance suite, listings past a page, and one clear error for a wrong
//! password, an unknown region and a service the catalog lacks.

mod common;

use bytes::Bytes;
use cloud_core::storage::{ListObjects, ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest};
use cloud_core::{DriverFactory, ErrorKind, Secret};
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
    let swift = storage
        .as_any()
        .downcast_ref::<SwiftStorage>()
        .expect("Swift");
    swift
        .set_temp_url_key(&Secret::new("conformance-temp-url-key"))
        .await
        .unwrap();
    let plan = StoragePlan {
        container: unique("conformance"),
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    run(storage.as_ref(), &plan).await;
}

#[tokio::test]
async fn temp_urls_work_with_curl_and_are_refused_once_expired() {
    let Some(cloud) = common::cloud() else { return };
    let storage = storage_from(&cloud, &cloud.os_vars()).await;
    let swift = storage
        .as_any()
        .downcast_ref::<SwiftStorage>()
        .expect("Swift");
    swift
        .set_temp_url_key(&Secret::new("temp-url-key-2"))
        .await
        .unwrap();
    let container = unique("tempurl");
    storage.create_container(&container).await.unwrap();
    let body = Bytes::from_static(b"reached through a temporary URL\n");
    let stream = Box::pin(futures::stream::once(async move { Ok(body) }));
    storage
        .put_object(&container, "a file.txt", stream, &PutOptions::default())
        .await
        .unwrap();
    let request = |secs: u64| SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: std::time::Duration::from_secs(secs),
    };
    let curl = |url: &url::Url| {
        let out = std::process::Command::new("curl")
            .args(["-s", "-o", "-", "-w", "\n%{http_code}", url.as_str()])
            .output()
            .expect("curl runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let url = storage
        .signed_url(&container, "a file.txt", &request(300))
        .await
        .unwrap()
        .url;
    assert!(url.query().unwrap().contains("temp_url_sig="), "{url}");
    assert_eq!(curl(&url), "reached through a temporary URL\n\n200");
    let short = storage
        .signed_url(&container, "a file.txt", &request(1))
        .await
        .unwrap()
        .url;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(curl(&short).ends_with("\n401"), "an expired URL is refused");
    storage
        .delete_object(&container, "a file.txt")
        .await
        .unwrap();
    storage.delete_container(&container).await.unwrap();
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
    // The test cloud has Swift but no Nova: the first compute call says so.
    let compute = session.compute().unwrap();
    let err = compute.list_nodes().try_next().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(
        err.message().contains(&format!(
            "the catalog of region {} has no compute service",
            cloud.region
        )),
        "{err}"
    );
}
