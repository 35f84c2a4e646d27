//! Deploying to many nodes at once, with a bound on how many run together.

use std::sync::Arc;

use cloud_core::Result;
use cloud_core::compute::Compute;
use futures::StreamExt;

use super::deployment::Deployment;
use super::node::{NodeDeployOptions, NodeDeployment, NodeSpec, deploy_node};
use crate::ssh::SshClient;

/// Runs [`deploy_node`] for each of `nodes`, at most `concurrency` at once (at least
/// one), and returns the results in the order of `nodes`.
pub async fn deploy_nodes(
    compute: Arc<dyn Compute>,
    nodes: &[NodeSpec],
    client: &SshClient,
    deployment: &Deployment,
    options: &NodeDeployOptions,
    concurrency: usize,
) -> Vec<Result<NodeDeployment>> {
    let mut results: Vec<(usize, Result<NodeDeployment>)> =
        futures::stream::iter(nodes.iter().enumerate())
            .map(|(i, node)| {
                let compute = compute.clone();
                async move {
                    (
                        i,
                        deploy_node(compute, node, client, deployment, options).await,
                    )
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}
