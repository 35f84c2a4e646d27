//! Shared set-up of the replay and live tests.

#![allow(dead_code)]

use cloud_core::compute::NodeAuth;
use cloud_core::{ProviderConfig, Secret};
use cloud_ec2::Ec2Compute;
use cloud_test::conformance::compute::{CONFORMANCE_PUBLIC_KEY, ComputePlan};
use url::Url;

/// The access key id every test signs with (moto takes any key).
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";

/// The placeholder secret key; it must never show up in an error.
pub const SECRET_KEY: &str = "test-secret-key-3f9a1c0b7d";

/// The moto image the conformance plan launches: Amazon Linux, HVM, x86_64.
pub const IMAGE: &str = "ami-760aaa0f";

/// The name filter that narrows moto's 1,000-odd Amazon images to that one.
pub const IMAGE_FILTER: &str = "name=amzn-ami-hvm-2017.09.1.20171103-x86_64-gp2";

/// A test configuration for `endpoint` in `region` with the test credentials.
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
}

/// The configuration of the conformance runs: Amazon's images narrowed to one, the
/// `t3` sizes, and only the snapshots the suite takes.
pub fn conformance_config(endpoint: &Url, region: &str) -> ProviderConfig {
    let mut config = config(endpoint, region);
    for (k, v) in [
        ("image_owners", "amazon"),
        ("image_filters", IMAGE_FILTER),
        ("size_filters", "instance-type=t3.*"),
        ("snapshot_filters", "description=conformance-snap"),
    ] {
        config.options.insert(k.into(), v.into());
    }
    config
}

/// The conformance plan for `region`: a t3.micro in zone `a`, authorised by an SSH
/// public key (imported as a key pair first).
pub fn plan(region: &str) -> ComputePlan {
    let mut plan = ComputePlan::new("t3.micro", IMAGE);
    plan.location = Some(format!("{region}a"));
    plan.auth = Some(NodeAuth::SshKey {
        public_key: CONFORMANCE_PUBLIC_KEY.into(),
    });
    plan.missing_node_id = "i-0123456789abcdef0".into();
    plan
}

/// A driver for `config`.
pub fn driver(config: &ProviderConfig) -> Ec2Compute {
    Ec2Compute::new(config).expect("driver builds from the test configuration")
}

/// The moto endpoint of a live run, checked to be loopback; `None` (after printing
/// the skip line) when no emulator is running.
pub fn moto_endpoint() -> Option<Url> {
    cloud_test::guard::moto_endpoint()
}

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

/// Panics unless neither the error's text nor its debug form holds the secret key.
pub fn assert_no_secret(err: &cloud_core::Error) {
    assert!(!err.to_string().contains(SECRET_KEY), "{err}");
    assert!(!format!("{err:?}").contains(SECRET_KEY), "{err:?}");
}
