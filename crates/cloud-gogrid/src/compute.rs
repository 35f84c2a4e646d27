//! The portable compute calls over GoGrid.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Image, Location, Node, Size,
};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use crate::PROVIDER_ID;
use crate::driver::{GoGridCompute, invalid, reference};
use crate::model;

/// GoGrid's limit on a server name.
pub const MAX_NAME_LEN: usize = 20;

/// Options of `create_node` read from `CreateNode.options`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CreateOptions {
    /// The public IP to give the server; when absent the driver picks a free one.
    pub ip: Option<String>,
    /// The server's description.
    pub description: Option<String>,
}

impl CreateOptions {
    /// Reads `ip` and `description` (strings); any other key, or a non-string value, is
    /// `InvalidInput`.
    pub fn from_request(request: &CreateNode) -> Result<Self> {
        let mut out = CreateOptions::default();
        for (key, value) in &request.options {
            let Some(text) = value.as_str() else {
                return Err(invalid(
                    "create_node",
                    format!("option {key:?} must be a string"),
                ));
            };
            match key.as_str() {
                "ip" => out.ip = Some(text.to_string()),
                "description" => out.description = Some(text.to_string()),
                other => {
                    return Err(invalid(
                        "create_node",
                        format!("unknown GoGrid option {other:?}; known: ip, description"),
                    ));
                }
            }
        }
        Ok(out)
    }
}

impl GoGridCompute {
    /// Passwords GoGrid generated for servers, by server id. A key whose role may not
    /// read passwords (`401`, `PermissionDenied`) gets an empty map rather than an error;
    /// a bad key (`403`) fails.
    async fn password_map(&self) -> Result<HashMap<String, String>> {
        let listed: Result<Vec<(String, String)>> = self
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

    /// The first free public IP of the account's pool, in `location` when given.
    async fn free_public_ip(&self, location: Option<&str>) -> Result<String> {
        let mut params = vec![
            ("ip.type", "Public".to_string()),
            ("ip.state", "Unassigned".to_string()),
        ];
        if let Some(loc) = location {
            params.push(("datacenter", loc.to_string()));
        }
        let mut ips = self.list_pages("create_node", "grid/ip/list", params, |v: &Value| {
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
            format!(
                "no unassigned public IP is left in the account's pool{place}; every GoGrid \
                 server needs one at creation: free an address or add IPs to the account, \
                 or pass an address with the `ip` option"
            ),
        )
        .with_provider(PROVIDER_ID)
        .with_operation("create_node"))
    }

    async fn power(&self, operation: &str, id: &str, power: &str) -> Result<()> {
        let id = reference(id, "server", operation)?;
        self.call(
            operation,
            Method::POST,
            "grid/server/power",
            &[("server", id.to_string()), ("power", power.to_string())],
        )
        .await?;
        Ok(())
    }
}

fn unsupported_option(what: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("GoGrid does not support {what} on create"),
    )
    .with_provider(PROVIDER_ID)
    .with_operation("create_node")
}

fn stream_of<'a, T: Send + 'a>(result: Result<Vec<T>>) -> BoxStream<'a, Result<T>> {
    let items: Vec<Result<T>> = match result {
        Ok(items) => items.into_iter().map(Ok).collect(),
        Err(e) => vec![Err(e)],
    };
    futures::stream::iter(items).boxed()
}

