//! Listing, reading and acting on instances.

use cloud_core::compute::{Node, NodeJson};
use cloud_core::{BoxStream, Error, Result};
use futures::StreamExt;

use super::validate::{id, local};
use crate::Ec2Compute;
use crate::client::query;
use crate::model::{describe_instances_lazily, describe_instances_page};

impl Ec2Compute {
    /// Every instance, `DescribeInstances` page after page; each page is checked whole
    /// before its first node is made, and its nodes are made as the stream is read.
    pub(crate) fn nodes(&self) -> BoxStream<'static, Result<Node>> {
        self.api.paged_lazy(
            query("DescribeInstances"),
            Some(self.settings.page_size),
            |body| {
                let page = describe_instances_lazily(body)?;
                let next = page.next_token().map(str::to_string);
                Ok((page, next))
            },
        )
    }

    /// Every instance as its node's JSON, written straight from each
    /// `DescribeInstances` page (checked whole first) without making the nodes.
    pub(crate) fn nodes_json(&self) -> BoxStream<'static, Result<NodeJson>> {
        self.api
            .paged_lazy(
                query("DescribeInstances"),
                Some(self.settings.page_size),
                |body| {
                    let page = describe_instances_lazily(body)?;
                    let next = page.next_token().map(str::to_string);
                    Ok((page.into_json(), next))
                },
            )
            .map(|item| item.and_then(|json| json))
            .boxed()
    }

    /// One instance; `NotFound` when AWS does not know it.
    pub(crate) async fn node(&self, instance_id: &str) -> Result<Node> {
        let instance_id = id("instance id", instance_id, "get_node")?;
        let page = self
            .api
            .call_body(
                query("DescribeInstances").param("InstanceId.1", instance_id),
                describe_instances_page,
            )
            .await?;
        page.items
            .into_iter()
            .find(|n| n.id == instance_id)
            .ok_or_else(|| {
                local(
                    Error::not_found(format!("no instance {instance_id}")),
                    "DescribeInstances",
                )
            })
    }

    /// `TerminateInstances`, `RebootInstances`, `StartInstances` or `StopInstances` of
    /// one instance.
    pub(crate) async fn instance_action(
        &self,
        action: &str,
        operation: &str,
        instance_id: &str,
    ) -> Result<()> {
        let instance_id = id("instance id", instance_id, operation)?;
        self.api
            .action(query(action).param("InstanceId.1", instance_id))
            .await
    }
}
