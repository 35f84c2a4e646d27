//! Block Storage volumes, including the provider-only resize.

use cloud_core::compute::{CreateVolume, Volume};
use cloud_core::http::Method;
use cloud_core::ids;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::json;

use super::local;
use crate::{LinodeCompute, PROVIDER_ID, model};

impl LinodeCompute {
    pub(crate) fn volumes(&self) -> BoxStream<'static, Result<Volume>> {
        self.api
            .list("list_volumes", "volumes", None, model::volumes)
    }

    pub(crate) async fn new_volume(&self, request: &CreateVolume) -> Result<Volume> {
        const OP: &str = "create_volume";
        if request.snapshot.is_some() {
            return Err(local(
                Error::new(
                    ErrorKind::Unsupported,
                    "Linode has no volume snapshots to create a volume from",
                ),
                OP,
            ));
        }
        if let Some(name) = request.options.keys().next() {
            return Err(local(
                Error::invalid_input(format!(
                    "options: Linode volumes take no options (got {name:?})"
                )),
                OP,
            ));
        }
        let region = request
            .location
            .as_deref()
            .or(self.default_region.as_deref())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                local(
                    Error::invalid_input("region: Linode needs a location (region) for a volume"),
                    OP,
                )
            })?;
        let body = json!({ "label": request.name, "size": request.size_gib, "region": region });
        self.api.post(OP, "volumes", &body, model::volume).await
    }

    pub(crate) async fn attach(&self, volume_id: &str, node_id: &str) -> Result<()> {
        const OP: &str = "attach_volume";
        let volume = ids::numeric(PROVIDER_ID, "volume", volume_id, OP)?;
        let node = ids::numeric(PROVIDER_ID, "instance", node_id, OP)?;
        let request = self
            .api
            .request(OP, Method::POST, &format!("volumes/{volume}/attach"))
            .json(&json!({ "linode_id": node }));
        self.api.action(request).await
    }

    /// `POST /volumes/{id}/detach`, which takes no body.
    pub(crate) async fn detach(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "detach_volume";
        let volume = ids::numeric(PROVIDER_ID, "volume", volume_id, OP)?;
        let request = self
            .api
            .request(OP, Method::POST, &format!("volumes/{volume}/detach"));
        self.api.action(request).await
    }

    pub(crate) async fn delete_volume(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "destroy_volume";
        let volume = ids::numeric(PROVIDER_ID, "volume", volume_id, OP)?;
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("volumes/{volume}"));
        self.api.action(request).await
    }

    /// One volume by id; `NotFound` when it does not exist. Provider-only.
    pub async fn get_volume(&self, volume_id: &str) -> Result<Volume> {
        const OP: &str = "get_volume";
        let volume = ids::numeric(PROVIDER_ID, "volume", volume_id, OP)?;
        self.api
            .get(OP, &format!("volumes/{volume}"), model::volume)
            .await
    }

    /// Grows a volume to `size_gib` GiB and returns it as Linode reports it (usually in
    /// state `resizing`). Linode volumes can only grow, up to 10 240 GiB; a smaller size
    /// is an `InvalidInput` error from Linode. Provider-only: reach it from a
    /// `dyn Compute` with `as_any().downcast_ref::<LinodeCompute>()`.
    pub async fn resize_volume(&self, volume_id: &str, size_gib: u64) -> Result<Volume> {
        const OP: &str = "resize_volume";
        let volume = ids::numeric(PROVIDER_ID, "volume", volume_id, OP)?;
        if size_gib == 0 {
            return Err(local(
                Error::invalid_input("size: a volume cannot be resized to 0 GiB"),
                OP,
            ));
        }
        self.api
            .post(
                OP,
                &format!("volumes/{volume}/resize"),
                &json!({ "size": size_gib }),
                model::volume,
            )
            .await
    }
}
