//! The compute conformance suite of `cloud-test`, run against the notebook driver.

use std::sync::Arc;

use cloud_test::conformance::compute::{self, ComputePlan};
use futures::TryStreamExt;
use libcloud::core::MapEnv;
use libcloud::{Compute, Node, ProviderConfig};
use libcloud_notebook::{NOTEBOOK_FILE_ENV, NotebookCompute, NotebookFactory, NotebookSettings};

#[tokio::test]
async fn compute_suite_on_the_driver() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let driver = NotebookCompute::new(NotebookSettings::at(&file));
    compute::run(&driver, &ComputePlan::new("small", "debian-12")).await;

    // The suite destroys what it creates: the notebook it wrote is empty again.
    let left: Vec<Node> = driver.list_nodes().try_collect().await.unwrap();
    assert!(left.is_empty(), "{left:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"nodes\": []"), "{text}");
}

#[tokio::test]
async fn compute_suite_through_the_factory_in_another_location() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let config = ProviderConfig {
        env: Arc::new(MapEnv::from([(NOTEBOOK_FILE_ENV, file.to_str().unwrap())])),
        ..Default::default()
    };
    let driver = libcloud::core::connect(&NotebookFactory, &config)
        .await
        .unwrap()
        .compute()
        .unwrap();
    let mut plan = ComputePlan::new("medium", "ubuntu-24.04");
    plan.location = Some("shelf".into());
    plan.node_name = "suite-on-the-shelf".into();
    compute::run(driver.as_ref(), &plan).await;
    assert!(file.is_file(), "the variable named the file the suite used");
}
