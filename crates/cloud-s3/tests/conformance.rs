//! The object storage conformance suite on the fixtures recorded from moto, and the
//! test that records them (`cargo xtask record-fixtures`, see `fixtures/s3/README.md`).

mod common;

use cloud_test::conformance::storage::{StoragePlan, run};
use cloud_test::replay::Replay;

#[tokio::test]
async fn storage_conformance_replay() {
    let replay = Replay::start("s3", "storage-conformance").await;
    let driver = common::driver(&replay.uri());
    run(&driver, &StoragePlan::default()).await;
    replay.assert_all_used().await;
}

/// Drives the suite through the recording proxy; does nothing outside a recording.
#[tokio::test]
async fn record_storage_conformance() {
    let Some(endpoint) = cloud_test::guard::endpoint_from_env(
        "LIBCLOUD_RECORD_ENDPOINT",
        "cargo xtask record-fixtures",
    ) else {
        return;
    };
    run(&common::driver(&endpoint), &StoragePlan::default()).await;
}
