//! EBS volumes.

use std::collections::BTreeMap;

use cloud_core::compute::{CreateVolume, Volume};
use cloud_core::{BoxStream, Error, ErrorKind, Result};

use super::new_client_token;
use super::validate::{self, id, local};
use crate::client::query;
use crate::model::{volume_item, volumes_root};
use crate::{Ec2Compute, Ec2VolumeOptions};

/// The device an attachment gets when the caller names none.
pub const DEFAULT_DEVICE: &str = "/dev/sdf";

/// Most volumes `DescribeVolumes` returns per page.
const MAX_VOLUMES_PAGE: u32 = 500;

/// Largest EBS volume, in GiB.
const MAX_VOLUME_GIB: u64 = 65_536;

impl Ec2Compute {
    /// Every volume, page after page.
    pub(crate) fn volumes(&self) -> BoxStream<'static, Result<Volume>> {
        let page = self.settings.page_size.min(MAX_VOLUMES_PAGE);
        self.api
            .paged(query("DescribeVolumes"), Some(page), volumes_root)
    }

    /// Creates a volume in `request.location`, else in the region's first available
    /// zone. It carries a `ClientToken`, so a retried create makes one volume.
    pub(crate) async fn new_volume(&self, request: &CreateVolume) -> Result<Volume> {
        const OP: &str = "create_volume";
        if request.size_gib == 0 && request.snapshot.is_none() {
            return Err(local(
                Error::invalid_input("size_gib must be at least 1"),
                OP,
            ));
        }
        if request.size_gib > MAX_VOLUME_GIB {
            return Err(local(
                Error::invalid_input(format!("size_gib must be at most {MAX_VOLUME_GIB}")),
                OP,
            ));
        }
        let options = Ec2VolumeOptions::from_options(&request.options).map_err(|e| local(e, OP))?;
        let mut tags = BTreeMap::new();
        if !request.name.is_empty() {
            tags.insert("Name".to_string(), request.name.clone());
        }
        validate::tags(&tags).map_err(|e| local(e, OP))?;
        if let Some(snapshot) = &request.snapshot {
            id("snapshot id", snapshot, OP)?;
        }
        let zone = match &request.location {
            Some(zone) => id("location", zone, OP)?.to_string(),
            None => self.default_zone().await?,
        };
        let query = query("CreateVolume")
            .param("AvailabilityZone", zone)
            .opt(
                "Size",
                (request.size_gib > 0).then(|| request.size_gib.to_string()),
            )
            .opt("SnapshotId", request.snapshot.clone())
            .param("ClientToken", new_client_token())
            .tag_specification(1, "volume", &tags);
        let root = self.api.call_idempotent(options.apply(query)).await?;
        volume_item(&root).map_err(|e| e.in_context(self.api.provider(), "CreateVolume"))
    }

    /// One volume by id; `NotFound` when AWS does not know it.
    pub async fn get_volume(&self, volume_id: &str) -> Result<Volume> {
        let volume_id = id("volume id", volume_id, "get_volume")?;
        let root = self
            .api
            .call(query("DescribeVolumes").param("VolumeId.1", volume_id))
            .await?;
        volumes_root(&root)
            .map_err(|e| e.in_context(self.api.provider(), "DescribeVolumes"))?
            .items
            .into_iter()
            .find(|v| v.id == volume_id)
            .ok_or_else(|| {
                local(
                    Error::not_found(format!("no volume {volume_id}")),
                    "DescribeVolumes",
                )
            })
    }

    /// Attaches a volume as `device` (default [`DEFAULT_DEVICE`]).
    pub(crate) async fn attach(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        const OP: &str = "attach_volume";
        let volume_id = id("volume id", volume_id, OP)?;
        let node_id = id("instance id", node_id, OP)?;
        let device = id("device", device.unwrap_or(DEFAULT_DEVICE), OP)?;
        self.api
            .call(
                query("AttachVolume")
                    .param("VolumeId", volume_id)
                    .param("InstanceId", node_id)
                    .param("Device", device),
            )
            .await
            .map(|_| ())
    }

    /// Detaches a volume from the instance it is attached to, which is looked up
    /// first: `DetachVolume` is always sent with the `InstanceId` (some EC2
    /// implementations fail without it). A volume attached nowhere is a `Conflict`.
    pub(crate) async fn detach(&self, volume_id: &str) -> Result<()> {
        let volume = self.get_volume(volume_id).await?;
        let Some(instance) = volume.attached_to else {
            return Err(local(
                Error::new(
                    ErrorKind::Conflict,
                    format!("volume {} is not attached to an instance", volume.id),
                ),
                "detach_volume",
            ));
        };
        self.api
            .call(
                query("DetachVolume")
                    .param("VolumeId", volume.id)
                    .param("InstanceId", instance),
            )
            .await
            .map(|_| ())
    }

    /// Deletes a volume.
    pub(crate) async fn delete_volume(&self, volume_id: &str) -> Result<()> {
        let volume_id = id("volume id", volume_id, "destroy_volume")?;
        self.api
            .action(query("DeleteVolume").param("VolumeId", volume_id))
            .await
    }
}
