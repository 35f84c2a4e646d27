//! Connected through the factory with nothing but the metadata server to go on (no
//! project option, no credentials file): the project is the one the metadata server
//! names; refused or unreachable, the driver still connects and its first call says how
//! to name a project.

mod common;

use std::sync::Arc;

use cloud_core::ErrorKind;
use cloud_core::ProviderConfig;
use cloud_core::compute::Compute;
use cloud_core::driver::DriverFactory;
use cloud_core::env::MapEnv;
use cloud_gce::{GceCompute, GceFactory};
use cloud_test::google_metadata;
use cloud_test::replay::Replay;
use futures::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The replay's configuration with no project and no credentials, and only `vars` (and
/// an empty home) in the environment.
fn bare_config(replay: &Replay, home: &std::path::Path, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut config = common::config(replay);
    config.options.remove("project");
    config.credentials.clear();
    let mut env = MapEnv::default();
    env.set("HOME", home.to_str().unwrap());
    for (k, v) in vars {
        env.set(*k, *v);
    }
    config.env = Arc::new(env);
    config
}

async fn connect(config: &ProviderConfig) -> Arc<dyn Compute> {
    GceFactory
        .connect(config)
        .await
        .expect("connects")
        .compute()
        .expect("has compute")
}

fn project_of(compute: &Arc<dyn Compute>) -> String {
    compute
        .as_any()
        .downcast_ref::<GceCompute>()
        .expect("a GCE driver")
        .project()
        .to_string()
}

#[tokio::test]
async fn the_project_comes_from_the_metadata_server() {
    let replay = Replay::empty().await;
    let metadata = google_metadata::naming_project("instance-project\n").await;
    let home = tempfile::tempdir().unwrap();
    let host = metadata.address().to_string();
    let config = bare_config(&replay, home.path(), &[("GCE_METADATA_HOST", &host)]);
    let compute = connect(&config).await;
    assert_eq!(project_of(&compute), "instance-project");
}

#[tokio::test]
async fn a_metadata_server_refused_or_lying_leaves_no_project_and_the_first_call_says_so() {
    let replay = Replay::empty().await;
    let home = tempfile::tempdir().unwrap();
    // No GCE_METADATA_HOST: metadata.google.internal, refused under the loopback guard.
    let compute = connect(&bare_config(&replay, home.path(), &[])).await;
    assert_eq!(project_of(&compute), "");
    let err = compute.list_nodes().next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
    assert!(err.message().contains("GOOGLE_CLOUD_PROJECT"), "{err}");

    // A stand-in without Metadata-Flavor, or with a malformed id, is not believed.
    for answer in [
        ResponseTemplate::new(200).set_body_string("impostor-project"),
        ResponseTemplate::new(200)
            .insert_header("metadata-flavor", "Google")
            .set_body_string("<html>not a project</html>"),
    ] {
        let metadata = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(google_metadata::PROJECT_PATH))
            .respond_with(answer)
            .mount(&metadata)
            .await;
        let host = metadata.address().to_string();
        let config = bare_config(&replay, home.path(), &[("GCE_METADATA_HOST", &host)]);
        let compute = connect(&config).await;
        assert_eq!(project_of(&compute), "");
        assert_eq!(metadata.received_requests().await.unwrap().len(), 1);
    }
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}

#[tokio::test]
async fn a_named_project_is_used_without_asking_the_metadata_server() {
    let replay = Replay::empty().await;
    let metadata = MockServer::start().await;
    let home = tempfile::tempdir().unwrap();
    let host = metadata.address().to_string();
    let mut config = bare_config(&replay, home.path(), &[("GCE_METADATA_HOST", &host)]);
    config
        .options
        .insert("project".into(), "named-project".into());
    let compute = connect(&config).await;
    assert_eq!(project_of(&compute), "named-project");
    assert!(metadata.received_requests().await.unwrap().is_empty());
}