#[async_trait]
impl Compute for GoGridCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::StartStop,
            ComputeFeature::GetImage,
            ComputeFeature::ImageCreate,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    /// Servers, each with `extra["password"]` when the password list has one for it.
    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        futures::stream::once(self.password_map())
            .flat_map(move |passwords| match passwords {
                Ok(map) => {
                    let map = Arc::new(map);
                    self.list_pages(
                        "list_nodes",
                        "grid/server/list",
                        Vec::new(),
                        move |v: &Value| {
                            let pw =
                                model::id_text(v.get("id")).and_then(|id| map.get(&id).cloned());
                            model::server_to_node(v, pw.as_deref()).map(Some)
                        },
                    )
                }
                Err(e) => stream_of(Err(e)),
            })
            .boxed()
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        let id = reference(id, "server", "get_node")?;
        self.call_one(
            "get_node",
            Method::GET,
            "grid/server/get",
            &[("server", id.to_string())],
            |v| model::server_to_node(v, None),
        )
        .await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        let name = request.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_LEN {
            return Err(invalid(
                "create_node",
                format!("a GoGrid server name has 1 to {MAX_NAME_LEN} characters, got {name:?}"),
            ));
        }
        for (value, what) in [(&request.size, "size"), (&request.image, "image")] {
            if value.trim().is_empty() {
                return Err(invalid("create_node", format!("a server needs a {what}")));
            }
        }
        if request.auth.is_some() {
            return Err(unsupported_option(
                "first-login credentials (GoGrid generates the password)",
            ));
        }
        if !request.tags.is_empty() {
            return Err(unsupported_option("tags"));
        }
        if request.user_data.is_some() {
            return Err(unsupported_option("user data"));
        }
        let options = CreateOptions::from_request(request)?;
        let ip = match options.ip {
            Some(ip) => ip,
            None => self.free_public_ip(request.location.as_deref()).await?,
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
        self.call_one(
            "create_node",
            Method::POST,
            "grid/server/add",
            &params,
            |v| model::server_to_node(v, None),
        )
        .await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        let id = reference(id, "server", "destroy_node")?;
        self.call(
            "destroy_node",
            Method::POST,
            "grid/server/delete",
            &[("server", id.to_string())],
        )
        .await?;
        Ok(())
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        self.power("reboot_node", id, "restart").await
    }

    async fn start_node(&self, id: &str) -> Result<()> {
        self.power("start_node", id, "start").await
    }

    async fn stop_node(&self, id: &str) -> Result<()> {
        self.power("stop_node", id, "stop").await
    }

    /// The `server.ram` options; an option whose RAM cannot be read is left out.
    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        futures::stream::once(async move {
            let options = self.lookup("list_sizes", "server.ram").await?;
            let mut sizes = Vec::new();
            for option in &options {
                match model::size_from(option)
                    .map_err(|e| e.in_context(PROVIDER_ID, "list_sizes"))?
                {
                    Some(size) => sizes.push(size),
                    None => tracing::debug!("skipping a RAM option without a readable size"),
                }
            }
            Ok(sizes)
        })
        .flat_map(stream_of)
        .boxed()
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        self.list_pages("list_images", "grid/image/list", Vec::new(), |v: &Value| {
            model::image_from(v).map(Some)
        })
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        let id = reference(id, "image", "get_image")?;
        self.call_one(
            "get_image",
            Method::GET,
            "grid/image/get",
            &[("image", id.to_string())],
            model::image_from,
        )
        .await
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        futures::stream::once(async move {
            let options = self.lookup("list_locations", "datacenter").await?;
            options
                .iter()
                .map(|o| {
                    model::location_from(o).map_err(|e| e.in_context(PROVIDER_ID, "list_locations"))
                })
                .collect::<Result<Vec<_>>>()
        })
        .flat_map(stream_of)
        .boxed()
    }

    /// Saves a server image (`grid/image/save`) from the node, which GoGrid requires to
    /// be an image sandbox server.
    async fn create_image(&self, node_id: &str, name: &str) -> Result<Image> {
        let node_id = reference(node_id, "server", "create_image")?;
        if name.trim().is_empty() {
            return Err(invalid("create_image", "a server image needs a name"));
        }
        self.call_one(
            "create_image",
            Method::POST,
            "grid/image/save",
            &[
                ("server", node_id.to_string()),
                ("friendlyName", name.trim().to_string()),
            ],
            model::image_from,
        )
        .await
    }

    async fn delete_image(&self, image_id: &str) -> Result<()> {
        let image_id = reference(image_id, "image", "delete_image")?;
        self.call(
            "delete_image",
            Method::POST,
            "grid/image/delete",
            &[("image", image_id.to_string())],
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_options_are_typed() {
        let mut r = CreateNode::new("a", "512MB", "1");
        r.options.insert("ip".into(), json!("1.2.3.4"));
        r.options.insert("description".into(), json!("web"));
        let o = CreateOptions::from_request(&r).unwrap();
        assert_eq!(o.ip.as_deref(), Some("1.2.3.4"));
        assert_eq!(o.description.as_deref(), Some("web"));
        r.options.insert("ip".into(), json!(5));
        assert_eq!(
            CreateOptions::from_request(&r).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let mut r = CreateNode::new("a", "512MB", "1");
        r.options.insert("colour".into(), json!("red"));
        assert_eq!(
            CreateOptions::from_request(&r).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
