//! NodeBalancers as balancers: listed, read, created with their Config and first Nodes,
//! destroyed.

use cloud_core::http::Method;
use cloud_core::load_balancer::{
    Algorithm, Balancer, BalancerState, CreateBalancer, Listener, LoadBalancer,
};
use cloud_core::{BoxStream, Error, Result, ids};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Map, Value, json};

use super::LinodeLoadBalancer;
use super::words::{
    algorithm_from_linode, algorithm_to_linode, check_fields, health_check_of,
    protocol_from_linode, protocol_to_linode,
};
use crate::PROVIDER_ID;
use crate::errors::local;
use crate::model::{RawConfig, RawNodeBalancer, RawPage, extra_from};

/// The collection's path under the endpoint.
pub(super) const PATH: &str = "nodebalancers";

/// NodeBalancer fields a `CreateBalancer::extra` may set, sent as given.
const BALANCER_EXTRA: [&str; 3] = ["tags", "client_conn_throttle", "firewall_id"];

/// Config fields a `CreateBalancer::extra` may set, sent as given (`ssl_cert` and
/// `ssl_key` are what an `https` Config needs).
const CONFIG_EXTRA: [&str; 7] = [
    "ssl_cert",
    "ssl_key",
    "stickiness",
    "cipher_suite",
    "proxy_protocol",
    "check_passive",
    "check_body",
];

/// A NodeBalancer id, which on Linode is a number; anything else is `NotFound` without
/// a request.
pub(super) fn balancer_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "balancer", id, operation)
}

/// A NodeBalancer label: 3 to 32 letters, digits, `-` and `_`; `InvalidInput` otherwise.
fn check_label(name: &str) -> Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if (3..=32).contains(&name.len()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "balancer name {name:?}: a NodeBalancer label is 3 to 32 letters, digits, '-' \
             and '_'"
        )))
    }
}

impl LinodeLoadBalancer {
    pub(crate) fn balancers(&self) -> BoxStream<'static, Result<Balancer>> {
        const OP: &str = "list_balancers";
        let this = self.clone();
        self.api
            .list(OP, PATH, None, |resp, page| {
                resp.json::<RawPage<RawNodeBalancer>>()?
                    .into_page_with(page, Ok)
            })
            .and_then(move |nb| {
                let this = this.clone();
                async move {
                    let configs = this.configs(nb.id, OP).await?;
                    assemble(nb, configs).map_err(|e| local(e, OP))
                }
            })
            .boxed()
    }

    pub(crate) async fn balancer(&self, id: &str) -> Result<Balancer> {
        const OP: &str = "get_balancer";
        let id = balancer_id(id, OP)?;
        let nb = self
            .api
            .get(OP, &format!("{PATH}/{id}"), |r| r.json::<RawNodeBalancer>())
            .await?;
        let configs = self.configs(id, OP).await?;
        assemble(nb, configs).map_err(|e| local(e, OP))
    }

    /// Checks everything that can be checked locally and finds every member's address
    /// (a missing instance is `NotFound` before anything is created), then creates the
    /// NodeBalancer with its Config and Nodes in one call. Linode wants at least one Node
    /// in a Config sent that way, so a balancer without members gets its Config from a
    /// second call (and is deleted again when that fails).
    pub(crate) async fn create(&self, request: &CreateBalancer) -> Result<Balancer> {
        const OP: &str = "create_balancer";
        request
            .validate(PROVIDER_ID, &self.capabilities())
            .and_then(|()| check_label(&request.name))
            .map_err(|e| local(e, OP))?;
        let region = self.default_region.as_deref().ok_or_else(|| {
            local(
                Error::invalid_input(
                    "region: Linode needs a region for a new NodeBalancer; configure \
                         the provider's region",
                ),
                OP,
            )
        })?;
        let (mut body, mut config) = create_bodies(request, region).map_err(|e| local(e, OP))?;
        let mut nodes = Vec::with_capacity(request.members.len());
        for member in &request.members {
            nodes.push(self.node_body(member, OP).await?);
        }
        let with_nodes = !nodes.is_empty();
        if with_nodes {
            config.insert("nodes".into(), Value::Array(nodes));
            body.insert("configs".into(), json!([config]));
        }
        let nb = self
            .api
            .post(OP, PATH, &Value::Object(body), |r| {
                r.json::<RawNodeBalancer>()
            })
            .await?;
        let id = nb.id;
        if !with_nodes {
            let path = format!("{PATH}/{id}/configs");
            let made = self
                .api
                .post(OP, &path, &Value::Object(config), |r| r.json::<RawConfig>())
                .await;
            if let Err(e) = made {
                let _ = self.destroy(&id.to_string()).await;
                return Err(e);
            }
        }
        let configs = self.configs(id, OP).await?;
        assemble(nb, configs).map_err(|e| local(e, OP))
    }

    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_balancer";
        let id = balancer_id(id, OP)?;
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("{PATH}/{id}"));
        self.api.action(request).await
    }

    /// Every Config of NodeBalancer `id`, following the pages.
    pub(super) async fn configs(&self, id: u64, operation: &'static str) -> Result<Vec<RawConfig>> {
        self.api
            .list(
                operation,
                format!("{PATH}/{id}/configs"),
                None,
                |resp, page| resp.json::<RawPage<RawConfig>>()?.into_page_with(page, Ok),
            )
            .try_collect()
            .await
    }
}

