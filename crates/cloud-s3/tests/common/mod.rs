//! Shared helpers of the driver's integration tests: drivers for replay and for the
//! live emulators, unique names, test bodies.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use cloud_core::storage::ByteStream;
use cloud_core::{ProviderConfig, Secret};
use cloud_s3::S3Storage;
use cloud_test::guard::test_config;
use futures::StreamExt;
use url::Url;

/// The access key id used against servers that do not check it.
pub const ANY_KEY_ID: &str = "AKIDEXAMPLE";
/// The secret used against servers that do not check it.
pub const ANY_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A test configuration for `endpoint` with these credentials and options.
pub fn config(
    endpoint: &Url,
    key_id: &str,
    secret: &str,
    options: &[(&str, &str)],
) -> ProviderConfig {
    let mut config = test_config(endpoint);
    config
        .credentials
        .insert("access_key_id".into(), Secret::new(key_id));
    config
        .credentials
        .insert("secret_access_key".into(), Secret::new(secret));
    for (k, v) in options {
        config.options.insert(k.to_string(), v.to_string());
    }
    config
}

/// A driver for a server that accepts any credentials (replay, moto).
pub fn driver(endpoint: &Url) -> S3Storage {
    S3Storage::new(&config(endpoint, ANY_KEY_ID, ANY_SECRET, &[])).expect("driver")
}

/// moto's endpoint, when `cargo xtask test` started it.
pub fn moto() -> Option<Url> {
    cloud_test::guard::moto_endpoint()
}

/// s3s-fs: its endpoint and the keys it checks signatures with.
pub struct S3sFs {
    /// Where it listens.
    pub endpoint: Url,
    /// Its access key id.
    pub key_id: String,
    /// Its secret key.
    pub secret: String,
}

impl S3sFs {
    /// A driver with the right keys and extra options.
    pub fn driver(&self, options: &[(&str, &str)]) -> S3Storage {
        S3Storage::new(&config(&self.endpoint, &self.key_id, &self.secret, options))
            .expect("driver")
    }
}

/// s3s-fs, when `cargo xtask test` started it.
pub fn s3s() -> Option<S3sFs> {
    let endpoint = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_S3S_ENDPOINT")?;
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set with the endpoint"))
    };
    Some(S3sFs {
        endpoint,
        key_id: var("LIBCLOUD_TEST_S3S_ACCESS_KEY"),
        secret: var("LIBCLOUD_TEST_S3S_SECRET_KEY"),
    })
}

/// A bucket name no other test (or earlier run) uses.
pub fn unique_bucket(what: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{what}-{n}-{}", &id[..12])
}

/// `len` bytes of a fixed pseudo-random sequence (xorshift), so a part sent twice or in
/// the wrong order changes the hash.
pub fn pattern(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A body made of `data` cut into chunks of `chunk` bytes.
pub fn chunked(data: Vec<u8>, chunk: usize) -> ByteStream {
    let data = Bytes::from(data);
    let pieces: Vec<cloud_core::Result<Bytes>> = (0..data.len())
        .step_by(chunk.max(1))
        .map(|at| Ok(data.slice(at..(at + chunk).min(data.len()))))
        .collect();
    futures::stream::iter(pieces).boxed()
}

/// Every byte of a download.
pub async fn read_all(mut body: ByteStream) -> cloud_core::Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = body.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}
