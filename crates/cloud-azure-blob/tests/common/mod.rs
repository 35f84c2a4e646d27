//! What the tests share: drivers for Azurite (Shared Key or a connection string), its
//! address, and unique container names.

#![allow(dead_code)]

use cloud_azure_blob::{AzureBlobStorage, DEVELOPMENT_ACCOUNT, DEVELOPMENT_KEY};
use cloud_core::{ProviderConfig, Secret};
use url::Url;

/// The variable `cargo xtask test` sets to Azurite's Blob endpoint.
pub const AZURITE_ENV: &str = "LIBCLOUD_TEST_AZURITE_ENDPOINT";

/// Azurite's Blob endpoint (`http://127.0.0.1:P/devstoreaccount1`), when `cargo xtask
/// test` started it.
pub fn azurite() -> Option<Url> {
    cloud_test::guard::emulator_endpoint(AZURITE_ENV)
}

/// A configuration for `endpoint` signing with `key` for the emulator's account.
pub fn config_with_key(endpoint: &Url, key: &str) -> ProviderConfig {
    let mut config = cloud_test::guard::test_config(endpoint);
    config
        .options
        .insert("account".into(), DEVELOPMENT_ACCOUNT.into());
    config
        .credentials
        .insert("account_key".into(), Secret::new(key));
    config
}

/// A Shared Key driver for `endpoint`, with the given options.
pub fn driver_with(endpoint: &Url, options: &[(&str, &str)]) -> AzureBlobStorage {
    let mut config = config_with_key(endpoint, DEVELOPMENT_KEY);
    for (k, v) in options {
        config.options.insert((*k).to_string(), (*v).to_string());
    }
    AzureBlobStorage::new(&config).expect("driver")
}

/// A Shared Key driver for `endpoint`.
pub fn driver(endpoint: &Url) -> AzureBlobStorage {
    driver_with(endpoint, &[])
}

/// A container name no other test uses.
pub fn unique_container(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", &id[..12])
}

/// The peak resident memory of this process so far, in MiB (`VmHWM`).
pub fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The fault proxy's address with Azurite's account path (`/devstoreaccount1`).
pub fn through(proxy: &cloud_test::fault_proxy::FaultProxy, endpoint: &Url) -> Url {
    let mut url = proxy.url();
    url.set_path(endpoint.path());
    url
}
