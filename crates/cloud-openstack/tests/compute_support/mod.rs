//! What the compute replay tests share: the Keystone login (`cloud_test::keystone`)
//! and a session configured from `OS_*` variables pointing at the replay server.

#![allow(dead_code)]

use std::sync::Arc;

use cloud_core::compute::Compute;
use cloud_core::{DriverFactory, MapEnv, ProviderConfig};
use cloud_openstack::OpenStackFactory;
use cloud_test::replay::Replay;

/// A configuration whose only source is the `OS_*` variables of the demo user, with
/// Keystone on the replay server and the test guard's HTTP settings.
pub fn config(replay: &Replay, extra: &[(&str, &str)]) -> ProviderConfig {
    let auth_url = replay.uri().join("identity/v3").expect("a URL");
    let mut env = MapEnv::default();
    for (k, v) in [
        ("OS_AUTH_URL", auth_url.as_str()),
        ("OS_USERNAME", "demo"),
        ("OS_PASSWORD", "fixture-password-never-shown"),
        ("OS_PROJECT_NAME", "demo"),
        ("OS_USER_DOMAIN_NAME", "Default"),
        ("OS_PROJECT_DOMAIN_NAME", "Default"),
        ("OS_REGION_NAME", "RegionOne"),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    {
        env.set(k, v);
    }
    ProviderConfig {
        http: cloud_test::guard::test_config(&auth_url).http,
        env: Arc::new(env),
        ..Default::default()
    }
}

/// The compute driver of a session connected through the factory, as the registry
/// would make it.
pub async fn compute(config: &ProviderConfig) -> Arc<dyn Compute> {
    let session = OpenStackFactory
        .connect(config)
        .await
        .expect("the factory connects");
    session.compute().expect("the session offers compute")
}

/// Replays `fixtures/openstack/<scenario>/` with the login mounted once.
pub async fn replay(scenario: &str) -> Replay {
    let replay = Replay::start("openstack", scenario).await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    replay
}
