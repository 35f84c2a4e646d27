//! Shared by the integration tests: the throwaway test key, configurations pointing at a
//! local stand-in, a token endpoint stand-in that numbers its tokens, and JWT checks.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloud_core::{MapEnv, ProviderConfig, Secret};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use serde_json::Value;
use url::Url;
use wiremock::{Request, Respond, ResponseTemplate};

/// The scopes the tests ask for.
pub const SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/cloud-platform",
    "https://www.googleapis.com/auth/devstorage.read_write",
];

/// The test key's account.
pub const CLIENT_EMAIL: &str = "libcloud-test@libcloud-test-project.iam.gserviceaccount.com";
/// The test key's id.
pub const KEY_ID: &str = "0123456789abcdef0123456789abcdef01234567";
/// The test key's project.
pub const KEY_PROJECT: &str = "libcloud-test-project";

/// `fixtures/google/<name>`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/google")
        .join(name)
}

/// The throwaway service-account key file's text.
pub fn key_json() -> String {
    std::fs::read_to_string(fixture_path("test-service-account.json")).unwrap()
}

/// The private key PEM inside the key file, to check it never leaks.
pub fn private_key_pem() -> String {
    let doc: Value = serde_json::from_str(&key_json()).unwrap();
    doc["private_key"].as_str().unwrap().to_string()
}

/// The base64 body of the private key, one line of it: enough to spot a leak.
pub fn private_key_fragment() -> String {
    private_key_pem().lines().nth(3).unwrap().to_string()
}

/// Verifies an RS256 signature of `message` with the test key's public half.
pub fn verify(message: &[u8], signature: &[u8]) -> bool {
    let der = std::fs::read(fixture_path("test-service-account.pub.der")).unwrap();
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
        .verify(message, signature)
        .is_ok()
}

/// A configuration for tests against `server` (loopback guard on, empty environment)
/// with the environment variables `vars`.
pub fn config(server: &Url, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut config = cloud_test::guard::test_config(server);
    let mut env = MapEnv::default();
    for (k, v) in vars {
        env.set(*k, *v);
    }
    config.env = Arc::new(env);
    config
}

/// `config` with the test key given inline and the token endpoint at `server/token`.
pub fn key_config(server: &Url) -> ProviderConfig {
    let mut config = config(server, &[]);
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(key_json()));
    config.options.insert("token_uri".into(), token_uri(server));
    config
}

/// The stand-in's token URL.
pub fn token_uri(server: &Url) -> String {
    server.join("/token").unwrap().to_string()
}

/// Answers every token request with `tok-1`, `tok-2`, … valid for `expires_in`.
pub struct NumberedTokens {
    pub count: Arc<AtomicUsize>,
    pub expires_in: u64,
    pub delay: std::time::Duration,
}

impl NumberedTokens {
    /// A responder and the counter of requests it answered.
    pub fn new(expires_in: u64) -> (Self, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        (
            NumberedTokens {
                count: count.clone(),
                expires_in,
                delay: std::time::Duration::ZERO,
            },
            count,
        )
    }

    /// The same responder, answering after `delay`.
    pub fn delay(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl Respond for NumberedTokens {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({
                "access_token": format!("tok-{n}"),
                "expires_in": self.expires_in,
                "token_type": "Bearer",
            }))
            .set_delay(self.delay)
    }
}

/// The form fields of a request body.
pub fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

/// The value of form field `name`.
pub fn field(request: &Request, name: &str) -> Option<String> {
    form(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A JWT split and decoded.
pub struct Jwt {
    pub header: Value,
    pub claims: Value,
    pub signing_input: String,
    pub signature: Vec<u8>,
}

/// Decodes a compact JWT; panics on a malformed one.
pub fn decode_jwt(jwt: &str) -> Jwt {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    let json = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    };
    Jwt {
        header: json(parts[0]),
        claims: json(parts[1]),
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature: URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
    }
}
