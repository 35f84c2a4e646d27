//! A Keystone v3 login on a fixture [`Replay`] server, for the OpenStack-based drivers'
//! replay tests (library and command line alike).
//!
//! The answer is `fixtures/openstack/keystone-token.template.json`, whose catalog names
//! `{{base_url}}`: it is filled with the replay server's address when the login is
//! mounted, so every service of the catalog points back at the same replay server.

use serde_json::Value;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::replay::{Replay, fixtures_dir};

/// The token the fixtures expect in `X-Auth-Token`.
pub const TOKEN: &str = "gAAAAABfixture-token-not-a-secret";

/// The project of the login, in Cinder's URLs.
pub const PROJECT: &str = "8a1b2c3d4e5f40718293a4b5c6d7e8f9";

/// Where the login is mounted: the identity endpoint is `<replay>/identity`.
pub const TOKENS_PATH: &str = "/identity/v3/auth/tokens";

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

/// Mounts [`TOKENS_PATH`] answering a password login of user `demo` (domain `Default`),
/// expected `logins` times.
pub async fn mount_login(replay: &Replay, logins: u64, without: &[&str]) {
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
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
