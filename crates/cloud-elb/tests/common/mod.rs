//! Shared set-up of the replay and live tests.

#![allow(dead_code)]

use std::time::Duration;

use cloud_core::load_balancer::MemberTarget;
use cloud_core::operation::WaitOptions;
use cloud_core::{ProviderConfig, Secret};
use cloud_elb::ElbLoadBalancer;
use cloud_test::conformance::load_balancer::LoadBalancerPlan;
use url::Url;

/// The access key id every test signs with (moto takes any key).
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";

/// The placeholder secret key; it must never show up in an error.
pub const SECRET_KEY: &str = "test-secret-key-elb-81c2f0";

/// The balancer name of the recorded conformance run.
pub const CONFORMANCE_NAME: &str = "conformance";

/// The region of the recorded conformance run.
pub const CONFORMANCE_REGION: &str = "eu-south-1";

/// A test configuration for `endpoint` in `region` with the test credentials; the
/// driver's EC2 calls go to the same server (moto serves both). Each live test takes a
/// region of its own, so listings see only its balancers.
pub fn config(endpoint: &Url, region: &str) -> ProviderConfig {
    let mut config = cloud_test::guard::test_config(endpoint);
    config.region = Some(region.to_string());
    config
        .credentials
        .insert("access_key_id".into(), Secret::new(ACCESS_KEY_ID));
    config
        .credentials
        .insert("secret_access_key".into(), Secret::new(SECRET_KEY));
    config
        .options
        .insert("ec2_endpoint".into(), endpoint.to_string());
    config
}

/// A driver for `config`.
pub fn driver(config: &ProviderConfig) -> ElbLoadBalancer {
    ElbLoadBalancer::new(config).expect("driver builds from the test configuration")
}

/// The conformance plan for a balancer `name`: members are addresses of the default
/// VPC (172.31.0.0/16), the L3 members two addresses (moto keeps one target per
/// address), and creates are polled every 50 ms.
pub fn plan(name: &str) -> LoadBalancerPlan {
    let ip = |text: &str| text.parse().expect("an address");
    let mut plan = LoadBalancerPlan::new(name);
    plan.members = [
        MemberTarget::address(ip("172.31.0.10"), 8080),
        MemberTarget::address(ip("172.31.0.11"), 8080),
    ];
    plan.extra_ip = ip("172.31.0.20");
    plan.second_extra_ip = Some(ip("172.31.0.21"));
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

/// A balancer name no other test (or earlier run) uses: `prefix-` and 10 hex digits.
pub fn unique_name(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", &id[..10])
}

/// Panics unless neither the error's text nor its debug form holds the secret key.
pub fn assert_no_secret(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(SECRET_KEY), "{err}");
    assert!(!format!("{err:?}").contains(SECRET_KEY), "{err:?}");
}
