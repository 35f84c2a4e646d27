//! The compute driver through its public API: persistence, timing, locking across
//! driver instances, idempotency, key pairs.

use std::sync::Arc;
use std::time::Duration;

use cloud_core::compute::{
    Compute, ComputeFeature, CreateNode, NodeAuth, NodeState, WaitOptions, wait_until_running,
};
use cloud_core::{ErrorKind, FixedClock};
use cloud_local::{LocalCompute, LocalComputeOptions};
use futures::TryStreamExt;

fn options(boot_delay: Duration) -> LocalComputeOptions {
    LocalComputeOptions { boot_delay }
}

#[tokio::test]
async fn node_states_follow_an_injected_clock() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::at_unix(1_700_000_000));
    let compute = LocalCompute::open(dir.path(), options(Duration::from_secs(5)))
        .unwrap()
        .with_clock(clock.clone());
    let node = compute
        .create_node(&CreateNode::new("web", "small", "debian-12"))
        .await
        .unwrap();
    assert_eq!(node.state, NodeState::Pending);
    clock.advance(Duration::from_secs(4));
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Pending
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Running
    );

    compute.reboot_node(&node.id).await.unwrap();
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Rebooting
    );
    clock.advance(Duration::from_secs(5));
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Running
    );

    compute.stop_node(&node.id).await.unwrap();
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Stopped
    );
    compute.start_node(&node.id).await.unwrap();
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Pending
    );
    clock.advance(Duration::from_secs(5));
    assert_eq!(
        compute.get_node(&node.id).await.unwrap().state,
        NodeState::Running
    );

    compute.destroy_node(&node.id).await.unwrap();
    let err = compute.get_node(&node.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.provider(), Some("local"));
    assert_eq!(err.operation(), Some("get_node"));
}

#[tokio::test]
async fn a_short_real_boot_delay_reaches_running() {
    let dir = tempfile::tempdir().unwrap();
    let compute = LocalCompute::open(dir.path(), options(Duration::from_millis(30))).unwrap();
    let node = compute
        .create_node(&CreateNode::new("quick", "medium", "ubuntu-24.04"))
        .await
        .unwrap();
    let wait = WaitOptions {
        poll_interval: Duration::from_millis(10),
        timeout: Duration::from_secs(20),
        jitter: 0.0,
    };
    let running = wait_until_running(&compute, &node.id, &wait).await.unwrap();
    assert_eq!(running.id, node.id);
    assert_eq!(running.state, NodeState::Running);
}

