//! The real Keystone and Swift `cargo xtask test` starts, as `OS_*` variables.

/// The `OS_*` variables of the test cloud's user and project (password login), and the
/// temporary URL key `key`; `None` when the OpenStack services are not running.
pub fn os_vars(key: &str) -> Option<Vec<(&'static str, String)>> {
    let keystone = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_KEYSTONE_ENDPOINT")?;
    let var = |n: &str| std::env::var(n).unwrap_or_else(|_| panic!("{n} is set"));
    Some(vec![
        ("OS_AUTH_URL", keystone.to_string()),
        ("OS_USERNAME", var("LIBCLOUD_TEST_OS_USERNAME")),
        ("OS_PASSWORD", var("LIBCLOUD_TEST_OS_PASSWORD")),
        ("OS_PROJECT_NAME", var("LIBCLOUD_TEST_OS_PROJECT_NAME")),
        ("OS_USER_DOMAIN_NAME", "Default".into()),
        ("OS_PROJECT_DOMAIN_NAME", "Default".into()),
        ("OS_REGION_NAME", var("LIBCLOUD_TEST_OS_REGION_NAME")),
        ("LIBCLOUD_OPENSTACK_TEMP_URL_KEY", key.into()),
    ])
}
