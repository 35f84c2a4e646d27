//! Shared set-up of the replay and live tests.

#![allow(dead_code)]

use std::time::Duration;

use cloud_core::operation::WaitOptions;
use cloud_core::{ProviderConfig, Secret};
use cloud_route53::Route53Dns;
use cloud_test::conformance::dns::DnsPlan;
use url::Url;

/// The access key id every test signs with (moto takes any key).
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";

/// The placeholder secret key; it must never show up in an error.
pub const SECRET_KEY: &str = "test-secret-key-5e3a77c1d2";

/// The domain of the recorded conformance run.
pub const CONFORMANCE_DOMAIN: &str = "conformance.example";

/// A test configuration for `endpoint` with the test credentials.
pub fn config(endpoint: &Url) -> ProviderConfig {
    let mut config = cloud_test::guard::test_config(endpoint);
    config
        .credentials
        .insert("access_key_id".into(), Secret::new(ACCESS_KEY_ID));
    config
        .credentials
        .insert("secret_access_key".into(), Secret::new(SECRET_KEY));
    config
}

/// A driver for `config`.
pub fn driver(config: &ProviderConfig) -> Route53Dns {
    Route53Dns::new(config).expect("driver builds from the test configuration")
}

/// The conformance plan for `domain`, polling changes every 50 ms.
pub fn plan(domain: &str) -> DnsPlan {
    let mut plan = DnsPlan::new(domain);
    plan.missing_zone_id = "ZNOSUCHZONE0000000000".into();
    plan.wait = WaitOptions {
        poll_interval: Duration::from_millis(50),
        timeout: Duration::from_secs(30),
        jitter: 0.0,
    };
    plan
}

/// The moto endpoint of a live run, checked to be loopback; `None` (after printing the
/// skip line) when no emulator is running.
pub fn moto_endpoint() -> Option<Url> {
    cloud_test::guard::moto_endpoint()
}

/// A domain no other test (or earlier run) uses.
pub fn unique_domain(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}.example", &id[..12])
}

/// Panics unless neither the error's text nor its debug form holds the secret key.
pub fn assert_no_secret(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(SECRET_KEY), "{err}");
    assert!(!format!("{err:?}").contains(SECRET_KEY), "{err:?}");
}