#[tokio::test]
async fn state_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let node = {
        let compute = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
        compute
            .create_node(&CreateNode::new("keep", "large", "debian-12"))
            .await
            .unwrap()
    };
    let reopened = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    let nodes: Vec<_> = reopened.list_nodes().try_collect().await.unwrap();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0].id, node.id);
    assert_eq!(nodes[0].size.as_deref(), Some("large"));
    assert!(dir.path().join("compute").join("state.json").is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_drivers_creating_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let path = dir.path().to_path_buf();
        tasks.push(tokio::spawn(async move {
            let compute = LocalCompute::open(path, options(Duration::ZERO)).unwrap();
            compute
                .create_node(&CreateNode::new(format!("n{i}"), "small", "debian-12"))
                .await
                .unwrap()
                .id
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    let compute = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    let nodes: Vec<_> = compute.list_nodes().try_collect().await.unwrap();
    assert_eq!(nodes.len(), 20);
    let mut listed: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    listed.sort();
    ids.sort();
    assert_eq!(listed, ids);
    let mut ips: Vec<&String> = nodes.iter().flat_map(|n| &n.private_ips).collect();
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 20, "every node has its own address");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("compute"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn idempotency_key_makes_one_node() {
    let dir = tempfile::tempdir().unwrap();
    let first_driver = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    let second_driver = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    assert!(
        first_driver
            .capabilities()
            .supports(ComputeFeature::IdempotentCreate)
    );
    let request = CreateNode {
        idempotency_key: Some("retry-me".into()),
        ..CreateNode::new("once", "small", "debian-12")
    };
    let a = first_driver.create_node(&request).await.unwrap();
    let b = second_driver.create_node(&request).await.unwrap();
    assert_eq!(a.id, b.id);
    let nodes: Vec<_> = first_driver.list_nodes().try_collect().await.unwrap();
    assert_eq!(nodes.len(), 1);
}

#[tokio::test]
async fn key_pairs_never_store_private_keys() {
    let dir = tempfile::tempdir().unwrap();
    let compute = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    let created = compute.create_key_pair("deploy").await.unwrap();
    let private = created.private_key.clone().unwrap();
    assert!(private.expose().contains("OPENSSH PRIVATE KEY"));
    assert!(!format!("{created:?}").contains("OPENSSH PRIVATE KEY"));
    let fetched = compute.get_key_pair("deploy").await.unwrap();
    assert_eq!(fetched.private_key, None);
    assert_eq!(fetched.fingerprint, created.fingerprint);
    let state = std::fs::read_to_string(dir.path().join("compute").join("state.json")).unwrap();
    assert!(!state.contains("PRIVATE"), "private key leaked into state");
    let body: String = private
        .expose()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    assert!(!state.contains(&body[..40]));

    let err = compute.create_key_pair("deploy").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let public = created.public_key.clone().unwrap();
    let err = compute
        .import_key_pair("deploy", &public)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let imported = compute.import_key_pair("copy", &public).await.unwrap();
    assert_eq!(imported.fingerprint, created.fingerprint);
    let err = compute.import_key_pair("bad", "hello").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    let node = compute
        .create_node(&CreateNode {
            auth: Some(NodeAuth::KeyPairName {
                name: "deploy".into(),
            }),
            ..CreateNode::new("with-key", "small", "debian-12")
        })
        .await
        .unwrap();
    assert_eq!(node.extra["key_pair"], "deploy");
    let names: Vec<String> = compute
        .list_key_pairs()
        .map_ok(|k| k.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, vec!["copy", "deploy"]);
}

#[tokio::test]
async fn debug_shows_where_state_lives() {
    let dir = tempfile::tempdir().unwrap();
    let compute = LocalCompute::open(dir.path(), options(Duration::from_millis(5))).unwrap();
    let text = format!("{compute:?}");
    assert!(text.contains("compute") && text.contains("5ms"), "{text}");
}

#[tokio::test]
async fn an_unusable_state_dir_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let err = LocalCompute::open(&file, options(Duration::ZERO)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Io | ErrorKind::AlreadyExists),
        "{err}"
    );
    assert!(err.message().contains("plain-file"), "{err}");
}

#[tokio::test]
async fn catalog_per_location_and_waiting_until_gone() {
    let dir = tempfile::tempdir().unwrap();
    let compute = LocalCompute::open(dir.path(), options(Duration::ZERO)).unwrap();
    let all: Vec<_> = compute.list_sizes().try_collect().await.unwrap();
    let here: Vec<_> = compute
        .list_sizes_in("local-2")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, here);
    let images: Vec<_> = compute
        .list_images_in("local-1")
        .try_collect()
        .await
        .unwrap();
    assert!(!images.is_empty());
    let err = compute
        .list_sizes_in("mars-1")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("local-1, local-2"), "{err}");

    let node = compute
        .create_node(&CreateNode::new("short-lived", "small", "debian-12"))
        .await
        .unwrap();
    assert_eq!(
        node.operation, None,
        "local changes finish before the call returns"
    );
    let op = cloud_core::operation::OperationRef::new("local", "create_node", "none");
    let err = compute.operation_status(&op).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    compute.destroy_node(&node.id).await.unwrap();
    let quick = WaitOptions {
        poll_interval: Duration::from_millis(10),
        timeout: Duration::from_secs(5),
        jitter: 0.0,
    };
    cloud_core::compute::wait_until_gone(&compute, &node.id, &quick)
        .await
        .unwrap();
}
