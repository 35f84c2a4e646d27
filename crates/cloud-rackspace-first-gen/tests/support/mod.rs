//! The v1.0 login on a fixture replay server: `fixtures/rackspace_first_gen/
//! auth-v1.0.template.json` names the Cloud Servers endpoint as `{{base_url}}`, filled
//! with the replay server's address when the login is mounted, so the session's calls
//! come back to the same server.

use cloud_core::{ProviderConfig, Secret};
use cloud_test::replay::{Replay, fixtures_dir};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

/// The user name the fixtures expect.
pub const USER: &str = "libcloud-test";

/// The login template with `{{base_url}}` filled in for `replay`.
fn template(replay: &Replay) -> Value {
    let file = fixtures_dir()
        .join("rackspace_first_gen")
        .join("auth-v1.0.template.json");
    let base = replay.uri().as_str().trim_end_matches('/').to_string();
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
        .replace("{{base_url}}", &base);
    serde_json::from_str(&text).expect("the login template is JSON")
}

/// Mounts one login per token, in order: the n-th login answers the n-th token, and
/// each is expected exactly once (checked when the replay server is dropped).
pub async fn mount_logins(replay: &Replay, tokens: &[&str]) {
    let answer = template(replay);
    let request = &answer["request"];
    for (n, token) in tokens.iter().enumerate() {
        let mut response =
            ResponseTemplate::new(answer["response"]["status"].as_u64().unwrap_or(204) as u16);
        for (name, value) in answer["response"]["headers"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let value = if name == "x-auth-token" {
                token
            } else {
                value.as_str().unwrap_or_default()
            };
            response = response.insert_header(name.as_str(), value);
        }
        Mock::given(method(request["method"].as_str().unwrap_or("GET")))
            .and(path(request["path"].as_str().unwrap_or("/v1.0")))
            .and(header(
                "x-auth-user",
                request["headers"]["x-auth-user"].as_str().unwrap_or(USER),
            ))
            .and(header(
                "x-auth-key",
                request["headers"]["x-auth-key"].as_str().unwrap_or(""),
            ))
            .respond_with(response)
            .up_to_n_times(1)
            .expect(1)
            .named(format!("v1.0 login {}", n + 1))
            .mount(replay.server())
            .await;
    }
}

/// A configuration for `replay` (the authentication endpoint) with the fixtures'
/// credentials and `format`.
pub fn config(replay: &Replay, format: &str) -> ProviderConfig {
    let mut config = replay.config();
    config
        .credentials
        .insert("username".into(), Secret::new(USER));
    config
        .credentials
        .insert("api_key".into(), Secret::new("[scrubbed]"));
    config.options.insert("format".into(), format.into());
    config
}
