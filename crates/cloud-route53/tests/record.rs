//! Drives the DNS conformance suite through the fixture recorder:
//!
//! ```sh
//! cargo xtask record-fixtures route53 --upstream http://127.0.0.1:PORT \
//!     --scenario dns-conformance -- cargo test -p cloud-route53 --test record
//! ```
//!
//! It does nothing unless `LIBCLOUD_RECORD_ENDPOINT` is set (the recorder sets it).

mod common;

use cloud_test::conformance::dns::run;

#[tokio::test]
async fn record_dns_conformance() {
    let Some(endpoint) = cloud_test::guard::endpoint_from_env(
        "LIBCLOUD_RECORD_ENDPOINT",
        "cargo xtask record-fixtures",
    ) else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint));
    run(&driver, &common::plan(common::CONFORMANCE_DOMAIN)).await;
}
