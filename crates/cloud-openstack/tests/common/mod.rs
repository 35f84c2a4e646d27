//! What the live tests share: the Keystone and Swift `cargo xtask test` starts (the
//! `openstack` service), and configurations for them.

#![allow(dead_code)]

use std::sync::Arc;

use cloud_core::{MapEnv, ProviderConfig};
use url::Url;

/// The test cloud, from the variables `cargo xtask test` exports.
pub struct TestCloud {
    /// Keystone's `…/v3`.
    pub keystone: Url,
    /// The Swift proxy.
    pub swift: Url,
    /// The demo user, its password and project.
    pub username: String,
    pub password: String,
    pub project: String,
    /// The region of the catalog.
    pub region: String,
}

fn var(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is set with LIBCLOUD_TEST_KEYSTONE_ENDPOINT"))
}

/// The cloud, or `None` (after printing the skip line) when it was not started.
pub fn cloud() -> Option<TestCloud> {
    let keystone = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_KEYSTONE_ENDPOINT")?;
    let swift = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_SWIFT_ENDPOINT")?;
    Some(TestCloud {
        keystone,
        swift,
        username: var("LIBCLOUD_TEST_OS_USERNAME"),
        password: var("LIBCLOUD_TEST_OS_PASSWORD"),
        project: var("LIBCLOUD_TEST_OS_PROJECT_NAME"),
        region: var("LIBCLOUD_TEST_OS_REGION_NAME"),
    })
}

impl TestCloud {
    /// The `OS_*` variables of the demo user, as a shell's `openrc` sets them.
    pub fn os_vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OS_AUTH_URL", self.keystone.to_string()),
            ("OS_USERNAME", self.username.clone()),
            ("OS_PASSWORD", self.password.clone()),
            ("OS_PROJECT_NAME", self.project.clone()),
            ("OS_USER_DOMAIN_NAME", "Default".into()),
            ("OS_PROJECT_DOMAIN_NAME", "Default".into()),
            ("OS_REGION_NAME", self.region.clone()),
        ]
    }

    /// A configuration whose only source is `vars` (no endpoint, credentials or options
    /// of its own), with the test guard's HTTP settings.
    pub fn config_from(&self, vars: &[(&str, String)]) -> ProviderConfig {
        let mut env = MapEnv::default();
        for (k, v) in vars {
            env.set(*k, v.clone());
        }
        let base = cloud_test::guard::test_config(&self.keystone);
        ProviderConfig {
            http: base.http,
            env: Arc::new(env),
            ..Default::default()
        }
    }
}
