//! Nova servers as nodes: list, get, create, delete, reboot, start and stop.

use chrono::{DateTime, SecondsFormat, Utc};
use cloud_core::compute::{Compute, CreateNode, Extra, Node, NodeState};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::{Value, json};

use super::OpenStackCompute;
use super::call::{Body, Call, Caller, PAGE_SIZE, filtered, paged};
use super::model;
use super::options::{OpenStackCreateOptions, create_body};
use super::paths::{id, local};
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /servers/detail`, page after page.
    pub(crate) fn nodes(&self) -> BoxStream<'static, Result<Node>> {
        paged(
            self.nova.clone(),
            "list_nodes",
            "servers/detail".into(),
            Some(PAGE_SIZE),
            model::servers_page,
        )
    }

    /// The servers changed since `since` (Nova's `changes-since` filter), deleted ones
    /// included (state `terminated`), page after page. Provider-only.
    pub fn list_nodes_changed_since(
        &self,
        since: DateTime<Utc>,
    ) -> BoxStream<'static, Result<Node>> {
        let call = Call::new("list_nodes", Method::GET, "servers/detail").query(
            "changes-since",
            since.to_rfc3339_opts(SecondsFormat::Secs, true),
        );
        filtered(
            self.nova.clone(),
            call,
            Some(PAGE_SIZE),
            model::servers_page,
        )
    }

    pub(crate) async fn node(&self, server: &str) -> Result<Node> {
        const OP: &str = "get_node";
        let server = id("server", server, OP)?;
        let resp = self
            .nova
            .call(Call::new(OP, Method::GET, format!("servers/{server}")))
            .await?;
        model::server(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// Checks the request locally, then `POST /servers`. Nova answers with the id (and
    /// a generated password, which is not kept); the node is returned as requested, in
    /// state `pending` (`BUILD`).
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let options =
            OpenStackCreateOptions::from_options(&request.options).map_err(|e| local(e, OP))?;
        let (owned, networks) = (request.clone(), self.networks.clone());
        let body = Body::Versioned(std::sync::Arc::new(move |version| {
            create_body(&owned, &options, &networks, version)
        }));
        let mut call = Call::new(OP, Method::POST, "servers");
        call.body = body;
        let resp = self.nova.call(call).await?;
        let server =
            model::created_server_id(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        let mut extra = Extra::new();
        extra.insert("status".into(), Value::from("BUILD"));
        Ok(Node {
            id: server,
            name: request.name.clone(),
            state: NodeState::Pending,
            public_ips: Vec::new(),
            private_ips: Vec::new(),
            size: Some(request.size.clone()),
            image: Some(request.image.clone()),
            location: request.location.clone(),
            created_at: None,
            tags: request.tags.clone(),
            extra,
            operation: None,
        })
    }

    pub(crate) async fn destroy(&self, server: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let server = id("server", server, OP)?;
        self.nova
            .call(Call::new(OP, Method::DELETE, format!("servers/{server}")))
            .await
            .map(drop)
    }

    /// `POST /servers/{id}/action` with `action` (`{"reboot": {"type": "SOFT"}}`,
    /// `{"os-stop": null}`, …); Nova answers 202 with no body.
    pub(crate) async fn action(&self, server: &str, op: &'static str, action: Value) -> Result<()> {
        let server = id("server", server, op)?;
        self.nova
            .call(Call::new(op, Method::POST, format!("servers/{server}/action")).json(action))
            .await
            .map(drop)
    }

    /// Reboots a server: a soft reboot (the guest is asked to restart) or, with `hard`,
    /// a hard one (power cycled). Provider-only; `reboot_node` is the soft one.
    pub async fn reboot(&self, server: &str, hard: bool) -> Result<()> {
        let kind = if hard { "HARD" } else { "SOFT" };
        self.action(server, "reboot_node", json!({ "reboot": { "type": kind } }))
            .await
    }
}
