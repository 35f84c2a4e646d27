//! Persistent disks as volumes: list across zones, create, attach, detach, delete.

use cloud_core::compute::{CreateVolume, Volume};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::{Map, Value, json};

use super::zone_for;
use crate::model::{self, last_segment, node_id, segment_after};
use crate::ops::names::{check_new_name, is_resource_name, zoned};
use crate::options::GceVolumeOptions;
use crate::{GceCompute, PROVIDER_ID};

/// Largest disk Compute Engine makes, in GB.
const MAX_DISK_GB: u64 = 65_536;

impl GceCompute {
    /// Every disk of the project, across zones (`disks.aggregatedList`).
    pub(crate) fn volumes(&self) -> BoxStream<'static, Result<Volume>> {
        let path = format!("projects/{}/aggregated/disks", self.api.project());
        self.api.list("list_volumes", path, model::aggregated_disks)
    }

    /// Creates a disk (empty, or from a snapshot), waits for it and returns it.
    pub(crate) async fn new_volume(&self, request: &CreateVolume) -> Result<Volume> {
        const OP: &str = "create_volume";
        let options = GceVolumeOptions::from_options(&request.options)?;
        check_new_name("disk", &request.name, OP)?;
        if request.size_gib == 0 || request.size_gib > MAX_DISK_GB {
            return Err(Error::invalid_input(format!(
                "disk size {} GB is not from 1 to {MAX_DISK_GB}",
                request.size_gib
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        }
        let zone = zone_for(request.location.as_deref(), self.zone.as_deref(), OP)?;
        let mut body = Map::new();
        body.insert("name".into(), json!(request.name));
        body.insert("sizeGb".into(), json!(request.size_gib.to_string()));
        if let Some(kind) = &options.disk_type {
            body.insert(
                "type".into(),
                json!(format!("zones/{zone}/diskTypes/{kind}")),
            );
        }
        if let Some(snapshot) = &request.snapshot {
            if !is_resource_name(snapshot) {
                return Err(Error::invalid_input(format!(
                    "{:?} is not a snapshot name",
                    snapshot.chars().take(64).collect::<String>()
                ))
                .with_provider(PROVIDER_ID)
                .with_operation(OP));
            }
            body.insert(
                "sourceSnapshot".into(),
                json!(format!("global/snapshots/{snapshot}")),
            );
        }
        let op = self
            .api
            .post_operation(
                OP,
                &format!("zones/{zone}/disks"),
                Some(&Value::Object(body)),
            )
            .await?;
        let id = node_id(&zone, &request.name);
        self.finish(OP, &id, op).await?;
        self.api
            .get(
                OP,
                &format!("zones/{zone}/disks/{}", request.name),
                model::disk,
            )
            .await
    }

    /// Attaches a disk to an instance of the same zone; the device name is the hint's
    /// last path segment (`/dev/disk/by-id/google-data` → `google-data`) or the disk's
    /// name.
    pub(crate) async fn attach(
        &self,
        volume_id: &str,
        node_id_text: &str,
        device: Option<&str>,
    ) -> Result<()> {
        const OP: &str = "attach_volume";
        let (zone, disk) = zoned("disk", volume_id, self.zone.as_deref(), OP)?;
        let (node_zone, instance) = zoned("instance", node_id_text, self.zone.as_deref(), OP)?;
        if zone != node_zone {
            return Err(Error::invalid_input(format!(
                "disk {disk} is in {zone} and instance {instance} in {node_zone}: a disk attaches \
                 to instances of its own zone"
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        }
        let device_name = match device.map(last_segment) {
            Some(name) if is_resource_name(name) => name.to_string(),
            Some(other) => {
                return Err(Error::invalid_input(format!(
                    "device name {:?} is not valid",
                    other.chars().take(64).collect::<String>()
                ))
                .with_provider(PROVIDER_ID)
                .with_operation(OP));
            }
            None => disk.clone(),
        };
        let body = json!({
            "source": format!("projects/{}/zones/{zone}/disks/{disk}", self.api.project()),
            "deviceName": device_name,
            "mode": "READ_WRITE",
            "boot": false,
            "autoDelete": false,
        });
        let op = self
            .api
            .post_operation(
                OP,
                &format!("zones/{zone}/instances/{instance}/attachDisk"),
                Some(&body),
            )
            .await?;
        self.finish(OP, &node_id(&zone, &disk), op).await
    }

    /// Detaches a disk from the instance using it: the disk's `users` name the
    /// instance, the instance's `disks` the device name.
    pub(crate) async fn detach(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "detach_volume";
        let (zone, disk) = zoned("disk", volume_id, self.zone.as_deref(), OP)?;
        let wire = self
            .api
            .get(OP, &format!("zones/{zone}/disks/{disk}"), model::disk_wire)
            .await?;
        let Some(user) = wire.users.first() else {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("disk {disk} is not attached to any instance"),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        };
        let user_id = format!(
            "{}/{}",
            segment_after(user, "zones").unwrap_or(&zone),
            last_segment(user)
        );
        let (user_zone, instance) = zoned("instance", &user_id, None, OP)?;
        let instance_wire = self
            .api
            .get(
                OP,
                &format!("zones/{user_zone}/instances/{instance}"),
                model::instance_wire,
            )
            .await?;
        let suffix = format!("/zones/{zone}/disks/{disk}");
        let device = instance_wire
            .disks
            .iter()
            .find(|d| d.source.as_deref().is_some_and(|s| s.ends_with(&suffix)))
            .and_then(|d| d.device_name.clone())
            .filter(|name| cloud_core::ids::segment(PROVIDER_ID, "device", name, OP).is_ok())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Conflict,
                    format!("instance {instance} does not list disk {disk} among its disks"),
                )
                .with_provider(PROVIDER_ID)
                .with_operation(OP)
            })?;
        let mut request = self.api.request(
            OP,
            Method::POST,
            &format!("zones/{user_zone}/instances/{instance}/detachDisk"),
        );
        request
            .url
            .query_pairs_mut()
            .append_pair("deviceName", &device);
        let op = self.api.operation(request).await?;
        self.finish(OP, &node_id(&zone, &disk), op).await
    }

    /// Deletes a disk and waits for it to go.
    pub(crate) async fn delete_volume(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "destroy_volume";
        let (zone, disk) = zoned("disk", volume_id, self.zone.as_deref(), OP)?;
        let op = self
            .api
            .delete_operation(OP, &format!("zones/{zone}/disks/{disk}"))
            .await?;
        self.finish(OP, &node_id(&zone, &disk), op).await
    }
}