/// The bodies of `POST /nodebalancers` (label, region, the NodeBalancer's `extra`
/// fields) and of its Config (port, protocol, algorithm, check, the Config's `extra`
/// fields), without the Nodes. `InvalidInput` for an `extra` field neither takes.
fn create_bodies(
    request: &CreateBalancer,
    region: &str,
) -> Result<(Map<String, Value>, Map<String, Value>)> {
    let mut body = Map::new();
    body.insert("label".into(), json!(request.name));
    body.insert("region".into(), json!(region));
    let mut config = Map::new();
    config.insert("port".into(), json!(request.port));
    config.insert(
        "protocol".into(),
        json!(protocol_to_linode(&request.protocol)),
    );
    config.insert(
        "algorithm".into(),
        json!(algorithm_to_linode(&request.algorithm)),
    );
    config.extend(check_fields(
        request.health_check.as_ref(),
        request.target_port(),
    )?);
    if request.target_port() != request.port {
        return Err(Error::invalid_input(format!(
            "target port {}: a NodeBalancer Config sends traffic to each member's own \
             port; give the members that port instead",
            request.target_port()
        )));
    }
    for (name, value) in &request.extra {
        if BALANCER_EXTRA.contains(&name.as_str()) {
            body.insert(name.clone(), value.clone());
        } else if CONFIG_EXTRA.contains(&name.as_str()) {
            config.insert(name.clone(), value.clone());
        } else {
            return Err(Error::invalid_input(format!(
                "extra: Linode balancers take {} and {} in extra, not {name:?}",
                BALANCER_EXTRA.join(", "),
                CONFIG_EXTRA.join(", ")
            )));
        }
    }
    Ok((body, config))
}

/// A NodeBalancer and its Configs as a balancer: one listener per Config (traffic goes
/// to each Node's own port, reported as the listener's), the algorithm and check of the
/// first, its public addresses. NodeBalancers have no status: they serve once created.
fn assemble(nb: RawNodeBalancer, configs: Vec<RawConfig>) -> Result<Balancer> {
    let mut listeners = Vec::with_capacity(configs.len());
    for config in &configs {
        let port = u16::try_from(config.port)
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| {
                Error::malformed(format!("config port {} is outside 1-65535", config.port))
            })?;
        listeners.push(Listener {
            port,
            protocol: protocol_from_linode(&config.protocol),
            target_port: port,
        });
    }
    let first = configs.first();
    let mut extra = extra_from(nb.rest);
    if let Some(config) = first {
        extra.insert("config_id".into(), json!(config.id));
    }
    Ok(Balancer {
        id: nb.id.to_string(),
        name: nb.label,
        state: BalancerState::Running,
        listeners,
        algorithm: first.map_or(Algorithm::RoundRobin, |c| {
            algorithm_from_linode(&c.algorithm)
        }),
        health_check: first.and_then(health_check_of),
        public_ips: nb.ipv4.into_iter().chain(nb.ipv6).collect(),
        operation: None,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::load_balancer::{HealthCheck, Protocol};

    #[test]
    fn create_bodies_split_balancer_and_config_fields() {
        let mut request =
            CreateBalancer::new("web-lb", 443, Protocol::Https).with_algorithm(Algorithm::SourceIp);
        request.health_check = Some(HealthCheck::tcp(443));
        request.extra.insert("tags".into(), json!(["prod"]));
        request.extra.insert("ssl_cert".into(), json!("CERT"));
        let (body, config) = create_bodies(&request, "us-east").unwrap();
        assert_eq!(
            Value::Object(body),
            json!({"label": "web-lb", "region": "us-east", "tags": ["prod"]})
        );
        assert_eq!(
            Value::Object(config),
            json!({"port": 443, "protocol": "https", "algorithm": "source",
                   "check": "connection", "check_interval": 30, "check_timeout": 5,
                   "check_attempts": 3, "ssl_cert": "CERT"})
        );
    }

    #[test]
    fn requests_linode_cannot_take_are_invalid_input() {
        let mut other_target = CreateBalancer::new("web-lb", 80, Protocol::Http);
        other_target.target_port = Some(8080);
        let mut bad_extra = CreateBalancer::new("web-lb", 80, Protocol::Http);
        bad_extra.extra.insert("nodes".into(), json!([]));
        for request in [other_target, bad_extra] {
            let err = create_bodies(&request, "us-east").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{request:?}");
        }
        for bad in ["lb", "web.lb", &"x".repeat(33)] {
            assert_eq!(
                check_label(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
        assert!(check_label("web_lb-1").is_ok());
    }
}
