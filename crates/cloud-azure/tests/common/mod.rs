//! Shared set-up of the replay tests.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use cloud_azure::AzureCompute;
use cloud_core::auth::{AccessToken, TokenCache, TokenSource};
use cloud_core::{ProviderConfig, Result, Secret};
use cloud_test::replay::Replay;

/// The subscription of every fixture.
pub const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

/// Replays `fixtures/azure/arm/{scenario}/`, found from this crate's own folder.
pub async fn replay(scenario: &str) -> Replay {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/azure/arm")
        .join(scenario);
    Replay::start_dir(dir).await
}

/// The replay's configuration: the subscription, the resource group `demo-rg`, the
/// location `westeurope`, and operations polled every 10 ms for at most 5 s.
pub fn config(replay: &Replay) -> ProviderConfig {
    let mut config = replay.config();
    config.region = Some("westeurope".into());
    for (name, value) in [
        ("subscription_id", SUBSCRIPTION),
        ("resource_group", "demo-rg"),
        ("operation_poll_interval", "0.01"),
        ("operation_timeout", "5"),
    ] {
        config.options.insert(name.into(), value.into());
    }
    config
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

/// A driver for `config` signing with tokens from a [`CountingTokens`].
pub fn driver_with(config: &ProviderConfig) -> (AzureCompute, Arc<CountingTokens>) {
    let tokens = Arc::new(CountingTokens::default());
    let driver = AzureCompute::with_token_cache(
        config,
        TokenCache::new(tokens.clone()),
        "https://management.azure.com/".parse().unwrap(),
    )
    .expect("driver builds");
    (driver, tokens)
}

/// A driver talking to the replay.
pub fn driver(replay: &Replay) -> AzureCompute {
    driver_with(&config(replay)).0
}

/// Panics when the error's text or debug form holds a token.
pub fn assert_no_token(err: &cloud_core::Error) {
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.contains("token-1") && !shown.contains("token-2"),
            "{shown}"
        );
    }
}
