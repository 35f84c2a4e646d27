//! The typed create options of the Azure provider (`CreateNode::options`).

use cloud_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::PROVIDER_ID;

/// Provider-specific options of `create_node`, given as JSON in `CreateNode::options`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureCreateOptions {
    /// Whether the VM gets a public IP address (a Standard, static one); default true.
    #[serde(default)]
    pub public_ip: Option<bool>,
    /// The OS disk's storage type (`Standard_LRS`, `StandardSSD_LRS`, `Premium_LRS`);
    /// default `Standard_LRS`.
    #[serde(default)]
    pub os_disk_type: Option<String>,
    /// The OS disk's size in GiB; default the image's.
    #[serde(default)]
    pub os_disk_size_gb: Option<u32>,
    /// The resource id of an existing subnet to join, in place of the configured
    /// virtual network and subnet.
    #[serde(default)]
    pub subnet_id: Option<String>,
}

impl AzureCreateOptions {
    /// Reads the options; `InvalidInput` naming what is wrong (an unknown field
    /// included).
    pub fn from_options(options: &serde_json::Map<String, serde_json::Value>) -> Result<Self> {
        let parsed: AzureCreateOptions =
            serde_json::from_value(serde_json::Value::Object(options.clone())).map_err(|e| {
                Error::invalid_input(format!("Azure create options: {e}"))
                    .with_provider(PROVIDER_ID)
                    .with_operation("create_node")
            })?;
        if let Some(kind) = &parsed.os_disk_type
            && !crate::ops::names::is_urn_part(kind)
        {
            return Err(Error::invalid_input(format!(
                "os_disk_type {:?} is not a disk storage type",
                kind.chars().take(64).collect::<String>()
            ))
            .with_provider(PROVIDER_ID)
            .with_operation("create_node"));
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_unknown_fields_are_refused() {
        let map = serde_json::json!({"public_ip": false, "os_disk_type": "Premium_LRS"});
        let parsed = AzureCreateOptions::from_options(map.as_object().unwrap()).unwrap();
        assert_eq!(parsed.public_ip, Some(false));
        let bad = serde_json::json!({"publicip": false});
        assert!(AzureCreateOptions::from_options(bad.as_object().unwrap()).is_err());
        let bad = serde_json::json!({"os_disk_type": "a/b"});
        assert!(AzureCreateOptions::from_options(bad.as_object().unwrap()).is_err());
    }
}
