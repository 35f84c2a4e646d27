//! Volume and snapshot operations on the state.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use cloud_core::compute::{CreateVolume, Snapshot, Volume};
use cloud_core::{Error, ErrorKind, Result};

use super::catalog;
use super::names::{check_name, not_found};
use super::records::{SnapshotRecord, State, VolumeRecord};
use crate::state::short_id;

/// The largest volume, in GiB.
const MAX_VOLUME_GIB: u64 = 16 * 1024;

/// Creates a volume, empty or from a snapshot.
pub(crate) fn create(
    state: &mut State,
    request: &CreateVolume,
    now: DateTime<Utc>,
) -> Result<Volume> {
    check_name("volume", &request.name)?;
    if request.size_gib == 0 || request.size_gib > MAX_VOLUME_GIB {
        return Err(Error::invalid_input(format!(
            "volume size must be 1 to {MAX_VOLUME_GIB} GiB, not {}",
            request.size_gib
        )));
    }
    let location = request
        .location
        .clone()
        .unwrap_or_else(|| catalog::DEFAULT_LOCATION.to_string());
    if !catalog::has_location(&location) {
        return Err(Error::not_found(format!(
            "location {location:?} does not exist; locations are: {}",
            catalog::location_ids()
        )));
    }
    if let Some(snapshot_id) = &request.snapshot {
        let snapshot = state
            .snapshots
            .get(snapshot_id)
            .ok_or_else(|| not_found("snapshot", snapshot_id))?;
        if request.size_gib < snapshot.size_gib {
            return Err(Error::invalid_input(format!(
                "volume of {} GiB is smaller than snapshot {snapshot_id:?} ({} GiB)",
                request.size_gib, snapshot.size_gib
            )));
        }
    }
    let mut id = short_id("vol");
    while state.volumes.contains_key(&id) {
        id = short_id("vol");
    }
    let record = VolumeRecord {
        id: id.clone(),
        name: request.name.clone(),
        size_gib: request.size_gib,
        location,
        created_at: now,
        attached_to: None,
        device: None,
        snapshot: request.snapshot.clone(),
    };
    let volume = record.to_volume();
    state.volumes.insert(id, record);
    Ok(volume)
}

/// Every volume, oldest first.
pub(crate) fn list(state: &State) -> Vec<Volume> {
    let mut records: Vec<&VolumeRecord> = state.volumes.values().collect();
    records.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    records.into_iter().map(VolumeRecord::to_volume).collect()
}

/// Attaches an available volume to a node in the same location. Without a `device`
/// hint the next free `/dev/vdX` name is used.
pub(crate) fn attach(
    state: &mut State,
    volume_id: &str,
    node_id: &str,
    device: Option<&str>,
) -> Result<()> {
    let node = state
        .nodes
        .get(node_id)
        .ok_or_else(|| not_found("node", node_id))?;
    let volume = state
        .volumes
        .get(volume_id)
        .ok_or_else(|| not_found("volume", volume_id))?;
    if let Some(other) = &volume.attached_to {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!("volume {volume_id:?} is already attached to node {other:?}"),
        ));
    }
    if volume.location != node.location {
        return Err(Error::invalid_input(format!(
            "volume {volume_id:?} is in {} but node {node_id:?} is in {}",
            volume.location, node.location
        )));
    }
    let used: BTreeSet<&str> = state
        .volumes
        .values()
        .filter(|v| v.attached_to.as_deref() == Some(node_id))
        .filter_map(|v| v.device.as_deref())
        .collect();
    let device = match device {
        Some(d) if d.trim().is_empty() => {
            return Err(Error::invalid_input("device name is empty"));
        }
        Some(d) if used.contains(d) => {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("device {d:?} on node {node_id:?} is taken"),
            ));
        }
        Some(d) => d.to_string(),
        None => ('b'..='z')
            .map(|c| format!("/dev/vd{c}"))
            .find(|d| !used.contains(d.as_str()))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::QuotaExceeded,
                    format!("node {node_id:?} has no free device names"),
                )
            })?,
    };
    let volume = state
        .volumes
        .get_mut(volume_id)
        .ok_or_else(|| not_found("volume", volume_id))?;
    volume.attached_to = Some(node_id.to_string());
    volume.device = Some(device);
    Ok(())
}

/// Detaches an attached volume.
pub(crate) fn detach(state: &mut State, volume_id: &str) -> Result<()> {
    let volume = state
        .volumes
        .get_mut(volume_id)
        .ok_or_else(|| not_found("volume", volume_id))?;
    if volume.attached_to.is_none() {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!("volume {volume_id:?} is not attached"),
        ));
    }
    volume.attached_to = None;
    volume.device = None;
    Ok(())
}

/// Destroys a detached volume; its snapshots stay.
pub(crate) fn destroy(state: &mut State, volume_id: &str) -> Result<()> {
    let volume = state
        .volumes
        .get(volume_id)
        .ok_or_else(|| not_found("volume", volume_id))?;
    if let Some(node) = &volume.attached_to {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!("volume {volume_id:?} is attached to node {node:?}; detach it first"),
        ));
    }
    state.volumes.remove(volume_id);
    Ok(())
}

