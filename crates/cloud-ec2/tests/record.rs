//! Drives the compute conformance suite through the fixture recorder:
//!
//! ```sh
//! cargo xtask record-fixtures ec2 --upstream http://127.0.0.1:PORT \
//!     --scenario compute-conformance --volatile ClientToken -- \
//!     cargo test -p cloud-ec2 --test record
//! ```
//!
//! It does nothing unless `LIBCLOUD_RECORD_ENDPOINT` is set (the recorder sets it).

mod common;

use cloud_test::conformance::compute::run;

#[tokio::test]
async fn record_compute_conformance() {
    let Some(endpoint) = cloud_test::guard::endpoint_from_env(
        "LIBCLOUD_RECORD_ENDPOINT",
        "cargo xtask record-fixtures",
    ) else {
        return;
    };
    let region = "us-east-1";
    let driver = common::driver(&common::conformance_config(&endpoint, region));
    run(&driver, &common::plan(region)).await;
}
