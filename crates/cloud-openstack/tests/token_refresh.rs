//! The session logs in once, uses the token until a service refuses it, then logs in
//! again exactly once and repeats the refused request; all against a local mock of
//! Keystone and Swift (wiremock), so the counts are exact.

use std::sync::Arc;

use cloud_core::{DriverFactory, MapEnv, ProviderConfig};
use cloud_openstack::OpenStackFactory;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn login_answer(server: &MockServer, token: &str) -> ResponseTemplate {
    let body = serde_json::json!({"token": {
        "expires_at": "2099-01-01T00:00:00.000000Z",
        "project": {"id": "p1"},
        "catalog": [{"type": "object-store", "name": "swift", "endpoints": [
            {"interface": "public", "region_id": "RegionOne",
             "url": format!("{}/v1/AUTH_p1", server.uri())}]}]}});
    ResponseTemplate::new(201)
        .insert_header("x-subject-token", token)
        .set_body_json(body)
}

#[tokio::test]
async fn a_refused_token_is_replaced_once_and_the_request_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(login_answer(&server, "token-1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(login_answer(&server, "token-2"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/v1/AUTH_p1/photos"))
        .and(wiremock::matchers::header("x-auth-token", "token-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/v1/AUTH_p1/photos"))
        .and(wiremock::matchers::header("x-auth-token", "token-2"))
        .respond_with(
            ResponseTemplate::new(204)
                .insert_header("x-container-object-count", "3")
                .insert_header("x-container-bytes-used", "42"),
        )
        .expect(2)
        .mount(&server)
        .await;

    let url = url::Url::parse(&format!("{}/v3", server.uri())).unwrap();
    let mut env = MapEnv::default();
    for (k, v) in [
        ("OS_AUTH_URL", url.as_str()),
        ("OS_USERNAME", "demo"),
        ("OS_PASSWORD", "pw-never-shown"),
        ("OS_PROJECT_NAME", "demo"),
        ("OS_REGION_NAME", "RegionOne"),
    ] {
        env.set(k, v);
    }
    let base = cloud_test::guard::test_config(&url);
    let config = ProviderConfig {
        http: base.http,
        env: Arc::new(env),
        ..Default::default()
    };
    let session = OpenStackFactory.connect(&config).await.unwrap();
    let storage = session.storage().unwrap();
    let container = storage.get_container("photos").await.unwrap();
    assert_eq!(container.extra["object_count"], 3);
    // The second call uses the new token: no third login.
    storage.get_container("photos").await.unwrap();
    assert!(!format!("{storage:?}").contains("pw-never-shown"));
}
