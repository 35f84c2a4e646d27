//! Drives the load balancer conformance suite through the fixture recorder:
//!
//! ```sh
//! cargo xtask record-fixtures elb --upstream http://127.0.0.1:PORT \
//!     --scenario lb-conformance -- cargo test -p cloud-elb --test record
//! ```
//!
//! It does nothing unless `LIBCLOUD_RECORD_ENDPOINT` is set (the recorder sets it).

mod common;

use cloud_test::conformance::load_balancer::run;

#[tokio::test]
async fn record_lb_conformance() {
    let Some(endpoint) = cloud_test::guard::endpoint_from_env(
        "LIBCLOUD_RECORD_ENDPOINT",
        "cargo xtask record-fixtures",
    ) else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, common::CONFORMANCE_REGION));
    run(&driver, &common::plan(common::CONFORMANCE_NAME)).await;
}
