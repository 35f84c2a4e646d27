//! Member calls: a balancer's nodes listed, added and removed.

use cloud_core::http::Method;
use cloud_core::load_balancer::Member;
use cloud_core::operation::WaitOptions;
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Error, Result, ids};
use serde_json::{Value, json};

use super::balancers::{path, refused};
use super::client::ClbClient;
use super::wait::while_busy;
use crate::PROVIDER_ID;
use crate::model::load_balancer::parse_members;

/// Every node of a balancer; the one item is `NotFound` when it does not exist.
pub(super) fn list<'a>(
    client: &'a ClbClient,
    balancer_id: &'a str,
) -> BoxStream<'a, Result<Member>> {
    let base = match path(balancer_id, "list_members") {
        Ok(base) => base,
        Err(err) => return refused(err),
    };
    stream_of_list(async move {
        let answer = client
            .send_json(
                "list_members",
                Method::GET,
                &format!("{base}/nodes"),
                &[],
                None,
            )
            .await?;
        parse_members(&answer.body, balancer_id)
    })
}

/// Adds one node, waiting while the balancer is busy; the member it became.
pub(super) async fn attach(
    client: &ClbClient,
    busy: &WaitOptions,
    balancer_id: &str,
    node: &Value,
) -> Result<Member> {
    let base = path(balancer_id, "attach_member")?;
    let nodes_path = format!("{base}/nodes");
    let body = json!({ "nodes": [node] });
    let answer = while_busy(client, busy, balancer_id, "attach_member", || {
        client.send_json("attach_member", Method::POST, &nodes_path, &[], Some(&body))
    })
    .await?;
    let added = parse_members(&answer.body, balancer_id)?;
    let port = node["port"].as_u64();
    let address = node["address"].as_str();
    added
        .iter()
        .find(|m| Some(m.ip.as_str()) == address && Some(u64::from(m.port)) == port)
        .or(added.first())
        .cloned()
        .ok_or_else(|| {
            Error::malformed("Cloud Load Balancers added a node but answered none")
                .with_provider(PROVIDER_ID)
                .with_operation("attach_member")
        })
}

/// Removes one node, waiting while the balancer is busy.
pub(super) async fn detach(
    client: &ClbClient,
    busy: &WaitOptions,
    balancer_id: &str,
    member_id: &str,
) -> Result<()> {
    let base = path(balancer_id, "detach_member")?;
    let node = ids::numeric(PROVIDER_ID, "member", member_id, "detach_member")?;
    let node_path = format!("{base}/nodes/{node}");
    while_busy(client, busy, balancer_id, "detach_member", || {
        client.send_json("detach_member", Method::DELETE, &node_path, &[], None)
    })
    .await?;
    Ok(())
}
