//! The notebook provider joins the facade's registry beside the built-in providers and
//! is reached by id, with its options checked like theirs.

use std::sync::Arc;

use futures::TryStreamExt;
use libcloud::{ComputeFeature, CreateNode, ErrorKind, Node, NodeState, ProviderConfig, Registry};
use libcloud_notebook::{NotebookCompute, NotebookFactory, PROVIDER_ID};

/// The built-in providers plus the notebook.
fn registry() -> Registry {
    let mut registry = Registry::builtin();
    registry.register(Arc::new(NotebookFactory)).unwrap();
    registry
}

/// A configuration with these options and nothing from the environment.
fn config(options: &[(&str, &str)]) -> ProviderConfig {
    ProviderConfig {
        options: options
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        env: Arc::new(libcloud::core::MapEnv::default()),
        ..Default::default()
    }
}

#[tokio::test]
async fn registered_beside_the_built_ins_and_connected_by_id() {
    let registry = registry();
    let ids = registry.ids();
    assert!(
        ids.contains(&"local") && ids.contains(&PROVIDER_ID),
        "{ids:?}"
    );
    let meta = registry.factory(PROVIDER_ID).unwrap().meta();
    assert_eq!(meta.package.to_string(), "libcloud-notebook 0.1.0");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let config = config(&[("notebook_file", file.to_str().unwrap())]);
    let compute = registry.compute(PROVIDER_ID, &config).await.unwrap();
    assert_eq!(compute.provider_id(), PROVIDER_ID);
    assert!(compute.capabilities().supports(ComputeFeature::Reboot));
    assert!(!compute.capabilities().supports(ComputeFeature::StartStop));
    let driver = compute
        .as_any()
        .downcast_ref::<NotebookCompute>()
        .expect("the concrete driver is reachable");
    assert_eq!(driver.settings().file, file);

    let mut request = CreateNode::new("web-1", "small", "debian-12");
    request.tags.insert("team".into(), "blue".into());
    let created = compute.create_node(&request).await.unwrap();
    assert_eq!(created.state, NodeState::Running);
    compute.reboot_node(&created.id).await.unwrap();

    // A second session on the same file sees the node, rebooted once.
    let again = registry.compute(PROVIDER_ID, &config).await.unwrap();
    let listed: Vec<Node> = again.list_nodes().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].id, created.id);
    assert_eq!(listed[0].tags.get("team").map(String::as_str), Some("blue"));
    assert_eq!(listed[0].extra["reboots"], serde_json::json!(1));

    again.destroy_node(&created.id).await.unwrap();
    let err = compute.get_node(&created.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.provider(), Some(PROVIDER_ID));
    assert_eq!(err.operation(), Some("get_node"));

    let err = registry.storage(PROVIDER_ID, &config).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Unsupported,
        "no object storage: {err}"
    );
}

#[tokio::test]
async fn options_are_checked_before_the_provider_sees_them() {
    let registry = registry();
    let err = registry
        .connect(PROVIDER_ID, &config(&[("notebook_fille", "/tmp/x.json")]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.message().contains("did you mean notebook_file?"),
        "{err}"
    );

    let err = registry
        .connect(PROVIDER_ID, &config(&[("max_nodes", "0")]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("from 1 to 10000"), "{err}");
}

#[tokio::test]
async fn max_nodes_caps_the_notebook() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let config = config(&[
        ("notebook_file", file.to_str().unwrap()),
        ("max_nodes", "1"),
    ]);
    let compute = registry().compute(PROVIDER_ID, &config).await.unwrap();
    let request = CreateNode::new("one", "small", "debian-12");
    compute.create_node(&request).await.unwrap();
    let err = compute.create_node(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
    assert_eq!(err.operation(), Some("create_node"));
}

#[tokio::test]
async fn what_the_capabilities_leave_out_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let config = config(&[("notebook_file", file.to_str().unwrap())]);
    let compute = registry().compute(PROVIDER_ID, &config).await.unwrap();
    let mut request = CreateNode::new("web", "small", "debian-12");
    request.user_data = Some("#!/bin/sh\n".into());
    let err = compute.create_node(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    let err = compute.stop_node("nb-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(!file.exists(), "nothing was written");
}

#[tokio::test]
async fn drivers_sharing_a_file_lose_no_node() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nodes.json");
    let config = config(&[("notebook_file", file.to_str().unwrap())]);
    let registry = registry();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let compute = registry.compute(PROVIDER_ID, &config).await.unwrap();
        tasks.push(tokio::spawn(async move {
            let request = CreateNode::new(format!("web-{i}"), "small", "debian-12");
            compute.create_node(&request).await.unwrap().id
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "{ids:?}");
    let compute = registry.compute(PROVIDER_ID, &config).await.unwrap();
    let listed: Vec<Node> = compute.list_nodes().try_collect().await.unwrap();
    assert_eq!(listed.len(), 8);
}

#[test]
fn the_id_cannot_be_registered_twice() {
    let mut registry = registry();
    let err = registry.register(Arc::new(NotebookFactory)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
}
