//! Managed disks and snapshots (`Microsoft.Compute/disks`, `…/snapshots`).

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::{Snapshot, Volume};
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::{Value, json};

use super::common::{last_segment, list_page, parse_json, segment_after, tags, timestamp};
use crate::state::volume_state;

/// A managed disk or a snapshot as Resource Manager describes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Disk {
    #[serde(default)]
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) location: Option<String>,
    #[serde(default)]
    pub(crate) managed_by: Option<String>,
    #[serde(default)]
    sku: Option<Sku>,
    #[serde(default)]
    tags: BTreeMap<String, Value>,
    #[serde(default)]
    properties: Properties,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Sku {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    #[serde(default, rename = "diskSizeGB")]
    disk_size_gb: Option<u64>,
    #[serde(default)]
    disk_state: Option<String>,
    #[serde(default)]
    provisioning_state: Option<String>,
    #[serde(default)]
    time_created: Option<String>,
    #[serde(default)]
    creation_data: CreationData,
    #[serde(default)]
    incremental: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreationData {
    #[serde(default)]
    create_option: Option<String>,
    #[serde(default)]
    source_resource_id: Option<String>,
}

impl Disk {
    /// The portable volume: `attached_to` is the name of the VM in `managedBy`.
    pub(crate) fn into_volume(self) -> Volume {
        let props = self.properties;
        let mut extra = BTreeMap::new();
        extra.insert("azure_id".into(), json!(self.id));
        if let Some(sku) = self.sku.and_then(|s| s.name) {
            extra.insert("sku".into(), json!(sku));
        }
        if let Some(state) = &props.disk_state {
            extra.insert("disk_state".into(), json!(state));
        }
        if let Some(source) = &props.creation_data.source_resource_id {
            extra.insert("source".into(), json!(source));
        }
        let tags = tags(self.tags);
        if !tags.is_empty() {
            extra.insert("tags".into(), json!(tags));
        }
        Volume {
            id: self.name.clone(),
            name: self.name,
            size_gib: props.disk_size_gb.unwrap_or(0),
            state: volume_state(
                props.provisioning_state.as_deref(),
                props.disk_state.as_deref(),
            ),
            attached_to: self
                .managed_by
                .as_deref()
                .filter(|m| !m.is_empty())
                .map(|m| last_segment(m).to_string()),
            location: self.location,
            extra,
        }
    }

    /// The portable snapshot: `volume_id` is the source disk's name when it was a disk.
    pub(crate) fn into_snapshot(self) -> Snapshot {
        let props = self.properties;
        let source = props.creation_data.source_resource_id.clone();
        let mut extra = BTreeMap::new();
        extra.insert("azure_id".into(), json!(self.id));
        extra.insert("name".into(), json!(self.name));
        if let Some(source) = &source {
            extra.insert("source".into(), json!(source));
        }
        if let Some(option) = props.creation_data.create_option {
            extra.insert("create_option".into(), json!(option));
        }
        if let Some(incremental) = props.incremental {
            extra.insert("incremental".into(), json!(incremental));
        }
        if let Some(location) = self.location {
            extra.insert("location".into(), json!(location));
        }
        Snapshot {
            id: self.name,
            volume_id: source
                .as_deref()
                .filter(|s| segment_after(s, "disks").is_some())
                .map(|s| last_segment(s).to_string()),
            size_gib: props.disk_size_gb,
            state: props
                .provisioning_state
                .unwrap_or_else(|| "unknown".into())
                .to_ascii_lowercase(),
            created_at: timestamp(props.time_created.as_deref()),
            extra,
        }
    }
}

/// Parses one disk, with its wire form kept for the driver.
pub(crate) fn disk_wire_of(body: &[u8]) -> Result<Disk> {
    parse_json(body, "managed disk")
}

/// Parses one disk.
pub fn disk(body: &[u8]) -> Result<Volume> {
    disk_wire_of(body).map(Disk::into_volume)
}

/// Parses one page of disks.
pub fn disks(body: &[u8]) -> Result<Page<Volume>> {
    list_page(body, "managed disk list", |d: Disk| Some(d.into_volume()))
}

/// Parses one snapshot.
pub fn snapshot(body: &[u8]) -> Result<Snapshot> {
    parse_json::<Disk>(body, "snapshot").map(Disk::into_snapshot)
}

/// Parses one page of snapshots.
pub fn snapshots(body: &[u8]) -> Result<Page<Snapshot>> {
    list_page(body, "snapshot list", |d: Disk| Some(d.into_snapshot()))
}

#[cfg(test)]
mod tests {
    use cloud_core::compute::VolumeState;

    use super::*;

    #[test]
    fn disks_and_snapshots_read() {
        let volume = disk(br#"{"id":"/s/rg/providers/Microsoft.Compute/disks/data-1","name":"data-1","location":"westeurope","managedBy":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1","sku":{"name":"Standard_LRS"},"properties":{"diskSizeGB":4,"diskState":"Attached","provisioningState":"Succeeded"}}"#).unwrap();
        assert_eq!(volume.id, "data-1");
        assert_eq!(volume.size_gib, 4);
        assert_eq!(volume.state, VolumeState::InUse);
        assert_eq!(volume.attached_to.as_deref(), Some("web-1"));
        let snap = snapshot(br#"{"name":"snap-1","properties":{"diskSizeGB":4,"provisioningState":"Succeeded","creationData":{"createOption":"Copy","sourceResourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/data-1"}}}"#).unwrap();
        assert_eq!(snap.id, "snap-1");
        assert_eq!(snap.volume_id.as_deref(), Some("data-1"));
        assert_eq!(snap.state, "succeeded");
        assert!(disk(br#"{"properties":{"diskSizeGB":-1}}"#).is_err());
    }
}
