//! Key pairs, volumes, snapshots and console output.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::compute::{Extra, KeyPair, Snapshot, Volume};
use cloud_core::paginate::Page;
use cloud_core::xml::Element;
use cloud_core::{Error, Result, Secret};
use serde_json::json;

use super::{
    copy_bool, copy_text, items, next_token, number, optional_items, optional_number, tags, time,
};
use crate::state::volume_state;

/// The key pairs of a `DescribeKeyPairs` answer.
pub(crate) fn key_pairs_root(root: &Element<'_>) -> Result<Vec<KeyPair>> {
    items(root, "keySet")?.map(key_pair_item).collect()
}

/// One key pair: a `keySet` item, or a `CreateKeyPair` / `ImportKeyPair` answer.
pub(crate) fn key_pair_item(item: &Element<'_>) -> Result<KeyPair> {
    let name = item.require_value("keyName")?.to_string();
    let mut extra = Extra::new();
    copy_text(
        &mut extra,
        item,
        &[
            ("keyPairId", "key_pair_id"),
            ("keyType", "key_type"),
            ("createTime", "create_time"),
        ],
    );
    let tags = tags(item);
    if !tags.is_empty() {
        extra.insert("tags".into(), json!(tags));
    }
    Ok(KeyPair {
        name,
        fingerprint: item.child_value("keyFingerprint").map(str::to_string),
        public_key: item.child_value("publicKey").map(str::to_string),
        private_key: item
            .child("keyMaterial")
            .map(|m| m.text.trim())
            .filter(|m| !m.is_empty())
            .map(Secret::new),
        extra,
    })
}

/// A `DescribeVolumes` page.
pub(crate) fn volumes_root(root: &Element<'_>) -> Result<Page<Volume>> {
    let volumes = items(root, "volumeSet")?
        .map(volume_item)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items: volumes,
        next: next_token(root),
    })
}

/// One volume: a `volumeSet` item or a `CreateVolume` answer.
pub(crate) fn volume_item(item: &Element<'_>) -> Result<Volume> {
    let id = item.require_value("volumeId")?.to_string();
    let size_gib = number(item, "size")?;
    let status = item.require_value("status")?;
    let tags = tags(item);
    let attachment = optional_items(item, "attachmentSet").next();
    let mut extra = Extra::new();
    copy_text(
        &mut extra,
        item,
        &[
            ("volumeType", "volume_type"),
            ("snapshotId", "snapshot_id"),
            ("createTime", "create_time"),
            ("kmsKeyId", "kms_key_id"),
        ],
    );
    copy_bool(&mut extra, item, &[("encrypted", "encrypted")]);
    for (field, key) in [("iops", "iops"), ("throughput", "throughput")] {
        if let Some(n) = optional_number(item, field)? {
            extra.insert(key.into(), json!(n));
        }
    }
    if let Some(a) = attachment {
        copy_text(
            &mut extra,
            a,
            &[("device", "device"), ("status", "attachment_status")],
        );
    }
    if !tags.is_empty() {
        extra.insert("tags".into(), json!(tags));
    }
    Ok(Volume {
        name: tags.get("Name").cloned().unwrap_or_else(|| id.clone()),
        id,
        size_gib,
        state: volume_state(status),
        attached_to: attachment
            .and_then(|a| a.child_value("instanceId"))
            .map(str::to_string),
        location: item.child_value("availabilityZone").map(str::to_string),
        extra,
    })
}

/// A `DescribeSnapshots` page.
pub(crate) fn snapshots_root(root: &Element<'_>) -> Result<Page<Snapshot>> {
    let snapshots = items(root, "snapshotSet")?
        .map(snapshot_item)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items: snapshots,
        next: next_token(root),
    })
}

/// One snapshot: a `snapshotSet` item or a `CreateSnapshot` answer.
pub(crate) fn snapshot_item(item: &Element<'_>) -> Result<Snapshot> {
    let id = item.require_value("snapshotId")?.to_string();
    let mut extra = Extra::new();
    copy_text(
        &mut extra,
        item,
        &[
            ("description", "description"),
            ("progress", "progress"),
            ("ownerId", "owner_id"),
            ("ownerAlias", "owner_alias"),
            ("storageTier", "storage_tier"),
        ],
    );
    copy_bool(&mut extra, item, &[("encrypted", "encrypted")]);
    let tags = tags(item);
    if let Some(name) = tags.get("Name") {
        extra.insert("name".into(), json!(name));
    }
    if !tags.is_empty() {
        extra.insert("tags".into(), json!(tags));
    }
    Ok(Snapshot {
        id,
        volume_id: item.child_value("volumeId").map(str::to_string),
        size_gib: optional_number(item, "volumeSize")?,
        state: item.child_value("status").unwrap_or("").to_string(),
        created_at: time(item, "startTime"),
        extra,
    })
}

/// The console text of a `GetConsoleOutput` answer, base64-decoded; invalid UTF-8 is
/// replaced, not rejected (consoles print anything).
pub(crate) fn console_output_root(root: &Element<'_>) -> Result<String> {
    let Some(encoded) = root.child_value("output") else {
        return Ok(String::new());
    };
    let cleaned: String = encoded.split_whitespace().collect();
    let bytes = STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|e| Error::malformed(format!("<output> is not base64: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
