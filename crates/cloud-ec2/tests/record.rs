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
use url::Url;

#[tokio::test]
async fn record_compute_conformance() {
    let Ok(raw) = std::env::var("LIBCLOUD_RECORD_ENDPOINT") else {
        println!("skipped: LIBCLOUD_RECORD_ENDPOINT not set (cargo xtask record-fixtures sets it)");
        return;
    };
    let endpoint = Url::parse(&raw).expect("LIBCLOUD_RECORD_ENDPOINT is a URL");
    cloud_test::guard::assert_loopback(&endpoint);
    let region = "us-east-1";
    let driver = common::driver(&common::conformance_config(&endpoint, region));
    run(&driver, &common::plan(region)).await;
}
