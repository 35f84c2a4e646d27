//! GoGrid servers as nodes: list (with generated passwords), get, create (with a free
//! public IP of the pool), power actions and delete.

use std::collections::HashMap;
use std::sync::Arc;

use cloud_core::compute::{ComputeCapabilities, CreateNode, Node};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use super::{invalid, reference};
use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::model;
use crate::options::GoGridCreateOptions;

/// GoGrid's limit on a server name.
pub const MAX_NAME_LEN: usize = 20;

/// Servers, each with `extra["password"]` when the password list has one for it.
pub(crate) fn list(client: &GoGridClient) -> BoxStream<'_, Result<Node>> {
    futures::stream::once(password_map(client))
        .map_ok(move |passwords| {
            let passwords = Arc::new(passwords);
            client.list_pages(
                "list_nodes",
                "grid/server/list",
                Vec::new(),
                move |v: &Value| {
                    let pw = model::id_text(v.get("id")).and_then(|id| passwords.get(&id).cloned());
                    model::server_to_node(v, pw.as_deref()).map(Some)
                },
            )
        })
        .try_flatten()
        .boxed()
}

pub(crate) async fn get(client: &GoGridClient, id: &str) -> Result<Node> {
    let id = reference(id, "server", "get_node")?;
    client
        .call_one(
            "get_node",
            Method::GET,
            "grid/server/get",
            &[("server", id.to_string())],
            |v| model::server_to_node(v, None),
        )
        .await
}

/// Checks the request locally (name, size, image, what `capabilities` refuses, the
/// options), finds an IP unless one is given, and adds the server.
pub(crate) async fn create(
    client: &GoGridClient,
    capabilities: &ComputeCapabilities,
    request: &CreateNode,
) -> Result<Node> {
    const OP: &str = "create_node";
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_LEN {
        return Err(invalid(
            OP,
            format!("a GoGrid server name has 1 to {MAX_NAME_LEN} characters, got {name:?}"),
        ));
    }
    for (value, what) in [(&request.size, "size"), (&request.image, "image")] {
        if value.trim().is_empty() {
            return Err(invalid(OP, format!("a server needs a {what}")));
        }
    }
    capabilities.check_create(PROVIDER_ID, request)?;
    let options = GoGridCreateOptions::from_request(request)?;
    let ip = match options.ip {
        Some(ip) => ip,
        None => {
            free_public_ip(
                client,
                OP,
                request.location.as_deref(),
                "every GoGrid server needs one at creation: free an address or add IPs to \
                 the account, or pass an address with the `ip` option",
            )
            .await?
        }
    };
    let mut params = vec![
        ("name", name.to_string()),
        ("image", request.image.trim().to_string()),
        ("server.ram", request.size.trim().to_string()),
        ("ip", ip),
    ];
    if let Some(d) = options.description {
        params.push(("description", d));
    }
    client
        .call_one(OP, Method::POST, "grid/server/add", &params, |v| {
            model::server_to_node(v, None)
        })
        .await
}

pub(crate) async fn destroy(client: &GoGridClient, id: &str) -> Result<()> {
    let id = reference(id, "server", "destroy_node")?;
    client
        .call(
            "destroy_node",
            Method::POST,
            "grid/server/delete",
            &[("server", id.to_string())],
        )
        .await?;
    Ok(())
}

/// `grid/server/power` with `power` = `restart`, `start` or `stop`.
pub(crate) async fn power(
    client: &GoGridClient,
    operation: &str,
    id: &str,
    power: &str,
) -> Result<()> {
    let id = reference(id, "server", operation)?;
    client
        .call(
            operation,
            Method::POST,
            "grid/server/power",
            &[("server", id.to_string()), ("power", power.to_string())],
        )
        .await?;
    Ok(())
}

/// Passwords GoGrid generated for servers, by server id. A key whose role may not read
/// passwords (`401`, `PermissionDenied`) gets an empty map rather than an error; a bad
/// key (`403`) fails.
async fn password_map(client: &GoGridClient) -> Result<HashMap<String, String>> {
    let listed: Result<Vec<(String, String)>> = client
        .list_pages(
            "list_passwords",
            "support/password/list",
            Vec::new(),
            |v: &Value| Ok(model::password_from(v)),
        )
        .try_collect()
        .await;
    match listed {
        Ok(pairs) => Ok(pairs.into_iter().collect()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            tracing::debug!(kind = %e.kind(), "password list not readable with this key");
            Ok(HashMap::new())
        }
        Err(e) => Err(e),
    }
}

/// The first free public IP of the account's pool, in `location` when given, for
/// `operation`; with none free, `QuotaExceeded` ending with `hint` (how else to name an
/// address).
pub(crate) async fn free_public_ip(
    client: &GoGridClient,
    operation: &'static str,
    location: Option<&str>,
    hint: &str,
) -> Result<String> {
    let mut params = vec![
        ("ip.type", "Public".to_string()),
        ("ip.state", "Unassigned".to_string()),
    ];
    if let Some(loc) = location {
        params.push(("datacenter", loc.to_string()));
    }
    let mut ips = client.list_pages(operation, "grid/ip/list", params, |v: &Value| {
        model::ip_from(v).map(|ip| ip.is_free_public().then_some(ip))
    });
    if let Some(ip) = ips.next().await {
        return Ok(ip?.ip);
    }
    let place = location
        .map(|l| format!(" in data centre {l}"))
        .unwrap_or_default();
    Err(Error::new(
        ErrorKind::QuotaExceeded,
        format!("no unassigned public IP is left in the account's pool{place}; {hint}"),
    )
    .with_provider(PROVIDER_ID)
    .with_operation(operation))
}
