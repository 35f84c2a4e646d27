//! What the tests share: drivers for a loopback endpoint, the emulator's address, and
//! unique bucket names.

#![allow(dead_code)]

use cloud_gcs::GcsStorage;
use url::Url;

/// The variable `cargo xtask test` sets to fake-gcs-server's address.
pub const FAKE_GCS_ENV: &str = "LIBCLOUD_TEST_FAKE_GCS_ENDPOINT";

/// fake-gcs-server's address, when `cargo xtask test` started it.
pub fn fake_gcs() -> Option<Url> {
    cloud_test::guard::emulator_endpoint(FAKE_GCS_ENV)
}

/// A driver for `endpoint` without credentials, with the given options.
pub fn driver_with(endpoint: &Url, options: &[(&str, &str)]) -> GcsStorage {
    let mut config = cloud_test::guard::test_config(endpoint);
    for (k, v) in options {
        config.options.insert((*k).to_string(), (*v).to_string());
    }
    GcsStorage::new(&config).expect("driver")
}

/// A driver for `endpoint` without credentials.
pub fn driver(endpoint: &Url) -> GcsStorage {
    driver_with(endpoint, &[])
}

/// A bucket name no other test uses.
pub fn unique_bucket(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", &id[..12])
}
