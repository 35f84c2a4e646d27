//! Shared set-up of the replay tests.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenCache, TokenSource};
use cloud_core::{ProviderConfig, Result, Secret};
use cloud_gce::GceCompute;
use cloud_test::replay::Replay;

/// The access token the fixtures expect; it must never show up in an error.
pub const TOKEN: &str = "ya29.fixture-token";

/// The project of every fixture.
pub const PROJECT: &str = "demo-project";

/// Replays `fixtures/gce/{scenario}/`, found from this crate's own folder.
pub async fn replay(scenario: &str) -> Replay {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/gce")
        .join(scenario);
    Replay::start_dir(dir).await
}

/// The replay's configuration: an explicit access token, the project, the zone
/// `us-central1-a`, only `debian-cloud` as public image project, and operations polled
/// every 10 ms for at most 5 s.
pub fn config(replay: &Replay) -> ProviderConfig {
    let mut config = replay.config();
    config
        .credentials
        .insert("access_token".into(), Secret::new(TOKEN));
    for (name, value) in [
        ("project", PROJECT),
        ("zone", "us-central1-a"),
        ("image_projects", "debian-cloud"),
        ("operation_poll_interval", "0.01"),
        ("operation_timeout", "5"),
    ] {
        config.options.insert(name.into(), value.into());
    }
    config
}

/// A driver talking to the replay with the explicit token.
pub fn driver(replay: &Replay) -> GceCompute {
    GceCompute::new(&config(replay)).expect("driver builds from the replay's config")
}

/// Hands out `token-1`, `token-2`, … and counts how many it gave.
#[derive(Debug, Default)]
pub struct CountingTokens(pub AtomicUsize);

impl CountingTokens {
    /// Tokens fetched so far.
    pub fn fetched(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl TokenSource for CountingTokens {
    async fn fetch(&self) -> Result<AccessToken> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(AccessToken::non_expiring(Secret::new(format!("token-{n}"))))
    }
}

/// A driver signing with tokens from a [`CountingTokens`].
pub fn counting_driver(replay: &Replay) -> (GceCompute, Arc<CountingTokens>) {
    let tokens = Arc::new(CountingTokens::default());
    let driver =
        GceCompute::with_token_cache(&config(replay), TokenCache::new(tokens.clone()), PROJECT)
            .expect("driver builds");
    (driver, tokens)
}

/// Panics when the error's text or debug form holds the token.
pub fn assert_no_token(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(TOKEN), "{err}");
    assert!(!format!("{err:?}").contains(TOKEN), "{err:?}");
}
