//! Shared set-up of the Cloud Load Balancers tests: a session through the factory (an
//! API-key login, then the region's `cloudLoadBalancers` endpoint of the catalog) and
//! the conformance plan.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use cloud_core::load_balancer::LoadBalancer;
use cloud_core::operation::WaitOptions;
use cloud_core::{DriverFactory, MapEnv, ProviderConfig};
use cloud_rackspace::RackspaceFactory;
use cloud_test::conformance::load_balancer::LoadBalancerPlan;
use url::Url;

/// The API key every test logs in with; it must never show up in an error.
pub const API_KEY: &str = "fixture-api-key-lb-5d1e7a";

/// The user of the replayed login (`cloud_test::keystone::mount_v2_login`).
pub const USER: &str = "libcloud-test";

/// The region the tests use: mimic serves Cloud Load Balancers in ORD only.
pub const REGION: &str = "ORD";

/// The balancer name of the replayed conformance run.
pub const CONFORMANCE_NAME: &str = "conformance";

/// A configuration logging in at `identity` (the identity service's base URL) as
/// `user` with the test key, in [`REGION`], with the loopback guard on.
pub fn config(identity: &Url, user: &str) -> ProviderConfig {
    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", user);
    env.set("RACKSPACE_API_KEY", API_KEY);
    let base = cloud_test::guard::test_config(identity);
    ProviderConfig {
        region: Some(REGION.into()),
        endpoint: Some(identity.clone()),
        http: base.http,
        env: Arc::new(env),
        ..Default::default()
    }
}

/// The load balancer driver of a session built by the factory from `config`.
pub async fn driver(config: &ProviderConfig) -> Arc<dyn LoadBalancer> {
    let session = RackspaceFactory
        .connect(config)
        .await
        .expect("the session connects");
    session
        .load_balancer()
        .expect("the session offers load balancers")
}

/// Polls every 50 ms for up to 30 s.
pub fn quick_wait() -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_millis(50),
        timeout: Duration::from_secs(30),
        jitter: 0.0,
    }
}

/// The conformance plan for a balancer `name`: ids that cannot exist are numbers (as
/// the API's ids are), so the server answers for them, and creates are polled quickly.
pub fn plan(name: &str) -> LoadBalancerPlan {
    let mut plan = LoadBalancerPlan::new(name);
    plan.missing_balancer_id = "4242424".into();
    plan.missing_member_id = "42424242".into();
    plan.missing_node_id = "4242".into();
    plan.wait = quick_wait();
    plan
}

/// Panics when the error's text or debug form holds the API key.
pub fn assert_no_secret(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(API_KEY), "{err}");
    assert!(!format!("{err:?}").contains(API_KEY), "{err:?}");
}
