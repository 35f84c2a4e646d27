//! Instances: list across zones, get, create, power actions, delete.

use cloud_core::compute::{Compute, CreateNode, Node};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result};
use sha2::{Digest, Sha256};

use super::zone_for;
use crate::model::{self, node_id};
use crate::ops::names::{check_new_name, image_path, is_resource_name, zoned};
use crate::options::{GceCreateOptions, create_body};
use crate::{GceCompute, PROVIDER_ID};

impl GceCompute {
    /// Every instance of the project, across zones (`instances.aggregatedList`).
    pub(crate) fn nodes(&self) -> BoxStream<'static, Result<Node>> {
        let path = format!("projects/{}/aggregated/instances", self.api.project());
        self.api
            .list("list_nodes", path, model::aggregated_instances)
    }

    /// One instance by `zone/name` (or a bare name in the default zone).
    pub(crate) async fn node(&self, id: &str) -> Result<Node> {
        let (zone, name) = zoned("instance", id, self.zone.as_deref(), "get_node")?;
        self.api
            .get(
                "get_node",
                &format!("zones/{zone}/instances/{name}"),
                model::instance,
            )
            .await
    }

    /// Creates an instance, waits for its operation and returns it as then reported.
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let options = GceCreateOptions::from_options(&request.options)?;
        check_new_name("instance", &request.name, OP)?;
        if !is_resource_name(&request.size) {
            return Err(Error::invalid_input(format!(
                "{:?} is not a machine type name",
                request.size.chars().take(64).collect::<String>()
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        }
        let zone = zone_for(request.location.as_deref(), self.zone.as_deref(), OP)?;
        let image_project = options
            .image_project
            .as_deref()
            .unwrap_or(self.api.project());
        let Some(image) = image_path(&request.image, image_project) else {
            return Err(Error::invalid_input(format!(
                "{:?} does not name an image (project/name, project/family/name, or a projects/… path)",
                request.image.chars().take(64).collect::<String>()
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        };
        let body = create_body(request, &zone, &image, &options)?;
        let mut insert = self
            .api
            .request(OP, Method::POST, &format!("zones/{zone}/instances"))
            .json(&body)
            .idempotent(true);
        insert
            .url
            .query_pairs_mut()
            .append_pair("requestId", &request_id(request.idempotency_key.as_deref()));
        let op = self.api.operation(insert).await?;
        let id = node_id(&zone, &request.name);
        self.finish(OP, &id, op).await?;
        self.node(&id)
            .await
            .map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// Deletes an instance and waits for it to go.
    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let (zone, name) = zoned("instance", id, self.zone.as_deref(), OP)?;
        let op = self
            .api
            .delete_operation(OP, &format!("zones/{zone}/instances/{name}"))
            .await?;
        self.finish(OP, &node_id(&zone, &name), op).await
    }

    /// `reset`, `start` or `stop`, and waits for it.
    pub(crate) async fn power(&self, id: &str, operation: &str, action: &str) -> Result<()> {
        let (zone, name) = zoned("instance", id, self.zone.as_deref(), operation)?;
        let op = self
            .api
            .post_operation(
                operation,
                &format!("zones/{zone}/instances/{name}/{action}"),
                None,
            )
            .await?;
        self.finish(operation, &node_id(&zone, &name), op).await
    }
}

/// The `requestId` of an insert: the idempotency key itself when it is a UUID, a UUID
/// made from its SHA-256 otherwise (the same key, the same id), or a fresh one.
pub(crate) fn request_id(key: Option<&str>) -> String {
    let seed = match key {
        Some(key) if is_uuid(key) => return key.to_ascii_lowercase(),
        Some(key) => key.to_string(),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::parse_str(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuids_stable_per_key() {
        let a = request_id(Some("retry-me"));
        assert_eq!(a, request_id(Some("retry-me")));
        assert_ne!(a, request_id(Some("another")));
        assert!(is_uuid(&a), "{a}");
        let given = "123E4567-E89B-12D3-A456-426614174000";
        assert_eq!(request_id(Some(given)), given.to_ascii_lowercase());
        assert_ne!(request_id(None), request_id(None));
        assert!(is_uuid(&request_id(None)));
    }
}
