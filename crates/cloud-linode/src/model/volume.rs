//! Block Storage volumes.

use cloud_core::Result;
use cloud_core::compute::Volume;
use serde::Deserialize;
use serde_json::Value;

use super::{Convert, extra_from};
use crate::state::volume_state;

/// A Block Storage volume as the API returns it.
#[derive(Debug, Deserialize)]
pub(crate) struct RawVolume {
    id: u64,
    label: String,
    size: u64,
    status: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    linode_id: Option<u64>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl Convert for RawVolume {
    type Item = Volume;

    fn convert(self) -> Result<Volume> {
        let mut extra = extra_from(self.rest);
        extra.insert("status".into(), Value::String(self.status.clone()));
        Ok(Volume {
            id: self.id.to_string(),
            name: self.label,
            size_gib: self.size,
            state: volume_state(&self.status, self.linode_id.is_some()),
            attached_to: self.linode_id.map(|id| id.to_string()),
            location: self.region,
            extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::compute::VolumeState;

    #[test]
    fn converts_a_volume() {
        let raw: RawVolume = serde_json::from_str(
            r#"{"id": 7, "label": "data", "size": 20, "status": "active",
                "region": "us-east", "linode_id": 123, "linode_label": "web-1",
                "filesystem_path": "/dev/disk/by-id/scsi-0Linode_Volume_data"}"#,
        )
        .unwrap();
        let vol = raw.convert().unwrap();
        assert_eq!(vol.id, "7");
        assert_eq!(vol.size_gib, 20);
        assert_eq!(vol.state, VolumeState::InUse);
        assert_eq!(vol.attached_to.as_deref(), Some("123"));
        assert_eq!(vol.extra["linode_label"], "web-1");
    }
}
