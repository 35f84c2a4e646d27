//! Drives the DNS conformance suite, and a refused API key, through the fixture recorder
//! against a PowerDNS server (one started as `cargo xtask test` starts it, on a fresh
//! database):
//!
//! ```sh
//! export LIBCLOUD_TEST_PDNS_API_KEY=…   # the server's api-key
//! cargo xtask record-fixtures powerdns --upstream http://127.0.0.1:API_PORT \
//!     --scenario dns-conformance --secret-env LIBCLOUD_TEST_PDNS_API_KEY -- \
//!     cargo test -p cloud-powerdns --test record -- record_dns_conformance
//! cargo xtask record-fixtures powerdns --upstream http://127.0.0.1:API_PORT \
//!     --scenario errors-401 -- \
//!     cargo test -p cloud-powerdns --test record -- record_errors_401
//! ```
//!
//! Each does nothing unless `LIBCLOUD_RECORD_ENDPOINT` is set (the recorder sets it).

mod common;

use cloud_core::ErrorKind;
use cloud_core::dns::Dns;
use cloud_test::conformance::dns::run;
use futures::TryStreamExt;

fn recorder() -> Option<url::Url> {
    cloud_test::guard::endpoint_from_env("LIBCLOUD_RECORD_ENDPOINT", "cargo xtask record-fixtures")
}

#[tokio::test]
async fn record_dns_conformance() {
    let Some(endpoint) = recorder() else { return };
    let key = std::env::var("LIBCLOUD_TEST_PDNS_API_KEY")
        .expect("LIBCLOUD_TEST_PDNS_API_KEY holds the recorded server's API key");
    run(&common::driver(&endpoint, &key), &common::recorded_plan()).await;
}

#[tokio::test]
async fn record_errors_401() {
    let Some(endpoint) = recorder() else { return };
    let driver = common::driver(&endpoint, "not-the-api-key");
    let err = driver
        .list_zones()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
}
