//! Cinder v3 volumes, attached and detached through Nova's `os-volume_attachments`.

use cloud_core::compute::{CreateVolume, Volume};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::{Map, Value, json};

use super::OpenStackCompute;
use super::call::{Call, Caller, PAGE_SIZE, paged};
use super::model;
use super::paths::{id, local};
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /volumes/detail`, page after page.
    pub(crate) fn volumes(&self) -> BoxStream<'static, Result<Volume>> {
        paged(
            self.cinder.clone(),
            "list_volumes",
            "volumes/detail".into(),
            Some(PAGE_SIZE),
            model::volumes_page,
        )
    }

    /// `POST /volumes`; options `volume_type` and `description` are passed on.
    pub(crate) async fn new_volume(&self, request: &CreateVolume) -> Result<Volume> {
        const OP: &str = "create_volume";
        if request.size_gib == 0 {
            return Err(local(
                Error::invalid_input("size: a volume needs at least 1 GiB"),
                OP,
            ));
        }
        let mut volume = Map::new();
        volume.insert("size".into(), json!(request.size_gib));
        volume.insert("name".into(), json!(request.name));
        if let Some(zone) = request.location.as_deref().filter(|z| !z.is_empty()) {
            volume.insert("availability_zone".into(), json!(zone));
        }
        if let Some(snapshot) = &request.snapshot {
            volume.insert("snapshot_id".into(), json!(snapshot));
        }
        for (name, value) in &request.options {
            match (name.as_str(), value) {
                ("volume_type" | "description", Value::String(_)) => {
                    volume.insert(name.clone(), value.clone());
                }
                _ => {
                    return Err(local(
                        Error::invalid_input(format!(
                            "options: Cinder volumes take volume_type and description (text), not {name:?}"
                        )),
                        OP,
                    ));
                }
            }
        }
        let call = Call::new(OP, Method::POST, "volumes").json(json!({ "volume": volume }));
        let resp = self.cinder.call(call).await?;
        model::volume(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// One volume by id. Provider-only.
    pub async fn get_volume(&self, volume: &str) -> Result<Volume> {
        const OP: &str = "get_volume";
        let volume = id("volume", volume, OP)?;
        let resp = self
            .cinder
            .call(Call::new(OP, Method::GET, format!("volumes/{volume}")))
            .await?;
        model::volume(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// `POST /servers/{id}/os-volume_attachments`; `device` is Nova's hint.
    pub(crate) async fn attach(
        &self,
        volume: &str,
        server: &str,
        device: Option<&str>,
    ) -> Result<()> {
        const OP: &str = "attach_volume";
        let volume = id("volume", volume, OP)?;
        let server = id("server", server, OP)?;
        let mut attachment = json!({ "volumeId": volume });
        if let Some(device) = device {
            attachment["device"] = json!(device);
        }
        let call = Call::new(
            OP,
            Method::POST,
            format!("servers/{server}/os-volume_attachments"),
        )
        .json(json!({ "volumeAttachment": attachment }));
        self.nova.call(call).await.map(drop)
    }

    /// Finds the server the volume is attached to (Cinder), then `DELETE
    /// /servers/{id}/os-volume_attachments/{volume}` (Nova). A volume attached nowhere
    /// is a `Conflict`.
    pub(crate) async fn detach(&self, volume: &str) -> Result<()> {
        const OP: &str = "detach_volume";
        let volume = id("volume", volume, OP)?;
        let resp = self
            .cinder
            .call(Call::new(OP, Method::GET, format!("volumes/{volume}")))
            .await?;
        let server = model::volume_server(&resp.body)
            .map_err(|e| e.in_context(PROVIDER_ID, OP))?
            .ok_or_else(|| {
                local(
                    Error::new(
                        ErrorKind::Conflict,
                        format!("volume {volume} is not attached"),
                    ),
                    OP,
                )
            })?;
        let server = id("server", &server, OP)?;
        self.nova
            .call(Call::new(
                OP,
                Method::DELETE,
                format!("servers/{server}/os-volume_attachments/{volume}"),
            ))
            .await
            .map(drop)
    }

    pub(crate) async fn delete_volume(&self, volume: &str) -> Result<()> {
        const OP: &str = "destroy_volume";
        let volume = id("volume", volume, OP)?;
        self.cinder
            .call(Call::new(OP, Method::DELETE, format!("volumes/{volume}")))
            .await
            .map(drop)
    }
}
