//! What the compute replay tests share: the Keystone login (its answer is
//! `fixtures/openstack/keystone-token.template.json`, whose catalog names
//! `{{base_url}}`, filled with the replay server's address when the login is mounted),
//! and a session configured from `OS_*` variables pointing at the replay server.

#![allow(dead_code)]

use std::sync::Arc;

use cloud_core::compute::Compute;
use cloud_core::{DriverFactory, MapEnv, ProviderConfig};
use cloud_openstack::OpenStackFactory;
use cloud_test::replay::{Replay, fixtures_dir};
use serde_json::Value;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

/// The token the fixtures expect in `X-Auth-Token`.
pub const TOKEN: &str = "gAAAAABfixture-token-not-a-secret";

/// The project of the login, in Cinder's URLs.
pub const PROJECT: &str = "8a1b2c3d4e5f40718293a4b5c6d7e8f9";

/// The replay server's base URL, without the trailing `/`.
pub fn base(replay: &Replay) -> String {
    replay.uri().as_str().trim_end_matches('/').to_string()
}

/// Keystone's answer with the catalog pointing at `replay`, leaving out the services
/// of `without` (catalog types).
pub fn login_answer(replay: &Replay, without: &[&str]) -> Value {
    let file = fixtures_dir()
        .join("openstack")
        .join("keystone-token.template.json");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
        .replace("{{base_url}}", &base(replay));
    let mut answer: Value = serde_json::from_str(&text).expect("the template is JSON");
    if let Some(catalog) = answer["token"]["catalog"].as_array_mut() {
        catalog.retain(|s| !without.iter().any(|t| s["type"] == *t));
    }
    answer
}

/// Mounts `POST /identity/v3/auth/tokens` (a password login of user `demo` in project
/// `demo`), expected `logins` times.
pub async fn mount_login(replay: &Replay, logins: u64, without: &[&str]) {
    Mock::given(method("POST"))
        .and(path("/identity/v3/auth/tokens"))
        .and(body_partial_json(serde_json::json!({
            "auth": {"identity": {"methods": ["password"],
                "password": {"user": {"name": "demo", "domain": {"name": "Default"}}}}}
        })))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-subject-token", TOKEN)
                .set_body_json(login_answer(replay, without)),
        )
        .expect(logins)
        .named("keystone login")
        .mount(replay.server())
        .await;
}

/// A configuration whose only source is the `OS_*` variables of the demo user, with
/// Keystone on the replay server and the test guard's HTTP settings.
pub fn config(replay: &Replay, extra: &[(&str, &str)]) -> ProviderConfig {
    let auth_url = replay.uri().join("identity/v3").expect("a URL");
    let mut env = MapEnv::default();
    for (k, v) in [
        ("OS_AUTH_URL", auth_url.as_str()),
        ("OS_USERNAME", "demo"),
        ("OS_PASSWORD", "fixture-password-never-shown"),
        ("OS_PROJECT_NAME", "demo"),
        ("OS_USER_DOMAIN_NAME", "Default"),
        ("OS_PROJECT_DOMAIN_NAME", "Default"),
        ("OS_REGION_NAME", "RegionOne"),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    {
        env.set(k, v);
    }
    ProviderConfig {
        http: cloud_test::guard::test_config(&auth_url).http,
        env: Arc::new(env),
        ..Default::default()
    }
}

/// The compute driver of a session connected through the factory, as the registry
/// would make it.
pub async fn compute(config: &ProviderConfig) -> Arc<dyn Compute> {
    let session = OpenStackFactory
        .connect(config)
        .await
        .expect("the factory connects");
    session.compute().expect("the session offers compute")
}

/// Replays `fixtures/openstack/<scenario>/` with the login mounted once.
pub async fn replay(scenario: &str) -> Replay {
    let replay = Replay::start("openstack", scenario).await;
    mount_login(&replay, 1, &[]).await;
    replay
}
