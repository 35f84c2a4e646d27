//! GoGrid balancers: list, get (by id or name), add and delete.

use std::net::Ipv4Addr;

use cloud_core::http::Method;
use cloud_core::load_balancer::{Balancer, CreateBalancer, LoadBalancerCapabilities};
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::Value;

use super::members::{real_ip, real_ip_params};
use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::model::{IpPort, WireBalancer, balancer_from, type_name, wire_balancer};
use crate::ops::nodes::free_public_ip;
use crate::ops::{invalid, reference};

/// GoGrid's limit on a balancer name.
pub(crate) const MAX_NAME_LEN: usize = 20;

/// GoGrid's persistence settings (`loadbalancer.persistence`).
const PERSISTENCE: &[&str] = &["None", "SSL Sticky", "Source Address Sticky"];

/// The `CreateBalancer::extra` keys a GoGrid balancer takes.
const EXTRA_KEYS: &[&str] = &["virtual_ip", "persistence", "description"];

/// Every balancer of the account, following every page.
pub(super) fn list(client: &GoGridClient) -> BoxStream<'_, Result<Balancer>> {
    client.list_pages(
        "list_balancers",
        "grid/loadbalancer/list",
        Vec::new(),
        |v: &Value| balancer_from(v).map(Some),
    )
}

/// One balancer by id or name (`grid/loadbalancer/get`), as GoGrid sends it, with its id.
pub(super) async fn fetch(
    client: &GoGridClient,
    operation: &str,
    balancer: &str,
) -> Result<(WireBalancer, String)> {
    let balancer = reference(balancer, "load balancer", operation)?;
    let wire = client
        .call_one(
            operation,
            Method::GET,
            "grid/loadbalancer/get",
            &[("loadbalancer", balancer.to_string())],
            wire_balancer,
        )
        .await?;
    let id = wire.id.clone().ok_or_else(|| {
        Error::malformed("GoGrid's grid/loadbalancer/get answered a balancer without an id")
            .with_provider(PROVIDER_ID)
            .with_operation(operation)
    })?;
    Ok((wire, id))
}

/// One balancer by id (or name).
pub(super) async fn get(client: &GoGridClient, balancer: &str) -> Result<Balancer> {
    let (wire, id) = fetch(client, "get_balancer", balancer).await?;
    Ok(wire.to_balancer(&id))
}

/// What `CreateBalancer::extra` says: the virtual IP, persistence and description.
struct CreateExtra {
    virtual_ip: Option<Ipv4Addr>,
    persistence: Option<&'static str>,
    description: Option<String>,
}

fn create_extra(op: &str, request: &CreateBalancer) -> Result<CreateExtra> {
    if let Some(key) = request
        .extra
        .keys()
        .find(|k| !EXTRA_KEYS.contains(&k.as_str()))
    {
        return Err(invalid(
            op,
            format!(
                "a GoGrid load balancer takes no extra setting {key:?} (it takes {})",
                EXTRA_KEYS.join(", ")
            ),
        ));
    }
    let text = |key: &str| -> Result<Option<&str>> {
        match request.extra.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim())),
            Some(other) => Err(invalid(
                op,
                format!("extra[{key:?}] must be text, got {other}"),
            )),
        }
    };
    let virtual_ip = text("virtual_ip")?
        .map(|ip| {
            ip.parse::<Ipv4Addr>().map_err(|_| {
                invalid(
                    op,
                    format!("extra[\"virtual_ip\"] {ip:?} is not an IPv4 address"),
                )
            })
        })
        .transpose()?;
    let persistence = text("persistence")?
        .map(|p| {
            PERSISTENCE
                .iter()
                .copied()
                .find(|known| known.eq_ignore_ascii_case(p))
                .ok_or_else(|| {
                    invalid(
                        op,
                        format!(
                            "GoGrid persistence is one of {}, got {p:?}",
                            PERSISTENCE.join(", ")
                        ),
                    )
                })
        })
        .transpose()?;
    let description = text("description")?
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    Ok(CreateExtra {
        virtual_ip,
        persistence,
        description,
    })
}

/// Adds a balancer (`grid/loadbalancer/add`) after every check, then reads it back by
/// name when the answer carries no id.
pub(super) async fn create(
    client: &GoGridClient,
    caps: &LoadBalancerCapabilities,
    request: &CreateBalancer,
) -> Result<Balancer> {
    const OP: &str = "create_balancer";
    request
        .validate(PROVIDER_ID, caps)
        .map_err(|e| e.in_context(PROVIDER_ID, OP))?;
    let name = request.name.as_str();
    if name.chars().count() > MAX_NAME_LEN {
        return Err(invalid(
            OP,
            format!("a GoGrid load balancer name has 1 to {MAX_NAME_LEN} characters, got {name:?}"),
        ));
    }
    if request.target_port() != request.port {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "GoGrid keeps no target port apart from the listener's ({}): each real IP \
                 carries its own port, given with the member",
                request.port
            ),
        )
        .with_provider(PROVIDER_ID)
        .with_operation(OP));
    }
    if request.members.is_empty() {
        return Err(invalid(
            OP,
            "a GoGrid load balancer needs at least one real IP (member by address)",
        ));
    }
    let mut real: Vec<IpPort> = Vec::with_capacity(request.members.len());
    for member in &request.members {
        let ip = real_ip(OP, member)?;
        if real.contains(&ip) {
            return Err(invalid(
                OP,
                format!("real IP {}:{} is given twice", ip.ip, ip.port),
            ));
        }
        real.push(ip);
    }
    let algorithm =
        type_name(&request.algorithm).ok_or_else(|| Error::unsupported(PROVIDER_ID, OP))?;
    let extra = create_extra(OP, request)?;
    let virtual_ip = match extra.virtual_ip {
        Some(ip) => ip.to_string(),
        None => {
            free_public_ip(
                client,
                OP,
                None,
                "a GoGrid load balancer needs one as its virtual IP: free an address or \
                 add IPs to the account, or name one in extra[\"virtual_ip\"]",
            )
            .await?
        }
    };
    let mut params: Vec<(String, String)> = vec![
        ("name".into(), name.to_string()),
        ("virtualip.ip".into(), virtual_ip),
        ("virtualip.port".into(), request.port.to_string()),
        ("loadbalancer.type".into(), algorithm.to_string()),
    ];
    if let Some(p) = extra.persistence {
        params.push(("loadbalancer.persistence".into(), p.to_string()));
    }
    if let Some(d) = extra.description {
        params.push(("description".into(), d));
    }
    params.extend(real_ip_params(&real));
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let added = client
        .call_one(
            OP,
            Method::POST,
            "grid/loadbalancer/add",
            &params,
            wire_balancer,
        )
        .await?;
    match &added.id {
        Some(id) => Ok(added.to_balancer(id)),
        None => {
            let (wire, id) = fetch(client, OP, &added.name).await?;
            Ok(wire.to_balancer(&id))
        }
    }
}

/// Deletes a balancer by id or name (`grid/loadbalancer/delete`).
pub(super) async fn destroy(client: &GoGridClient, balancer: &str) -> Result<()> {
    const OP: &str = "destroy_balancer";
    let balancer = reference(balancer, "load balancer", OP)?;
    client
        .call(
            OP,
            Method::POST,
            "grid/loadbalancer/delete",
            &[("loadbalancer", balancer.to_string())],
        )
        .await?;
    Ok(())
}
