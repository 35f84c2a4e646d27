//! Building a GoGrid driver for a replay, with placeholder credentials and a stopped
//! clock.

use std::sync::Arc;

use cloud_core::{FixedClock, ProviderConfig, Secret};
use cloud_gogrid::{GoGridCompute, GoGridLoadBalancer};
use cloud_test::replay::Replay;

/// The Unix time the tests' clock is stopped at.
pub const TEST_TIME: u64 = 1_262_304_000;

/// A configuration for `replay` with placeholder credentials.
pub fn config(replay: &Replay) -> ProviderConfig {
    let mut config = replay.config();
    config
        .credentials
        .insert("api_key".into(), Secret::new("[scrubbed]"));
    config
        .credentials
        .insert("secret".into(), Secret::new("[scrubbed]"));
    config
}

/// A driver for `replay` whose signatures use a fixed clock.
pub fn driver(replay: &Replay) -> GoGridCompute {
    driver_with(config(replay))
}

/// A driver for a configuration, with a fixed clock.
pub fn driver_with(config: ProviderConfig) -> GoGridCompute {
    GoGridCompute::with_clock(&config, Arc::new(FixedClock::at_unix(TEST_TIME))).expect("driver")
}

/// A load balancer driver for `replay`, with a fixed clock.
#[allow(dead_code)]
pub fn lb_driver(replay: &Replay) -> GoGridLoadBalancer {
    GoGridLoadBalancer::with_clock(&config(replay), Arc::new(FixedClock::at_unix(TEST_TIME)))
        .expect("driver")
}
