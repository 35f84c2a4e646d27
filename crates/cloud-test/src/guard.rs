//! The loopback guard: tests talk to 127.0.0.1 and nothing else.
//!
//! Every driver test builds its configuration with [`test_config`], which points the
//! driver at a local endpoint and turns on the pipeline's loopback-only mode, so a bug
//! that builds a request for a real provider host fails instead of reaching the network.

use std::sync::Arc;
use std::time::Duration;

use cloud_core::ProviderConfig;
use cloud_core::env::MapEnv;
use cloud_core::http::{HttpConfig, RetryPolicy, is_loopback_host, redact_url};
use url::Url;

/// Time allowed to open a connection in tests.
pub const TEST_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Time allowed for one request attempt (and for a pause in a streamed body) in tests.
pub const TEST_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Panics, naming the URL (credentials in it redacted), unless it points at a loopback
/// address (`127.0.0.0/8`, `::1` or `localhost`).
#[track_caller]
pub fn assert_loopback(url: &Url) {
    assert!(
        is_loopback_host(url),
        "test tried to reach {}, which is not a loopback address; tests may only talk to \
         127.0.0.0/8, ::1 or localhost",
        redact_url(url)
    );
}

/// The endpoint in the variable `var`, checked to be a loopback URL. `None`, after
/// printing a skip line naming `set_by` (the command that sets the variable), when it
/// is unset or empty; a value that is not a URL panics, naming the variable.
#[track_caller]
pub fn endpoint_from_env(var: &str, set_by: &str) -> Option<Url> {
    let raw = match std::env::var(var) {
        Ok(raw) if !raw.is_empty() => raw,
        _ => {
            println!("skipped: {var} not set ({set_by} sets it)");
            return None;
        }
    };
    let url = Url::parse(&raw).unwrap_or_else(|e| panic!("{var}={raw:?} is not a URL: {e}"));
    assert_loopback(&url);
    Some(url)
}

/// The endpoint of an emulator `cargo xtask test` started, from its variable
/// (`LIBCLOUD_TEST_MOTO_ENDPOINT`, `LIBCLOUD_TEST_S3S_ENDPOINT`); see
/// [`endpoint_from_env`].
#[track_caller]
pub fn emulator_endpoint(var: &str) -> Option<Url> {
    endpoint_from_env(var, "cargo xtask test")
}

/// moto's endpoint, when `cargo xtask test` started it (see [`emulator_endpoint`]).
#[track_caller]
pub fn moto_endpoint() -> Option<Url> {
    emulator_endpoint("LIBCLOUD_TEST_MOTO_ENDPOINT")
}

/// The retry policy tests use: three attempts, short pauses, a five second budget.
pub fn test_retry_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(200),
        budget: Duration::from_secs(5),
    }
}

/// A driver configuration for tests against a local server at `endpoint`.
///
/// Panics when `endpoint` is not a loopback address. The configuration sets the
/// endpoint, turns on `http.loopback_only` (the pipeline then refuses every other host),
/// uses short timeouts and [`test_retry_policy`], and reads environment variables from an
/// empty [`MapEnv`], so credentials in the developer's environment never leak into a
/// test. Put the credentials a test needs in `credentials`.
#[track_caller]
pub fn test_config(endpoint: &Url) -> ProviderConfig {
    assert_loopback(endpoint);
    ProviderConfig {
        endpoint: Some(endpoint.clone()),
        http: HttpConfig {
            connect_timeout: TEST_CONNECT_TIMEOUT,
            request_timeout: TEST_REQUEST_TIMEOUT,
            read_timeout: TEST_REQUEST_TIMEOUT,
            retry: test_retry_policy(),
            loopback_only: true,
            ..HttpConfig::default()
        },
        env: Arc::new(MapEnv::default()),
        ..ProviderConfig::default()
    }
}
