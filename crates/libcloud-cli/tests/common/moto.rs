//! What the tests against moto share: names unique to a run, and an S3 driver straight
//! at moto for setting up and looking at what a command left.

use libcloud::drivers::cloud_s3::S3Storage;

/// A name unique to this run (bucket names included: lower case, digits, `-`).
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}-{}-{}", std::process::id(), nanos % 1_000_000_000)
}

/// An S3 driver at moto with its dummy keys.
pub fn s3(endpoint: &url::Url) -> S3Storage {
    let mut config = cloud_test::guard::test_config(endpoint);
    for (name, value) in [("access_key_id", "AKIDEXAMPLE"), ("secret_access_key", "x")] {
        config
            .credentials
            .insert(name.into(), libcloud::Secret::new(value));
    }
    S3Storage::new(&config).expect("driver")
}
