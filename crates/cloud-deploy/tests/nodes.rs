//! Deploying to `local` provider nodes through the loopback OpenSSH server (the
//! simulated nodes have made-up addresses, so the deployment is pointed at 127.0.0.1):
//! one node, an existing node, and twenty at once.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloud_core::compute::{Compute, CreateNode, NodeState, WaitOptions};
use cloud_deploy::{
    AddressChoice, Deployment, Identity, NodeDeployOptions, NodeSpec, ScriptSource, SshClient,
    SshOptions, Step, deploy_node, deploy_nodes,
};
use cloud_local::{LocalCompute, LocalComputeOptions};

fn local_compute(dir: &std::path::Path) -> Arc<dyn Compute> {
    let options = LocalComputeOptions {
        boot_delay: Duration::from_millis(300),
    };
    Arc::new(LocalCompute::open(dir, options).unwrap())
}

fn options(sshd: &common::Sshd) -> NodeDeployOptions {
    NodeDeployOptions {
        address: AddressChoice::Explicit(sshd.target.clone()),
        node_wait: WaitOptions {
            poll_interval: Duration::from_millis(100),
            timeout: Duration::from_secs(30),
            jitter: 0.1,
        },
        ssh_deadline: Duration::from_secs(30),
        ssh_initial_backoff: Duration::from_millis(50),
        ssh_max_backoff: Duration::from_millis(500),
        ..NodeDeployOptions::default()
    }
}

#[tokio::test]
async fn a_created_node_is_waited_for_then_deployed() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let compute = local_compute(&local.path().join("cloud"));
    let client = sshd.client(local.path());
    let deployment = Deployment::new(vec![Step::command("echo deployed")]);
    let request = NodeSpec::Create(CreateNode::new("web-1", "small", "debian-12"));
    let done = deploy_node(
        compute.clone(),
        &request,
        &client,
        &deployment,
        &options(&sshd),
    )
    .await
    .unwrap();
    assert_eq!(done.node.state, NodeState::Running);
    assert_eq!(done.node.name, "web-1");
    assert_eq!(done.target, sshd.target);
    let steps = done.outcome.into_result().unwrap();
    assert_eq!(steps[0].stdout, "deployed\n");

    let again = NodeSpec::Existing(done.node.id.clone());
    let done = deploy_node(compute, &again, &client, &deployment, &options(&sshd))
        .await
        .unwrap();
    assert!(done.outcome.success());
}

#[tokio::test]
async fn a_node_address_that_is_not_loopback_is_refused_before_any_connection() {
    let local = tempfile::tempdir().unwrap();
    let compute = local_compute(&local.path().join("cloud"));
    let node = compute
        .create_node(&CreateNode::new("web-2", "small", "debian-12"))
        .await
        .unwrap();
    let mut ssh = SshOptions::new("root", Identity::Agent(Some(local.path().join("none"))));
    ssh.known_hosts = local.path().join("known_hosts");
    ssh.loopback_only = true;
    let client = SshClient::new(ssh).unwrap();
    let opts = NodeDeployOptions {
        address: AddressChoice::Private,
        node_wait: WaitOptions {
            poll_interval: Duration::from_millis(100),
            timeout: Duration::from_secs(30),
            jitter: 0.1,
        },
        ..NodeDeployOptions::default()
    };
    let started = std::time::Instant::now();
    let err = deploy_node(
        compute,
        &NodeSpec::Existing(node.id.clone()),
        &client,
        &Deployment::default(),
        &opts,
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput, "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "ssh deploy_node: refusing to connect to {}:22: only loopback addresses are \
             allowed (LIBCLOUD_LOOPBACK_ONLY=1)",
            node.private_ips[0]
        )
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn twenty_nodes_deploy_at_once() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let remote = tempfile::tempdir().unwrap();
    let compute = local_compute(&local.path().join("cloud"));
    let client = sshd.client(local.path());
    let payload = local.path().join("payload.txt");
    std::fs::write(&payload, "payload\n").unwrap();
    let deployment = Deployment::new(vec![
        Step::Script {
            source: ScriptSource::Text {
                name: "setup.sh".into(),
                text: "#!/bin/sh\nf=$(mktemp -p \"$1\" node.XXXXXX) && cat \"$2\" > \"$f\"\n"
                    .into(),
            },
            args: vec![
                remote.path().to_str().unwrap().into(),
                payload.to_str().unwrap().into(),
            ],
            env: Default::default(),
        },
        Step::command("echo done"),
    ]);
    let nodes: Vec<NodeSpec> = (0..20)
        .map(|i| NodeSpec::Create(CreateNode::new(format!("many-{i}"), "small", "debian-12")))
        .collect();
    let results = deploy_nodes(compute, &nodes, &client, &deployment, &options(&sshd), 20).await;
    assert_eq!(results.len(), 20);
    for (i, result) in results.into_iter().enumerate() {
        let done = result.unwrap_or_else(|e| panic!("node {i}: {e}"));
        assert_eq!(
            done.node.name,
            format!("many-{i}"),
            "results keep the order"
        );
        let steps = done
            .outcome
            .into_result()
            .unwrap_or_else(|e| panic!("node {i}: {e}"));
        assert_eq!(steps[1].stdout, "done\n");
    }
    let written: Vec<_> = std::fs::read_dir(remote.path()).unwrap().collect();
    assert_eq!(written.len(), 20, "each deployment ran its script once");
    for entry in written {
        assert_eq!(
            std::fs::read_to_string(entry.unwrap().path()).unwrap(),
            "payload\n"
        );
    }
}
