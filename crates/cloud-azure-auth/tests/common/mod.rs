//! Shared by the integration tests: configurations pointing at a local Azure AD
//! stand-in, a token endpoint stand-in that numbers its tokens, the throwaway test
//! certificate, and form and JWT decoding.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloud_azure_auth::{AzureAuth, AzureContext};
use cloud_core::{FixedClock, MapEnv, ProviderConfig, Secret};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use serde_json::Value;
use url::Url;
use wiremock::{Request, Respond, ResponseTemplate};

/// The scope the tests ask for.
pub const SCOPE: &str = "https://management.azure.com/.default";
/// The tenant the tests use.
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/// The application the tests use.
pub const CLIENT_ID: &str = "00000000-1111-2222-3333-444444444444";
/// The client secret the tests use; it must never show in an error or a log.
pub const CLIENT_SECRET: &str = "cs~very-secret-value-0123";
/// The token endpoint path under the stand-in.
pub const TOKEN_PATH: &str = "/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";

/// `fixtures/azure-auth/<name>`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/azure-auth")
        .join(name)
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

/// `config` with the authority at `server` and the tenant and client ids given as
/// credentials.
pub fn principal_config(server: &Url) -> ProviderConfig {
    let mut config = config(server, &[]);
    config
        .options
        .insert("authority_host".into(), server.to_string());
    config
        .credentials
        .insert("tenant_id".into(), Secret::new(TENANT));
    config
        .credentials
        .insert("client_id".into(), Secret::new(CLIENT_ID));
    config
}

/// `principal_config` with the test client secret.
pub fn secret_config(server: &Url) -> ProviderConfig {
    let mut config = principal_config(server);
    config
        .credentials
        .insert("client_secret".into(), Secret::new(CLIENT_SECRET));
    config
}

/// The fields of a form body.
pub fn form_fields(body: &[u8]) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// A fixed instant the tests start at.
pub const NOW: u64 = 1_700_000_000;

/// The SHA-1 thumbprint of the test certificate, as `openssl x509 -fingerprint -sha1`
/// printed it when the certificate was made (see `fixtures/azure-auth/README.md`).
pub const CERT_SHA1_HEX: &str = "577C35F457F3816785BEBCBE2E22A853903D1D32";

/// The test certificate file (private key and certificate).
pub fn certificate_path() -> PathBuf {
    fixture_path("test-client-certificate.pem")
}

/// One line of the test private key's base64: enough to spot a leak.
pub fn private_key_fragment() -> String {
    let pem = std::fs::read_to_string(certificate_path()).unwrap();
    pem.lines().nth(3).unwrap().to_string()
}

/// Verifies an RS256 signature of `message` with the test certificate's public key.
pub fn verify(message: &[u8], signature: &[u8]) -> bool {
    let der = std::fs::read(fixture_path("test-client-certificate.pub.der")).unwrap();
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
        .verify(message, signature)
        .is_ok()
}

/// A decoded compact JWT.
pub struct Jwt {
    pub header: Value,
    pub claims: Value,
    pub signing_input: String,
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWT.
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

/// The credentials of `config` read with a clock stopped at [`NOW`].
pub fn fixed_auth(config: &ProviderConfig, clock: &Arc<FixedClock>) -> AzureAuth {
    let ctx = AzureContext::from_config(config).with_clock(clock.clone());
    AzureAuth::from_context("azure", config, &ctx, SCOPE).unwrap()
}

/// A clock stopped at [`NOW`].
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at_unix(NOW))
}

/// Answers each request with token `tok-N` (N counting from 1), valid for `expires_in`
/// seconds, and keeps the count.
#[derive(Clone)]
pub struct NumberedTokens {
    pub count: Arc<AtomicUsize>,
    pub expires_in: u64,
    pub delay: std::time::Duration,
}

impl NumberedTokens {
    /// Tokens valid for `expires_in` seconds.
    pub fn new(expires_in: u64) -> Self {
        NumberedTokens {
            count: Arc::new(AtomicUsize::new(0)),
            expires_in,
            delay: std::time::Duration::ZERO,
        }
    }

    /// The same tokens, each answer held back by `delay`.
    pub fn delay(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }

    /// How many tokens were handed out.
    pub fn issued(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Respond for NumberedTokens {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({
                "token_type": "Bearer",
                "expires_in": self.expires_in,
                "ext_expires_in": self.expires_in,
                "access_token": format!("tok-{n}"),
            }))
            .set_delay(self.delay)
    }
}
