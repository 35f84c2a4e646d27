//! Connected with nothing but the metadata server to go on (no project named, tokens
//! from the metadata server): the driver's project is the one that server names, asked
//! once; a named project means the server is never asked.

use std::sync::Arc;

use cloud_core::ProviderConfig;
use cloud_core::env::MapEnv;
use cloud_gcs::GcsStorage;
use cloud_test::google_metadata;
use wiremock::MockServer;

/// A configuration with an endpoint override that still wants credentials, an empty
/// home, and the metadata server at `metadata`.
fn config(metadata: &MockServer, home: &std::path::Path) -> ProviderConfig {
    let mut env = MapEnv::default();
    env.set("HOME", home.to_str().unwrap());
    env.set("GCE_METADATA_HOST", metadata.address().to_string());
    let mut config = ProviderConfig {
        endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
        env: Arc::new(env),
        ..Default::default()
    };
    config.options.insert("anonymous".into(), "false".into());
    config
}

#[tokio::test]
async fn the_project_comes_from_the_metadata_server_once() {
    let metadata = google_metadata::naming_project("instance-project").await;
    let home = tempfile::tempdir().unwrap();
    let storage = GcsStorage::connect(&config(&metadata, home.path()))
        .await
        .expect("connects");
    assert_eq!(storage.project(), Some("instance-project"));
    assert!(!storage.settings().anonymous);
}

#[tokio::test]
async fn a_named_project_is_used_without_asking() {
    let metadata = MockServer::start().await;
    let home = tempfile::tempdir().unwrap();
    let mut config = config(&metadata, home.path());
    config
        .options
        .insert("project".into(), "named-project".into());
    let storage = GcsStorage::connect(&config).await.expect("connects");
    assert_eq!(storage.project(), Some("named-project"));
    assert!(metadata.received_requests().await.unwrap().is_empty());
}
