//! Managed disks as volumes: list, create (empty or from a snapshot), attach to and
//! detach from a VM (an update of its `storageProfile.dataDisks`), delete.

use cloud_core::compute::{CreateVolume, Volume};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::{Value, json};

use super::names::{check_name, invalid, shown};
use crate::client::ApiVersion;
use crate::model::{self, Disk, last_segment, segment_after};
use crate::{AzureCompute, PROVIDER_ID};

/// The most data disks a VM takes (LUNs 0 to 63).
const MAX_LUNS: u64 = 64;

impl AzureCompute {
    /// The URL of the disk `name` (checked first).
    pub(crate) fn disk_url(&self, name: &str, operation: &str) -> Result<url::Url> {
        check_name("disk", name, operation)?;
        self.api.group_url(
            &format!("Microsoft.Compute/disks/{name}"),
            ApiVersion::Disks,
            operation,
        )
    }

    /// The disk `name` as Azure describes it.
    pub(crate) async fn disk(&self, name: &str, operation: &str) -> Result<Disk> {
        let url = self.disk_url(name, operation)?;
        self.api
            .get(operation, url, crate::model::disk_wire_of)
            .await
    }

    /// Every managed disk of the resource group (OS disks included).
    pub(crate) fn volumes(&self) -> BoxStream<'static, Result<Volume>> {
        const OP: &str = "list_volumes";
        let url = self
            .api
            .group_url("Microsoft.Compute/disks", ApiVersion::Disks, OP);
        self.api.list(OP, url, model::disks)
    }

    /// Makes a `Standard_LRS` disk, empty or copied from a snapshot of the resource
    /// group, waits for it and returns it.
    pub(crate) async fn new_volume(&self, request: &CreateVolume) -> Result<Volume> {
        const OP: &str = "create_volume";
        let url = self.disk_url(&request.name, OP)?;
        if request.size_gib == 0 || request.size_gib > 65_536 {
            return Err(invalid(
                format!(
                    "a disk of {} GiB cannot be made (1 to 65536)",
                    request.size_gib
                ),
                OP,
            ));
        }
        let location = self.location_for(request.location.as_deref(), OP)?;
        let creation = match &request.snapshot {
            Some(snapshot) => {
                check_name("snapshot", snapshot, OP)?;
                let source = self
                    .api
                    .resource_id(&format!("Microsoft.Compute/snapshots/{snapshot}"), OP)?;
                json!({"createOption": "Copy", "sourceResourceId": source})
            }
            None => json!({"createOption": "Empty"}),
        };
        let body = json!({
            "location": location,
            "sku": {"name": "Standard_LRS"},
            "properties": {"creationData": creation, "diskSizeGB": request.size_gib}
        });
        self.change(OP, Method::PUT, url.clone(), Some(&body), &request.name)
            .await?;
        self.api.get(OP, url, model::disk).await
    }

    /// Attaches the disk to the VM at the lowest free LUN (or at `device` when it is a
    /// LUN number), updating the VM and waiting for it.
    pub(crate) async fn attach(
        &self,
        volume_id: &str,
        node_id: &str,
        device: Option<&str>,
    ) -> Result<()> {
        const OP: &str = "attach_volume";
        check_name("disk", volume_id, OP)?;
        let wanted = match device {
            None => None,
            Some(text) => match text.trim().parse::<u64>() {
                Ok(lun) if lun < MAX_LUNS => Some(lun),
                _ => {
                    return Err(invalid(
                        format!(
                            "{:?} is not a LUN (0 to 63): Azure attaches disks at a LUN",
                            shown(text)
                        ),
                        OP,
                    ));
                }
            },
        };
        let disk_id = self
            .api
            .resource_id(&format!("Microsoft.Compute/disks/{volume_id}"), OP)?;
        let vm = self.vm(node_id, false, OP).await?;
        let mut disks: Vec<Value> = vm.data_disks().to_vec();
        let used: Vec<u64> = disks.iter().filter_map(|d| d["lun"].as_u64()).collect();
        let lun = match wanted {
            Some(lun) if used.contains(&lun) => {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!("LUN {lun} of VM {node_id} is taken"),
                )
                .with_provider(PROVIDER_ID)
                .with_operation(OP));
            }
            Some(lun) => lun,
            None => (0..MAX_LUNS).find(|l| !used.contains(l)).ok_or_else(|| {
                Error::new(
                    ErrorKind::QuotaExceeded,
                    format!("VM {node_id} has no free LUN"),
                )
                .with_provider(PROVIDER_ID)
                .with_operation(OP)
            })?,
        };
        disks.push(json!({
            "lun": lun,
            "createOption": "Attach",
            "managedDisk": {"id": disk_id}
        }));
        self.update_data_disks(node_id, disks, OP).await
    }

    /// Detaches the disk from the VM it is attached to (`managedBy`), updating the VM
    /// and waiting for it; `Conflict` when it is attached to none.
    pub(crate) async fn detach(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "detach_volume";
        let disk = self.disk(volume_id, OP).await?;
        let Some(owner) = disk.managed_by.as_deref().filter(|m| !m.is_empty()) else {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("disk {volume_id} is not attached to a VM"),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        };
        if segment_after(owner, "virtualMachines").is_none() {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("disk {volume_id} is held by {owner}, not a VM"),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        }
        let node_id = last_segment(owner).to_string();
        let vm = self.vm(&node_id, false, OP).await?;
        let disks: Vec<Value> = vm
            .data_disks()
            .iter()
            .filter(|d| {
                let id = d["managedDisk"]["id"].as_str().unwrap_or_default();
                !id.eq_ignore_ascii_case(&disk.id)
                    && !d["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&disk.name))
            })
            .cloned()
            .collect();
        self.update_data_disks(&node_id, disks, OP).await
    }

    /// Sends the VM's new list of data disks (`PATCH`) and waits for the update.
    async fn update_data_disks(
        &self,
        node_id: &str,
        disks: Vec<Value>,
        operation: &str,
    ) -> Result<()> {
        let url = self.vm_url(node_id, operation)?;
        let body = json!({"properties": {"storageProfile": {"dataDisks": disks}}});
        self.change(operation, Method::PATCH, url, Some(&body), node_id)
            .await
            .map(drop)
    }

    /// Deletes a disk and waits for it to go.
    pub(crate) async fn delete_volume(&self, volume_id: &str) -> Result<()> {
        const OP: &str = "destroy_volume";
        let url = self.disk_url(volume_id, OP)?;
        self.change(OP, Method::DELETE, url, None::<&Value>, volume_id)
            .await
            .map(drop)
    }
}
