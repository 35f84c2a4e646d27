//! Deploying to a compute node: create it (or take an existing one), wait until it
//! runs and has an address, wait until SSH answers, then run the deployment.

use std::sync::Arc;
use std::time::Duration;

use cloud_core::compute::{Compute, CreateNode, Node, NodeState, WaitOptions, wait_for_node_state};
use cloud_core::{ErrorKind, Result};

use super::deployment::{Deployment, DeploymentOutcome};
use super::ssh_wait::wait_for_ssh;
use crate::errors::ssh_error;
use crate::ssh::{SshClient, SshTarget};

/// The node to deploy to.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeSpec {
    /// Create a node with this request.
    Create(CreateNode),
    /// An existing node, by id.
    Existing(String),
}

/// Which address to connect to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AddressChoice {
    /// The first public address, else the first private one.
    #[default]
    Public,
    /// The first private address.
    Private,
    /// This address, whatever the node reports.
    Explicit(SshTarget),
}

/// How [`deploy_node`] waits.
#[derive(Debug, Clone)]
pub struct NodeDeployOptions {
    /// Which address to connect to.
    pub address: AddressChoice,
    /// The SSH port for a node address (22 by default; an explicit address has its own).
    pub port: u16,
    /// Waiting for the node to run and have an address.
    pub node_wait: WaitOptions,
    /// How long SSH may take to answer once the node runs.
    pub ssh_deadline: Duration,
    /// The first pause between SSH probes (doubling).
    pub ssh_initial_backoff: Duration,
    /// The longest pause between SSH probes.
    pub ssh_max_backoff: Duration,
}

impl Default for NodeDeployOptions {
    /// Public address, port 22, the core's default node wait (10 minutes), 5 minutes for
    /// SSH to answer, probing after 1 s and then up to every 10 s.
    fn default() -> Self {
        NodeDeployOptions {
            address: AddressChoice::Public,
            port: 22,
            node_wait: WaitOptions::default(),
            ssh_deadline: Duration::from_secs(300),
            ssh_initial_backoff: Duration::from_secs(1),
            ssh_max_backoff: Duration::from_secs(10),
        }
    }
}

/// What [`deploy_node`] did.
#[derive(Debug)]
pub struct NodeDeployment {
    /// The node, as seen when it was running.
    pub node: Node,
    /// Where the deployment connected.
    pub target: SshTarget,
    /// The deployment's outcome.
    pub outcome: DeploymentOutcome,
}

/// The address `choice` picks on `node`, if it has one yet.
pub(super) fn pick_address(node: &Node, choice: &AddressChoice, port: u16) -> Option<SshTarget> {
    let host = match choice {
        AddressChoice::Explicit(target) => return Some(target.clone()),
        AddressChoice::Public => node.public_ips.first().or(node.private_ips.first()),
        AddressChoice::Private => node.private_ips.first(),
    };
    host.map(|h| SshTarget::new(h.clone(), port))
}

