//! Disks (portable volumes) and snapshots.

use cloud_core::compute::{Extra, Snapshot, Volume};
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

use super::common::{int64, last_segment, parse_json, segment_after, timestamp};
use super::instance::node_id;
use super::list::{aggregated_page, list_page};
use crate::state::volume_state;

/// A persistent disk as Compute Engine sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Disk {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) zone: String,
    #[serde(default, deserialize_with = "int64")]
    pub(crate) size_gb: Option<u64>,
    #[serde(default)]
    pub(crate) status: String,
    #[serde(default, rename = "type")]
    pub(crate) disk_type: Option<String>,
    #[serde(default)]
    pub(crate) users: Vec<String>,
    #[serde(default)]
    pub(crate) source_image: Option<String>,
    #[serde(default)]
    pub(crate) source_snapshot: Option<String>,
    #[serde(default)]
    pub(crate) creation_timestamp: Option<String>,
    #[serde(default)]
    pub(crate) self_link: Option<String>,
}

impl Disk {
    /// The portable volume: id `zone/name`, attached to the first instance using it.
    pub(crate) fn into_volume(self) -> Volume {
        let zone = last_segment(&self.zone).to_string();
        let attached_to = self.users.first().and_then(|user| {
            let zone = segment_after(user, "zones")?;
            Some(node_id(zone, last_segment(user)))
        });
        let mut extra = Extra::new();
        extra.insert("status".into(), json!(self.status));
        if let Some(kind) = &self.disk_type {
            extra.insert("disk_type".into(), json!(last_segment(kind)));
        }
        for (key, value) in [
            ("source_image", &self.source_image),
            ("source_snapshot", &self.source_snapshot),
            ("self_link", &self.self_link),
            ("created", &self.creation_timestamp),
        ] {
            if let Some(value) = value {
                extra.insert(key.into(), json!(value));
            }
        }
        if self.users.len() > 1 {
            extra.insert("users".into(), json!(self.users));
        }
        Volume {
            id: node_id(&zone, &self.name),
            name: self.name,
            size_gib: self.size_gb.unwrap_or(0),
            state: volume_state(&self.status, !self.users.is_empty()),
            attached_to,
            location: Some(zone).filter(|z| !z.is_empty()),
            extra,
        }
    }
}

/// A snapshot as Compute Engine sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSnapshot {
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    source_disk: Option<String>,
    #[serde(default, deserialize_with = "int64")]
    disk_size_gb: Option<u64>,
    #[serde(default, deserialize_with = "int64")]
    storage_bytes: Option<u64>,
    #[serde(default)]
    creation_timestamp: Option<String>,
    #[serde(default)]
    labels: std::collections::BTreeMap<String, String>,
}

impl WireSnapshot {
    fn into_snapshot(self) -> Snapshot {
        let volume_id = self.source_disk.as_deref().and_then(|disk| {
            let zone = segment_after(disk, "zones")?;
            Some(node_id(zone, last_segment(disk)))
        });
        let mut extra = Extra::new();
        extra.insert("status".into(), json!(self.status));
        if let Some(bytes) = self.storage_bytes {
            extra.insert("storage_bytes".into(), json!(bytes));
        }
        if !self.labels.is_empty() {
            extra.insert("labels".into(), json!(self.labels));
        }
        Snapshot {
            id: self.name,
            volume_id,
            size_gib: self.disk_size_gb,
            state: self.status.to_lowercase(),
            created_at: timestamp(self.creation_timestamp.as_deref()),
            extra,
        }
    }
}

/// Reads a disk answer in its wire form.
pub(crate) fn disk_wire(body: &[u8]) -> Result<Disk> {
    let disk: Disk = parse_json(body, "disk")?;
    if disk.name.is_empty() {
        return Err(Error::malformed("disk: no name"));
    }
    Ok(disk)
}

/// Parses a disk answer.
pub fn disk(body: &[u8]) -> Result<Volume> {
    disk_wire(body).map(Disk::into_volume)
}

/// Parses one page of `disks.aggregatedList`.
pub fn aggregated_disks(body: &[u8]) -> Result<Page<Volume>> {
    aggregated_page(body, "disks", "disk list", Disk::into_volume)
}

/// Parses a snapshot answer.
pub fn snapshot(body: &[u8]) -> Result<Snapshot> {
    let snap: WireSnapshot = parse_json(body, "snapshot")?;
    if snap.name.is_empty() {
        return Err(Error::malformed("snapshot: no name"));
    }
    Ok(snap.into_snapshot())
}

/// Parses one page of `snapshots.list`.
pub fn snapshots(body: &[u8]) -> Result<Page<Snapshot>> {
    list_page(body, "snapshot list", WireSnapshot::into_snapshot)
}

#[cfg(test)]
mod tests {
    use cloud_core::compute::VolumeState;

    use super::*;

    #[test]
    fn a_disk_in_use_names_its_instance() {
        let volume = disk(
            br#"{"name":"data-1","sizeGb":"20","status":"READY",
                "zone":"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a",
                "type":"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/diskTypes/pd-balanced",
                "users":["https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/web-1"]}"#,
        )
        .unwrap();
        assert_eq!(volume.id, "us-central1-a/data-1");
        assert_eq!(volume.size_gib, 20);
        assert_eq!(volume.state, VolumeState::InUse);
        assert_eq!(volume.attached_to.as_deref(), Some("us-central1-a/web-1"));
        assert_eq!(volume.extra["disk_type"], "pd-balanced");
        assert!(disk(br#"{"name":"d","sizeGb":"big"}"#).is_err());
    }

    #[test]
    fn a_snapshot_names_its_disk() {
        let snap = snapshot(
            br#"{"name":"snap-1","status":"READY","diskSizeGb":"10","storageBytes":"1234",
                "sourceDisk":"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/disks/data-1"}"#,
        )
        .unwrap();
        assert_eq!(snap.id, "snap-1");
        assert_eq!(snap.volume_id.as_deref(), Some("us-central1-a/data-1"));
        assert_eq!(snap.size_gib, Some(10));
        assert_eq!(snap.state, "ready");
        assert_eq!(snap.extra["storage_bytes"], 1234);
    }
}
