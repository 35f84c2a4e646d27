//! Cloud Files' CDN on fixtures written from Rackspace's API documentation
//! (`fixtures/rackspace/cdn/`), through the factory: an API-key login, the
//! `cloudFilesCDN` service found by name, a container published with a TTL, its
//! addresses and an object's, unpublished, and the errors of a container never
//! published and a TTL out of range.

use std::sync::Arc;
use std::time::Duration;

use cloud_core::storage::{CdnUrlKind, ObjectStorage, StorageFeature};
use cloud_core::{DriverFactory, ErrorKind, MapEnv, ProviderConfig};
use cloud_rackspace::RackspaceFactory;
use cloud_test::replay::Replay;

const API_KEY: &str = "fixture-api-key-never-shown";

async fn storage(replay: &Replay) -> Arc<dyn ObjectStorage> {
    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", "libcloud-test");
    env.set("RACKSPACE_API_KEY", API_KEY);
    let endpoint = replay.uri();
    let config = ProviderConfig {
        region: Some("DFW".into()),
        endpoint: Some(endpoint.clone()),
        http: cloud_test::guard::test_config(&endpoint).http,
        env: Arc::new(env),
        ..Default::default()
    };
    let session = RackspaceFactory.connect(&config).await.expect("connects");
    session.storage().expect("storage")
}

#[tokio::test]
async fn a_container_is_published_described_and_unpublished() {
    let replay = Replay::start("rackspace", "cdn").await;
    cloud_test::keystone::mount_v2_login(&replay, 1).await;
    let files = storage(&replay).await;
    assert_eq!(files.provider_id(), "rackspace");
    assert!(files.capabilities().supports(StorageFeature::Cdn));

    let err = files.cdn_container("photos").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("never published"), "{err}");
    assert_eq!(err.provider(), Some("rackspace"));

    let published = files
        .enable_cdn("photos", Some(Duration::from_secs(86_400)))
        .await
        .unwrap();
    assert!(published.enabled);
    assert_eq!(published.ttl_secs, Some(86_400));
    let https = published
        .object_url("2026/a b.jpg", CdnUrlKind::Https)
        .unwrap();
    assert_eq!(
        https.as_str(),
        "https://83c49b9a2f7ad18250b3-346eb45fd42c58ca13011d659bfc1ac1.ssl.cf0.rackcdn.com/2026/a%20b.jpg"
    );
    assert!(published.streaming.is_some() && published.ios.is_some());

    files.disable_cdn("photos").await.unwrap();
    let after = files.cdn_container("photos").await.unwrap();
    assert!(!after.enabled);
    assert!(after.object_url("x", CdnUrlKind::Http).is_err());
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_ttl_out_of_range_is_refused_before_the_cdn_is_asked() {
    let replay = Replay::empty().await;
    cloud_test::keystone::mount_v2_login(&replay, 1).await;
    let files = storage(&replay).await;
    let err = files
        .enable_cdn("photos", Some(Duration::from_secs(60)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("900"), "{err}");
    let history = replay.history();
    assert!(
        history.iter().all(|h| h.starts_with("POST /v2.0/tokens")),
        "{history:?}"
    );
}
