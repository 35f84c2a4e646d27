//! Shared set-up of the replay tests.

#![allow(dead_code)]

use cloud_core::{ProviderConfig, Secret};
use cloud_linode::{LinodeCompute, LinodeDns, LinodeLoadBalancer};
use cloud_test::replay::Replay;

/// The placeholder token the tests use; it must never show up in an error.
pub const TOKEN: &str = "tok-fixture-3f9a1c";

/// The replay's configuration with a token and Linode's smallest page size.
pub fn config(replay: &Replay) -> ProviderConfig {
    let mut config = replay.config();
    config
        .credentials
        .insert("token".into(), Secret::new(TOKEN));
    config.options.insert("page_size".into(), "25".into());
    config
}

/// A driver talking to the replay.
pub fn driver(replay: &Replay) -> LinodeCompute {
    LinodeCompute::new(&config(replay)).expect("driver builds from the replay's config")
}

/// A DNS driver talking to the replay.
pub fn dns(replay: &Replay) -> LinodeDns {
    LinodeDns::new(&config(replay)).expect("driver builds from the replay's config")
}

/// A load balancer driver talking to the replay, creating NodeBalancers in `us-east`.
pub fn load_balancer(replay: &Replay) -> LinodeLoadBalancer {
    let mut config = config(replay);
    config.region = Some("us-east".into());
    LinodeLoadBalancer::new(&config).expect("driver builds from the replay's config")
}

/// Panics unless neither the error's text nor its debug form holds the token.
pub fn assert_no_token(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(TOKEN), "{err}");
    assert!(!format!("{err:?}").contains(TOKEN), "{err:?}");
}
