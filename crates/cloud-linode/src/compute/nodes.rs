//! Linode instances as nodes.

use cloud_core::compute::{Compute, CreateNode, Node, NodeAuth};
use cloud_core::http::Method;
use cloud_core::ids;
use cloud_core::{BoxStream, Error, Result};

use super::label::validate_label;
use super::local;
use crate::options::{LinodeCreateOptions, create_body};
use crate::{LinodeCompute, PROVIDER_ID, model};

impl LinodeCompute {
    pub(crate) fn nodes(&self) -> BoxStream<'static, Result<Node>> {
        self.api
            .list("list_nodes", "linode/instances", None, model::nodes)
    }

    pub(crate) async fn node(&self, id: &str) -> Result<Node> {
        const OP: &str = "get_node";
        let id = ids::numeric(PROVIDER_ID, "instance", id, OP)?;
        self.api
            .get(OP, &format!("linode/instances/{id}"), model::node)
            .await
    }

    /// Checks everything that can be checked locally, then creates the instance.
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
        validate_label(&request.name).map_err(|e| local(e, OP))?;
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let options =
            LinodeCreateOptions::from_options(&request.options).map_err(|e| local(e, OP))?;
        let region = request
            .location
            .as_deref()
            .or(self.default_region.as_deref())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                local(
                    Error::invalid_input(
                        "region: Linode needs a location (region) for a new node; \
                         pass one or configure a default region",
                    ),
                    OP,
                )
            })?;
        let stored_key = match &request.auth {
            Some(NodeAuth::KeyPairName { name }) => {
                let (_, key) = self.key(name, OP).await?;
                key.public_key
            }
            _ => None,
        };
        let body = create_body(request, region, &options, stored_key);
        self.api
            .post(OP, "linode/instances", &body, model::node)
            .await
    }

    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let id = ids::numeric(PROVIDER_ID, "instance", id, OP)?;
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("linode/instances/{id}"));
        self.api.action(request).await
    }

    /// `POST /linode/instances/{id}/{action}` (`boot`, `reboot`, `shutdown`), with no
    /// body: shutdown takes none, and the optional `config_id` of boot and reboot is left
    /// to Linode (the last booted config). Booting and shutting down twice is harmless, so
    /// those may be retried; rebooting is not.
    pub(crate) async fn power(&self, id: &str, operation: &str, action: &str) -> Result<()> {
        let id = ids::numeric(PROVIDER_ID, "instance", id, operation)?;
        let request = self
            .api
            .request(
                operation,
                Method::POST,
                &format!("linode/instances/{id}/{action}"),
            )
            .idempotent(action != "reboot");
        self.api.action(request).await
    }
}
