//! A balancer's members: the Nodes of its first Config, listed, added and removed. A
//! member by instance goes to the instance's private IPv4 address; a member by address
//! must be a private IPv4 address, as Linode only sends NodeBalancer traffic there.

use std::net::{IpAddr, Ipv4Addr};

use cloud_core::http::Method;
use cloud_core::load_balancer::{LoadBalancer, Member, MemberTarget, validate};
use cloud_core::{BoxStream, Error, ErrorKind, Result, ids};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use super::LinodeLoadBalancer;
use super::balancers::{PATH, balancer_id};
use crate::errors::local;
use crate::model::{RawConfig, RawNode, RawPage};
use crate::{PROVIDER_ID, model};

/// The largest weight a Node takes.
const MAX_WEIGHT: u32 = 255;

/// A private IPv4 address as Linode takes it for a Node; `InvalidInput` otherwise.
fn private_v4(ip: IpAddr) -> Result<Ipv4Addr> {
    match ip.to_canonical() {
        IpAddr::V4(v4) if v4.is_private() => Ok(v4),
        other => Err(Error::invalid_input(format!(
            "member address {other}: Linode sends NodeBalancer traffic only to private \
             IPv4 addresses (192.168.128.0/17 in its regions)"
        ))),
    }
}

impl LinodeLoadBalancer {
    pub(crate) fn members<'a>(&'a self, balancer: &'a str) -> BoxStream<'a, Result<Member>> {
        const OP: &str = "list_members";
        let this = self.clone();
        let balancer = balancer.to_string();
        futures::stream::once(async move {
            let id = balancer_id(&balancer, OP)?;
            let config = this.first_config(id, OP).await?;
            Ok::<_, Error>((this, id, config))
        })
        .map_ok(|(this, id, config)| match config {
            None => futures::stream::empty().boxed(),
            Some(config) => {
                let balancer = id.to_string();
                this.api.list(
                    OP,
                    format!("{PATH}/{id}/configs/{}/nodes", config.id),
                    None,
                    move |resp, page| {
                        resp.json::<RawPage<RawNode>>()?
                            .into_page_with(page, |node| node.into_member(&balancer))
                    },
                )
            }
        })
        .try_flatten()
        .boxed()
    }

    /// Finds the balancer's Config (`NotFound` when the balancer does not exist), then
    /// the target's address (`NotFound` for a missing instance), then lists the Config's
    /// Nodes (`AlreadyExists` when one has that address and port), then adds the Node.
    pub(crate) async fn attach(&self, balancer: &str, target: &MemberTarget) -> Result<Member> {
        const OP: &str = "attach_member";
        validate::check_member(PROVIDER_ID, &self.capabilities(), target)
            .map_err(|e| local(e, OP))?;
        let id = balancer_id(balancer, OP)?;
        let config = self.config_for_members(id, OP).await?;
        let body = self.node_body(target, OP).await?;
        let path = format!("{PATH}/{id}/configs/{}/nodes", config.id);
        let balancer = id.to_string();
        let address = body["address"].as_str().unwrap_or_default().to_string();
        let taken = self
            .api
            .list(OP, path.clone(), None, |resp, page| {
                resp.json::<RawPage<RawNode>>()?
                    .into_page_with(page, |node| Ok(node.address().to_string()))
            })
            .try_any(|existing| futures::future::ready(existing == address))
            .await?;
        if taken {
            return Err(local(
                Error::new(
                    ErrorKind::AlreadyExists,
                    format!("balancer {id} already has a member at {address}"),
                ),
                OP,
            ));
        }
        let mut member = self
            .api
            .post(OP, &path, &body, |r| {
                r.json::<RawNode>()?.into_member(&balancer)
            })
            .await?;
        if let MemberTarget::Node { node_id, .. } = target {
            member.node_id = Some(node_id.clone());
        }
        Ok(member)
    }

    pub(crate) async fn detach(&self, balancer: &str, member: &str) -> Result<()> {
        const OP: &str = "detach_member";
        let id = balancer_id(balancer, OP)?;
        let node = ids::numeric(PROVIDER_ID, "member", member, OP)?;
        let config = self.config_for_members(id, OP).await?;
        let path = format!("{PATH}/{id}/configs/{}/nodes/{node}", config.id);
        let request = self.api.request(OP, Method::DELETE, &path);
        self.api.action(request).await
    }

    /// The first Config of NodeBalancer `id` (the listener), if it has one.
    async fn first_config(&self, id: u64, operation: &'static str) -> Result<Option<RawConfig>> {
        Ok(self.configs(id, operation).await?.into_iter().next())
    }

    /// The Config members are changed on; `InvalidInput` when the NodeBalancer has none.
    async fn config_for_members(&self, id: u64, operation: &'static str) -> Result<RawConfig> {
        self.first_config(id, operation).await?.ok_or_else(|| {
            local(
                Error::invalid_input(format!(
                    "balancer {id} has no port config to attach members to"
                )),
                operation,
            )
        })
    }

    /// A Node's body: `address` (`IP:PORT`), a `label` made of them, the weight when
    /// given. For a member by instance, the instance is read for its private IPv4
    /// address: `NotFound` when it does not exist, `InvalidInput` when it has none.
    pub(super) async fn node_body(&self, target: &MemberTarget, operation: &str) -> Result<Value> {
        let port =
            validate::check_port("member port", target.port()).map_err(|e| local(e, operation))?;
        let ip = match target {
            MemberTarget::Address { ip, .. } => private_v4(*ip).map_err(|e| local(e, operation))?,
            MemberTarget::Node { node_id, .. } => self.private_address(node_id, operation).await?,
        };
        let mut body = json!({
            "address": format!("{ip}:{port}"),
            "label": format!("{ip}-{port}"),
        });
        if let Some(weight) = target.weight() {
            if !(1..=MAX_WEIGHT).contains(&weight) {
                return Err(local(
                    Error::invalid_input(format!(
                        "member weight {weight}: a Node's weight is 1 to {MAX_WEIGHT}"
                    )),
                    operation,
                ));
            }
            body["weight"] = json!(weight);
        }
        Ok(body)
    }

    /// The private IPv4 address of instance `node_id` (`GET /linode/instances/{id}`).
    async fn private_address(&self, node_id: &str, operation: &str) -> Result<Ipv4Addr> {
        let id = ids::numeric(PROVIDER_ID, "instance", node_id, operation)?;
        let node = self
            .api
            .get(operation, &format!("linode/instances/{id}"), model::node)
            .await?;
        node.private_ips
            .iter()
            .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
            .find(Ipv4Addr::is_private)
            .ok_or_else(|| {
                local(
                    Error::invalid_input(format!(
                        "instance {id} has no private IPv4 address; add one before \
                         balancing traffic to it"
                    )),
                    operation,
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn only_private_ipv4_addresses_are_members() {
        let ok: IpAddr = "192.168.130.10".parse().unwrap();
        assert_eq!(private_v4(ok).unwrap().to_string(), "192.168.130.10");
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert!(private_v4(mapped).is_ok());
        for bad in ["192.0.2.10", "2001:db8::1", "127.0.0.1"] {
            let err = private_v4(bad.parse().unwrap()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
    }
}
