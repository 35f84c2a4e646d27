//! Virtual machines (`Microsoft.Compute/virtualMachines`): the model with its instance
//! view, made portable.

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::Node;
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::{Value, json};

use super::common::{Reference, list_page, parse_json, tags, timestamp};
use super::network::Addresses;
use crate::state::node_state;

/// A virtual machine as Resource Manager describes it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VirtualMachine {
    /// The resource id.
    #[serde(default)]
    pub id: String,
    /// The VM's name.
    #[serde(default)]
    pub name: String,
    /// Its location.
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    tags: BTreeMap<String, Value>,
    #[serde(default)]
    properties: Properties,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    #[serde(default)]
    vm_id: Option<String>,
    #[serde(default)]
    provisioning_state: Option<String>,
    #[serde(default)]
    time_created: Option<String>,
    #[serde(default)]
    hardware_profile: HardwareProfile,
    #[serde(default)]
    storage_profile: StorageProfile,
    #[serde(default)]
    network_profile: NetworkProfile,
    #[serde(default)]
    os_profile: OsProfile,
    #[serde(default)]
    instance_view: Option<InstanceView>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HardwareProfile {
    #[serde(default)]
    vm_size: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StorageProfile {
    #[serde(default)]
    image_reference: Option<ImageReference>,
    #[serde(default)]
    os_disk: Option<OsDisk>,
    #[serde(default)]
    data_disks: Vec<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImageReference {
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    offer: Option<String>,
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OsDisk {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    managed_disk: Option<Reference>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NetworkProfile {
    #[serde(default)]
    network_interfaces: Vec<Reference>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OsProfile {
    #[serde(default)]
    admin_username: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InstanceView {
    #[serde(default)]
    statuses: Vec<Status>,
    #[serde(default)]
    hyper_v_generation: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Status {
    #[serde(default)]
    code: Option<String>,
}

/// Parses one VM.
pub fn virtual_machine(body: &[u8]) -> Result<VirtualMachine> {
    parse_json(body, "virtual machine")
}

/// Parses one page of VMs.
pub fn virtual_machines(body: &[u8]) -> Result<Page<VirtualMachine>> {
    list_page(body, "virtual machine list", Some)
}

impl VirtualMachine {
    /// The ids of its network interfaces.
    pub fn network_interfaces(&self) -> Vec<String> {
        self.properties
            .network_profile
            .network_interfaces
            .iter()
            .filter_map(|r| r.id.clone())
            .collect()
    }

    /// Its data disks as sent and received (`lun`, `name`, `createOption`,
    /// `managedDisk`, …), kept whole so an update sends back what it read.
    pub fn data_disks(&self) -> &[Value] {
        &self.properties.storage_profile.data_disks
    }

    /// The instance view's Hyper-V generation (`V1`, `V2`), when read with it.
    pub fn hyper_v_generation(&self) -> Option<&str> {
        self.properties
            .instance_view
            .as_ref()
            .and_then(|v| v.hyper_v_generation.as_deref())
    }

    /// The word after `prefix/` among the instance view's status codes.
    fn status(&self, prefix: &str) -> Option<&str> {
        self.properties
            .instance_view
            .as_ref()?
            .statuses
            .iter()
            .filter_map(|s| s.code.as_deref())
            .find_map(|code| {
                code.split_once('/')
                    .filter(|(p, _)| p.eq_ignore_ascii_case(prefix))
                    .map(|(_, word)| word)
            })
    }

    /// The power state word (`running`, `deallocated`, …), when read with the instance
    /// view.
    pub fn power_state(&self) -> Option<&str> {
        self.status("PowerState")
    }

    /// The portable image id: `publisher:offer:sku:version` for a marketplace image,
    /// the resource id for a custom one.
    fn image(&self) -> Option<String> {
        let reference = self.properties.storage_profile.image_reference.as_ref()?;
        if let Some(id) = &reference.id {
            return Some(id.clone());
        }
        Some(format!(
            "{}:{}:{}:{}",
            reference.publisher.as_deref()?,
            reference.offer.as_deref()?,
            reference.sku.as_deref()?,
            reference.version.as_deref().unwrap_or("latest")
        ))
    }

    /// The portable node, with the addresses `addresses` knows for its interfaces.
    pub fn into_node(self, addresses: &Addresses) -> Node {
        let nics = self.network_interfaces();
        let (public_ips, private_ips) = addresses.of(&nics);
        let provisioning = self
            .status("ProvisioningState")
            .map(str::to_string)
            .or_else(|| self.properties.provisioning_state.clone());
        let power = self.power_state().map(str::to_string);
        let state = node_state(provisioning.as_deref(), power.as_deref());
        let image = self.image();
        let props = self.properties;
        let mut extra = BTreeMap::new();
        extra.insert("azure_id".into(), json!(self.id));
        let fields = [
            ("vm_id", props.vm_id),
            ("provisioning_state", provisioning),
            ("power_state", power),
            ("admin_username", props.os_profile.admin_username),
            (
                "os_disk",
                props
                    .storage_profile
                    .os_disk
                    .as_ref()
                    .and_then(|d| d.managed_disk.as_ref().and_then(|m| m.id.clone()))
                    .or_else(|| props.storage_profile.os_disk.and_then(|d| d.name)),
            ),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                extra.insert(key.into(), json!(value));
            }
        }
        extra.insert("network_interfaces".into(), json!(nics));
        Node {
            id: self.name.clone(),
            name: self.name,
            state,
            public_ips,
            private_ips,
            size: props.hardware_profile.vm_size,
            image,
            location: self.location,
            created_at: timestamp(props.time_created.as_deref()),
            tags: tags(self.tags),
            extra,
            operation: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::compute::NodeState;

    use super::*;

    #[test]
    fn a_vm_with_its_instance_view_becomes_a_node() {
        let body = br#"{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1","name":"web-1","location":"westeurope","tags":{"team":"blue","n":3},
          "properties":{"vmId":"6a1f","provisioningState":"Succeeded","timeCreated":"2024-09-12T08:15:30+00:00",
          "hardwareProfile":{"vmSize":"Standard_B1s"},
          "storageProfile":{"imageReference":{"publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server","version":"latest","exactVersion":"24.04.202409120"},"osDisk":{"name":"web-1-osdisk","managedDisk":{"id":"/s/d/web-1-osdisk"}},"dataDisks":[{"lun":0,"name":"data"}]},
          "networkProfile":{"networkInterfaces":[{"id":"/s/n/web-1-nic"}]},
          "instanceView":{"hyperVGeneration":"V2","statuses":[{"code":"ProvisioningState/succeeded"},{"code":"PowerState/deallocated"}]}}}"#;
        let vm = virtual_machine(body).unwrap();
        assert_eq!(vm.data_disks().len(), 1);
        assert_eq!(vm.hyper_v_generation(), Some("V2"));
        let node = vm.into_node(&Addresses::default());
        assert_eq!(node.id, "web-1");
        assert_eq!(node.state, NodeState::Stopped);
        assert_eq!(node.size.as_deref(), Some("Standard_B1s"));
        assert_eq!(
            node.image.as_deref(),
            Some("Canonical:ubuntu-24_04-lts:server:latest")
        );
        assert_eq!(node.tags["n"], "3");
        assert_eq!(node.extra["power_state"], "deallocated");
        assert_eq!(node.extra["os_disk"], "/s/d/web-1-osdisk");
        assert!(node.created_at.is_some());
    }

    #[test]
    fn without_an_instance_view_the_provisioning_state_decides() {
        let vm = virtual_machine(br#"{"name":"a","properties":{"provisioningState":"Creating"}}"#)
            .unwrap();
        assert_eq!(
            vm.into_node(&Addresses::default()).state,
            NodeState::Pending
        );
        assert!(virtual_machine(b"\"vm\"").is_err());
    }
}