/// Snapshots a volume.
pub(crate) fn snapshot(
    state: &mut State,
    volume_id: &str,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Snapshot> {
    if let Some(name) = name {
        check_name("snapshot", name)?;
    }
    let volume = state
        .volumes
        .get(volume_id)
        .ok_or_else(|| not_found("volume", volume_id))?;
    let mut id = short_id("snap");
    while state.snapshots.contains_key(&id) {
        id = short_id("snap");
    }
    let record = SnapshotRecord {
        id: id.clone(),
        name: name.map(str::to_string),
        volume_id: volume_id.to_string(),
        size_gib: volume.size_gib,
        location: volume.location.clone(),
        created_at: now,
    };
    let snapshot = record.to_snapshot();
    state.snapshots.insert(id, record);
    Ok(snapshot)
}

/// Every snapshot, oldest first.
pub(crate) fn list_snapshots(state: &State) -> Vec<Snapshot> {
    let mut records: Vec<&SnapshotRecord> = state.snapshots.values().collect();
    records.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    records
        .into_iter()
        .map(SnapshotRecord::to_snapshot)
        .collect()
}

/// Destroys a snapshot.
pub(crate) fn destroy_snapshot(state: &mut State, snapshot_id: &str) -> Result<()> {
    state
        .snapshots
        .remove(snapshot_id)
        .map(|_| ())
        .ok_or_else(|| not_found("snapshot", snapshot_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::nodes;
    use cloud_core::compute::VolumeState;

    fn setup() -> (State, String, DateTime<Utc>) {
        let (state, node, timing) = nodes::with_running_node("debian-12");
        (state, node, timing.now)
    }

    fn request(name: &str, size_gib: u64) -> CreateVolume {
        CreateVolume {
            name: name.into(),
            size_gib,
            ..Default::default()
        }
    }

    #[test]
    fn attach_detach_destroy() {
        let (mut state, node, now) = setup();
        let vol = create(&mut state, &request("data", 10), now).unwrap();
        assert_eq!(
            (vol.size_gib, vol.state.clone()),
            (10, VolumeState::Available)
        );

        assert_eq!(
            detach(&mut state, &vol.id).unwrap_err().kind(),
            ErrorKind::Conflict
        );
        attach(&mut state, &vol.id, &node, None).unwrap();
        let listed = list(&state);
        assert_eq!(listed[0].state, VolumeState::InUse);
        assert_eq!(listed[0].attached_to.as_deref(), Some(node.as_str()));
        assert_eq!(listed[0].extra["device"], "/dev/vdb");

        let again = attach(&mut state, &vol.id, &node, None).unwrap_err();
        assert_eq!(again.kind(), ErrorKind::Conflict);
        assert_eq!(
            destroy(&mut state, &vol.id).unwrap_err().kind(),
            ErrorKind::Conflict
        );

        let second = create(&mut state, &request("more", 1), now).unwrap();
        let clash = attach(&mut state, &second.id, &node, Some("/dev/vdb")).unwrap_err();
        assert_eq!(clash.kind(), ErrorKind::Conflict);
        attach(&mut state, &second.id, &node, None).unwrap();
        assert_eq!(
            state.volumes[&second.id].device.as_deref(),
            Some("/dev/vdc")
        );

        detach(&mut state, &vol.id).unwrap();
        destroy(&mut state, &vol.id).unwrap();
        assert_eq!(
            destroy(&mut state, &vol.id).unwrap_err().kind(),
            ErrorKind::NotFound
        );

        // Destroying the node detaches what is still attached.
        nodes::destroy(&mut state, &node).unwrap();
        assert_eq!(state.volumes[&second.id].attached_to, None);
    }

    #[test]
    fn bad_volume_requests() {
        let (mut state, node, now) = setup();
        for (req, kind) in [
            (request("", 1), ErrorKind::InvalidInput),
            (request("v", 0), ErrorKind::InvalidInput),
            (request("v", MAX_VOLUME_GIB + 1), ErrorKind::InvalidInput),
            (
                CreateVolume {
                    location: Some("mars-1".into()),
                    ..request("v", 1)
                },
                ErrorKind::NotFound,
            ),
            (
                CreateVolume {
                    snapshot: Some("snap-missing".into()),
                    ..request("v", 1)
                },
                ErrorKind::NotFound,
            ),
        ] {
            assert_eq!(
                create(&mut state, &req, now).unwrap_err().kind(),
                kind,
                "{req:?}"
            );
        }
        let far = create(
            &mut state,
            &CreateVolume {
                location: Some("local-2".into()),
                ..request("far", 1)
            },
            now,
        )
        .unwrap();
        let err = attach(&mut state, &far.id, &node, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("local-2"), "{err}");
        let err = attach(&mut state, &far.id, "node-missing", None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn snapshots_and_volumes_from_them() {
        let (mut state, _node, now) = setup();
        let vol = create(&mut state, &request("data", 8), now).unwrap();
        let snap = snapshot(&mut state, &vol.id, Some("nightly"), now).unwrap();
        assert_eq!(snap.size_gib, Some(8));
        assert_eq!(snap.volume_id.as_deref(), Some(vol.id.as_str()));
        assert_eq!(list_snapshots(&state), vec![snap.clone()]);

        let small = CreateVolume {
            snapshot: Some(snap.id.clone()),
            ..request("restore", 4)
        };
        assert_eq!(
            create(&mut state, &small, now).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let restored = create(
            &mut state,
            &CreateVolume {
                size_gib: 8,
                ..small
            },
            now,
        )
        .unwrap();
        assert_eq!(restored.extra["snapshot"], snap.id.as_str());

        destroy_snapshot(&mut state, &snap.id).unwrap();
        assert!(list_snapshots(&state).is_empty());
        let err = destroy_snapshot(&mut state, &snap.id).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let err = snapshot(&mut state, "vol-missing", None, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
}