/// Creates the node (or takes the existing one), waits until it is running and has the
/// chosen kind of address, waits until SSH answers there, and runs `deployment`.
///
/// Errors before the deployment starts (the create call, the waits) are returned as
/// such; the deployment's own failure is in [`NodeDeployment::outcome`]. A node this
/// call created is left in place either way: its id is in the error text of a failed
/// wait and in the returned node.
pub async fn deploy_node(
    compute: Arc<dyn Compute>,
    node: &NodeSpec,
    client: &SshClient,
    deployment: &Deployment,
    options: &NodeDeployOptions,
) -> Result<NodeDeployment> {
    let id = match node {
        NodeSpec::Create(request) => compute.create_node(request).await?.id,
        NodeSpec::Existing(id) => id.clone(),
    };
    let ready = |n: &Node| {
        n.state == NodeState::Running && pick_address(n, &options.address, options.port).is_some()
    };
    let node =
        wait_for_node_state(compute.as_ref(), &id, ready, &options.node_wait, |_| {}).await?;
    let target = pick_address(&node, &options.address, options.port).ok_or_else(|| {
        ssh_error(
            ErrorKind::Provider,
            "deploy_node",
            format!("node {id} has no address to connect to"),
        )
    })?;
    crate::ssh::guard::check_target(&target, client.options().loopback_only, "deploy_node")?;
    wait_for_ssh(
        &target,
        options.ssh_deadline,
        options.ssh_initial_backoff,
        options.ssh_max_backoff,
    )
    .await?;
    let outcome = deployment.for_node(&node.id).run(client, &target).await;
    Ok(NodeDeployment {
        node,
        target,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;
    use cloud_core::BoxStream;
    use cloud_core::compute::{ComputeCapabilities, Image, Location, Size};

    use super::*;
    use crate::{Identity, SshOptions};

    /// A driver whose one node runs but never gets an address.
    #[derive(Debug, Default)]
    struct AddresslessCompute {
        polls: AtomicUsize,
    }

    #[async_trait]
    impl Compute for AddresslessCompute {
        fn provider_id(&self) -> &str {
            "addressless"
        }

        fn capabilities(&self) -> ComputeCapabilities {
            ComputeCapabilities::default()
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }

        fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
            Box::pin(futures::stream::empty())
        }

        async fn get_node(&self, _id: &str) -> Result<Node> {
            self.polls.fetch_add(1, Ordering::Relaxed);
            Ok(node(&[], &[]))
        }

        async fn create_node(&self, _request: &CreateNode) -> Result<Node> {
            Ok(node(&[], &[]))
        }

        async fn destroy_node(&self, _id: &str) -> Result<()> {
            Err(self.unsupported("destroy_node"))
        }

        fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
            Box::pin(futures::stream::empty())
        }

        fn list_images(&self) -> BoxStream<'_, Result<Image>> {
            Box::pin(futures::stream::empty())
        }

        fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
            Box::pin(futures::stream::empty())
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_node_without_the_chosen_address_is_waited_for_until_the_deadline() {
        let compute = Arc::new(AddresslessCompute::default());
        let dir = std::env::temp_dir();
        let mut ssh = SshOptions::new("root", Identity::Agent(Some(dir.join("no-agent"))));
        ssh.known_hosts = dir.join("unused-known-hosts");
        let client = SshClient::new(ssh).unwrap();
        let options = NodeDeployOptions {
            node_wait: WaitOptions {
                poll_interval: Duration::from_secs(5),
                timeout: Duration::from_secs(60),
                jitter: 0.0,
            },
            ..NodeDeployOptions::default()
        };
        let spec = NodeSpec::Create(CreateNode::new("web", "small", "debian-12"));
        let err = deploy_node(
            compute.clone(),
            &spec,
            &client,
            &Deployment::default(),
            &options,
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert_eq!(
            err.to_string(),
            "addressless wait: node n-1 still running after 60s"
        );
        assert_eq!(compute.polls.load(Ordering::Relaxed), 13);
    }

    fn node(public: &[&str], private: &[&str]) -> Node {
        serde_json::from_value(serde_json::json!({
            "id": "n-1",
            "name": "web",
            "state": "running",
            "public_ips": public,
            "private_ips": private,
            "size": null,
            "image": null,
            "location": null,
            "created_at": null,
        }))
        .unwrap()
    }

    #[test]
    fn public_first_then_private_unless_asked() {
        let both = node(&["203.0.113.5"], &["10.0.0.5"]);
        let private_only = node(&[], &["10.0.0.5"]);
        let none = node(&[], &[]);
        let public = AddressChoice::Public;
        assert_eq!(
            pick_address(&both, &public, 22),
            Some(SshTarget::new("203.0.113.5", 22))
        );
        assert_eq!(
            pick_address(&private_only, &public, 2222),
            Some(SshTarget::new("10.0.0.5", 2222))
        );
        assert_eq!(
            pick_address(&both, &AddressChoice::Private, 22),
            Some(SshTarget::new("10.0.0.5", 22))
        );
        assert_eq!(pick_address(&none, &public, 22), None);
        let explicit = AddressChoice::Explicit(SshTarget::new("127.0.0.1", 2200));
        assert_eq!(
            pick_address(&none, &explicit, 22),
            Some(SshTarget::new("127.0.0.1", 2200))
        );
    }
}
