//! The driver on fixtures written from the Cloud DNS API reference
//! (`fixtures/rackspace/dns/`, see `fixtures/rackspace/README.md`): the conformance
//! suite, jobs that take several polls, fail or never finish, paged listings, error
//! answers, and a token refused mid-session.

mod conformance;
mod errors;
mod jobs;
mod paging;
mod relogin;

use std::sync::Arc;
use std::time::Duration;

use cloud_core::operation::WaitOptions;
use cloud_core::{MapEnv, ProviderConfig};
use cloud_test::replay::Replay;

use super::RackspaceDns;

/// The API key of the fixtures' login; it must never show up in an error.
pub(super) const API_KEY: &str = "fixture-api-key-never-shown";

/// A configuration logging in at `endpoint` as the fixtures' user, in region DFW.
pub(super) fn config(endpoint: &url::Url) -> ProviderConfig {
    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", "libcloud-test");
    env.set("RACKSPACE_API_KEY", API_KEY);
    ProviderConfig {
        region: Some("DFW".into()),
        endpoint: Some(endpoint.clone()),
        http: cloud_test::guard::test_config(endpoint).http,
        env: Arc::new(env),
        ..Default::default()
    }
}

/// Jobs polled every 10 ms for at most `timeout`.
pub(super) fn quick(timeout: Duration) -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_millis(10),
        timeout,
        jitter: 0.0,
    }
}

/// The driver of a session logging in at `endpoint`, waiting for jobs as `wait` says.
pub(super) fn driver_at(endpoint: &url::Url, wait: WaitOptions) -> RackspaceDns {
    let config = config(endpoint);
    let identity = crate::client::identity(&config).expect("the login settings are complete");
    let mut driver = super::dns(&identity, &config).expect("the driver builds");
    driver.wait = wait;
    driver
}

/// The driver on `replay` (which answers one login), with quick job polls.
pub(super) async fn driver(replay: &Replay) -> RackspaceDns {
    cloud_test::keystone::mount_v2_login(replay, 1).await;
    driver_at(&replay.uri(), quick(Duration::from_secs(10)))
}

/// The requests `replay` received whose line starts with `prefix`.
pub(super) fn count(replay: &Replay, prefix: &str) -> usize {
    replay
        .history()
        .iter()
        .filter(|line| line.starts_with(prefix))
        .count()
}
