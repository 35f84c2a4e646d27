//! Error answers of Nova and Keystone onto typed errors, microversion fallback, and the
//! catalog: a missing compute service, Cinder under `block-storage`, endpoint
//! overrides. Nova answers from `fixtures/openstack/compute-errors/`,
//! `compute-unauthorized/`, `microversion/` and `microversion-discovery/`.

mod compute_support;

use std::time::Duration;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode};
use cloud_openstack::{OpenStackCompute, compute_model::Microversion};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const SERVER: &str = "9168b536-cd40-4630-b43f-b259807c6e87";
const IMAGE: &str = "70a599e0-31e7-49b7-b260-868f441e862b";

fn microversion(compute: &dyn Compute) -> Microversion {
    compute
        .as_any()
        .downcast_ref::<OpenStackCompute>()
        .expect("the OpenStack driver")
        .microversion()
}

/// Neither the password nor the token shows in an error.
fn no_secrets(err: &cloud_core::Error) {
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("fixture-password-never-shown"), "{text}");
        assert!(!text.contains(cloud_test::keystone::TOKEN), "{text}");
    }
}

#[tokio::test]
async fn nova_faults_become_typed_errors() {
    let replay = compute_support::replay("compute-errors").await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;

    let err = compute.get_node("4b6c2f1a-missing").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("itemNotFound"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("get_node"));
    assert_eq!(
        err.request_id(),
        Some("req-3a9c1f0e-5b7d-4c2a-9e8f-1d2c3b4a5e6f")
    );
    assert!(err.message().contains("could not be found"), "{err}");
    no_secrets(&err);

    let err = compute
        .create_node(&CreateNode::new("x", "1", "not-an-image"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.code(), Some("badRequest"));

    // overLimit with Retry-After: 0 is retried, and the list then succeeds.
    let sizes: Vec<_> = compute.list_sizes().try_collect().await.unwrap();
    assert_eq!(sizes.len(), 3);

    // A Retry-After longer than the retry budget comes back to the caller.
    let err = compute
        .create_node(&CreateNode::new("too-many", "1", IMAGE))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.code(), Some("overLimit"));
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));

    let err = compute.start_node(SERVER).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.code(), Some("conflictingRequest"));

    let err = compute.destroy_node(SERVER).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.code(), Some("forbidden"));
    no_secrets(&err);

    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_refused_token_logs_in_again_once_then_fails_clearly() {
    let replay = Replay::start("openstack", "compute-unauthorized").await;
    cloud_test::keystone::mount_login(&replay, 2, &[]).await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let err = compute.list_nodes().next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.status(), Some(401));
    no_secrets(&err);
    replay.assert_all_used().await;
    replay.server().verify().await;
}

#[tokio::test]
async fn a_wrong_password_is_one_clear_error() {
    let replay = Replay::empty().await;
    Mock::given(method("POST"))
        .and(path("/identity/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "code": 401, "title": "Unauthorized",
            "message": "The request you have made requires authentication."}})))
        .mount(replay.server())
        .await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let err = compute.get_node(SERVER).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    no_secrets(&err);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_catalog_without_compute_is_unsupported_at_the_first_call() {
    let replay = Replay::empty().await;
    cloud_test::keystone::mount_login(&replay, 1, &["compute"]).await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let err = compute.list_sizes().next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(
        err.message()
            .starts_with("the catalog of region RegionOne has no compute service"),
        "{err}"
    );
    assert_eq!(err.operation(), Some("list_sizes"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn cinder_is_found_under_block_storage_and_endpoints_can_be_overridden() {
    let replay = Replay::empty().await;
    cloud_test::keystone::mount_login(&replay, 1, &["volumev3"]).await;
    let volumes = format!(
        "/volume/v3/{}/volumes/detail",
        cloud_test::keystone::PROJECT
    );
    Mock::given(method("GET"))
        .and(path(volumes))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"volumes": [
            {"id": "v1", "name": "data", "size": 2, "status": "available", "attachments": []}]})))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere/v2.1/os-availability-zone"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"availabilityZoneInfo": [
            {"zoneName": "az-1", "zoneState": {"available": true}, "hosts": null}]})),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    let override_url = format!("{}/elsewhere/v2.1", cloud_test::keystone::base(&replay));
    let config = compute_support::config(
        &replay,
        &[("LIBCLOUD_OPENSTACK_COMPUTE_ENDPOINT", override_url.as_str())],
    );
    let compute = compute_support::compute(&config).await;
    let listed: Vec<_> = compute.list_volumes().try_collect().await.unwrap();
    assert_eq!(listed[0].size_gib, 2);
    let zones: Vec<_> = compute.list_locations().try_collect().await.unwrap();
    assert_eq!(zones[0].id, "az-1");
    replay.assert_all_used().await;
    replay.server().verify().await;
}

#[tokio::test]
async fn a_refused_microversion_steps_down_to_the_maximum_the_refusal_names() {
    let replay = compute_support::replay("microversion").await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    assert_eq!(microversion(&*compute).to_string(), "2.79");
    let sizes: Vec<_> = compute.list_sizes().try_collect().await.unwrap();
    assert_eq!(sizes.len(), 3);
    assert_eq!(microversion(&*compute).to_string(), "2.60");
    let node = compute
        .create_node(&CreateNode::new("web-1", "1", IMAGE))
        .await
        .unwrap();
    assert_eq!(node.id, SERVER);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn without_a_maximum_the_version_document_decides() {
    let replay = compute_support::replay("microversion-discovery").await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let node = compute.get_node(SERVER).await.unwrap();
    assert_eq!(
        node.size.as_deref(),
        Some("2"),
        "before 2.47 the flavor has its id"
    );
    assert_eq!(microversion(&*compute).to_string(), "2.25");
    compute
        .create_node(&CreateNode::new("web-1", "1", IMAGE))
        .await
        .unwrap();
    // Before 2.37 `networks: "auto"` cannot be said: the create leaves it out.
    let requests = replay
        .server()
        .received_requests()
        .await
        .unwrap_or_default();
    let create = requests
        .iter()
        .rfind(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/servers"))
        .expect("a create was sent");
    let body: Value = serde_json::from_slice(&create.body).unwrap();
    assert!(body["server"].get("networks").is_none(), "{body}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_hard_reboot_asks_nova_for_a_power_cycle() {
    let replay = Replay::empty().await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    Mock::given(method("POST"))
        .and(path(format!("/compute/v2.1/servers/{SERVER}/action")))
        .and(wiremock::matchers::body_json(
            json!({"reboot": {"type": "HARD"}}),
        ))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .named("hard reboot")
        .mount(replay.server())
        .await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let nova = compute
        .as_any()
        .downcast_ref::<OpenStackCompute>()
        .expect("the OpenStack driver");
    nova.reboot(SERVER, true).await.unwrap();
    replay.server().verify().await;
}
