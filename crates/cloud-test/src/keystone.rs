//! Identity logins on a fixture [`Replay`] server, for the OpenStack family's replay
//! tests (library and command line alike): Keystone v3 ([`mount_login`]) and the
//! identity API v2.0 Rackspace speaks ([`mount_v2_login`]).
//!
//! The answers are templates (`fixtures/openstack/keystone-token.template.json`,
//! `fixtures/rackspace/identity-token.template.json`) whose catalogs name
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

/// The template `fixtures/<provider>/<file>` with `{{base_url}}` filled in.
fn template(replay: &Replay, provider: &str, file: &str) -> Value {
    let file = fixtures_dir().join(provider).join(file);
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
        .replace("{{base_url}}", &base(replay));
    serde_json::from_str(&text).expect("the template is JSON")
}

/// Keystone's answer with the catalog pointing at `replay`, leaving out the services
/// of `without` (catalog types).
pub fn login_answer(replay: &Replay, without: &[&str]) -> Value {
    let mut answer = template(replay, "openstack", "keystone-token.template.json");
    if let Some(catalog) = answer["token"]["catalog"].as_array_mut() {
        catalog.retain(|s| !without.iter().any(|t| s["type"] == *t));
    }
    answer
}

/// The token Rackspace's fixtures expect in `X-Auth-Token`.
pub const RACKSPACE_TOKEN: &str = "fixture-rackspace-token-not-a-secret";

/// Mounts `POST /v2.0/tokens` answering an API-key login with Rackspace's catalog
/// pointing at `replay`, expected `logins` times.
pub async fn mount_v2_login(replay: &Replay, logins: u64) {
    Mock::given(method("POST"))
        .and(path("/v2.0/tokens"))
        .and(body_partial_json(serde_json::json!({
            "auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "libcloud-test"}}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(template(
            replay,
            "rackspace",
            "identity-token.template.json",
        )))
        .expect(logins)
        .named("identity v2.0 login")
        .mount(replay.server())
        .await;
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
