//! The shared conformance suites, run against the local drivers in a temporary
//! state directory.

use std::sync::Arc;
use std::time::Duration;

use cloud_core::compute::WaitOptions;
use cloud_core::{MapEnv, ProviderConfig};
use cloud_local::{BOOT_DELAY_ENV, LocalCompute, LocalComputeOptions, LocalFactory, LocalStorage};
use cloud_test::conformance::compute::{self, ComputePlan};
use cloud_test::conformance::storage::{self, StoragePlan};

#[tokio::test]
async fn compute_suite_with_instant_boots() {
    let dir = tempfile::tempdir().unwrap();
    let driver = LocalCompute::open(
        dir.path(),
        LocalComputeOptions {
            boot_delay: Duration::ZERO,
        },
    )
    .unwrap();
    compute::run(&driver, &ComputePlan::new("small", "debian-12")).await;
}

#[tokio::test]
async fn compute_suite_waiting_for_boots_through_the_factory() {
    let dir = tempfile::tempdir().unwrap();
    let config = ProviderConfig {
        options: [("state_dir".to_string(), dir.path().display().to_string())].into(),
        env: Arc::new(MapEnv::from([(BOOT_DELAY_ENV, "150")])),
        ..Default::default()
    };
    let driver = cloud_core::connect(&LocalFactory, &config)
        .await
        .unwrap()
        .compute()
        .unwrap();
    let mut plan = ComputePlan::new("medium", "ubuntu-24.04");
    plan.location = Some("local-2".into());
    plan.wait = Some(WaitOptions {
        poll_interval: Duration::from_millis(25),
        timeout: Duration::from_secs(30),
        jitter: 0.0,
    });
    compute::run(driver.as_ref(), &plan).await;
}

#[tokio::test]
async fn storage_suite() {
    let dir = tempfile::tempdir().unwrap();
    let driver = LocalStorage::open(dir.path().join("storage")).unwrap();
    storage::run(&driver, &StoragePlan::default()).await;
}

#[tokio::test]
async fn storage_suite_through_the_factory() {
    let dir = tempfile::tempdir().unwrap();
    let config = ProviderConfig {
        env: Arc::new(MapEnv::from([(
            cloud_local::STATE_DIR_ENV,
            dir.path().to_str().unwrap(),
        )])),
        ..Default::default()
    };
    let driver = cloud_core::connect(&LocalFactory, &config)
        .await
        .unwrap()
        .storage()
        .unwrap();
    storage::run(driver.as_ref(), &StoragePlan::default()).await;
    assert!(dir.path().join("storage").is_dir());
}

#[tokio::test]
async fn storage_suite_under_faults() {
    let dir = tempfile::tempdir().unwrap();
    let driver = LocalStorage::open(dir.path().join("storage")).unwrap();
    storage::run_under_faults(&driver, &StoragePlan::default(), None).await;
    let left: Vec<_> = std::fs::read_dir(dir.path().join("storage"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
}
