//! Provider-only GoGrid calls on servers: edit, the IP pool, generated passwords.

use cloud_core::compute::Node;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result, Secret};
use serde_json::Value;

use crate::GoGridCompute;
use crate::model::{self, PoolIp};
use crate::ops::{invalid, reference};

/// What `grid/server/edit` changes; fields left `None` stay as they are.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EditServer {
    /// A new RAM option (`1GB`), that is, a new size.
    pub ram: Option<String>,
    /// A new description.
    pub description: Option<String>,
}

/// Which addresses of the pool to list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IpFilter {
    /// `Some(true)` public only, `Some(false)` private only.
    pub public: Option<bool>,
    /// `Some(true)` assigned only, `Some(false)` unassigned only.
    pub assigned: Option<bool>,
    /// A data centre id or name.
    pub datacenter: Option<String>,
}

/// A password GoGrid generated for a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerPassword {
    /// The server's id.
    pub server_id: String,
    /// The password; it never prints.
    pub password: Secret,
}

impl GoGridCompute {
    /// Changes a server's RAM option or description (`grid/server/edit`) and returns
    /// the server as GoGrid reports it afterwards.
    pub async fn edit_node(&self, id: &str, edit: &EditServer) -> Result<Node> {
        let id = reference(id, "server", "edit_node")?;
        let mut params = vec![("server", id.to_string())];
        if let Some(ram) = &edit.ram {
            params.push(("server.ram", ram.clone()));
        }
        if let Some(d) = &edit.description {
            params.push(("description", d.clone()));
        }
        if params.len() == 1 {
            return Err(invalid(
                "edit_node",
                "nothing to change: set ram or description",
            ));
        }
        self.client
            .call_one(
                "edit_node",
                Method::POST,
                "grid/server/edit",
                &params,
                |v| model::server_to_node(v, None),
            )
            .await
    }

    /// The account's IP addresses (`grid/ip/list`), filtered, following every page.
    pub fn list_ips(&self, filter: &IpFilter) -> BoxStream<'_, Result<PoolIp>> {
        let mut params = Vec::new();
        if let Some(public) = filter.public {
            params.push((
                "ip.type",
                if public { "Public" } else { "Private" }.to_string(),
            ));
        }
        if let Some(assigned) = filter.assigned {
            let state = if assigned { "Assigned" } else { "Unassigned" };
            params.push(("ip.state", state.to_string()));
        }
        if let Some(dc) = &filter.datacenter {
            params.push(("datacenter", dc.clone()));
        }
        self.client
            .list_pages("list_ips", "grid/ip/list", params, |v: &Value| {
                model::ip_from(v).map(Some)
            })
    }

    /// Server passwords from `support/password/list` (entries for other applications,
    /// such as cloud storage, are left out).
    pub fn list_passwords(&self) -> BoxStream<'_, Result<ServerPassword>> {
        self.client.list_pages(
            "list_passwords",
            "support/password/list",
            Vec::new(),
            |v: &Value| {
                Ok(
                    model::password_from(v).map(|(server_id, pw)| ServerPassword {
                        server_id,
                        password: Secret::new(pw),
                    }),
                )
            },
        )
    }
}
