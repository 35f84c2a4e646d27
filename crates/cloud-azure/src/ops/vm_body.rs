//! The body of a VM's creating `PUT`: size, image and OS disk (deleted with the VM),
//! the administrator with an SSH key and password login turned off, custom data,
//! tags, and the network interface (deleted with the VM).

use base64::Engine;
use cloud_core::compute::CreateNode;
use serde_json::{Value, json};

use super::names::ImageRef;
use crate::options::AzureCreateOptions;

/// What a VM is made of, besides the request.
pub(crate) struct VmPieces<'a> {
    /// Its location.
    pub(crate) location: &'a str,
    /// The image to boot.
    pub(crate) image: &'a ImageRef,
    /// The administrator account.
    pub(crate) admin: &'a str,
    /// The administrator's SSH public key.
    pub(crate) ssh_key: &'a str,
    /// The network interface's id.
    pub(crate) nic: &'a str,
}

/// The `PUT` body of the VM `request` asks for.
pub(crate) fn vm_body(
    request: &CreateNode,
    pieces: &VmPieces<'_>,
    options: &AzureCreateOptions,
) -> Value {
    let image = match pieces.image {
        ImageRef::Marketplace {
            publisher,
            offer,
            sku,
            version,
        } => json!({"publisher": publisher, "offer": offer, "sku": sku, "version": version}),
        ImageRef::Custom(id) => json!({"id": id}),
    };
    let mut os_disk = json!({
        "name": format!("{}-osdisk", request.name),
        "createOption": "FromImage",
        "deleteOption": "Delete",
        "managedDisk": {
            "storageAccountType": options.os_disk_type.as_deref().unwrap_or("Standard_LRS")
        }
    });
    if let Some(size) = options.os_disk_size_gb {
        os_disk["diskSizeGB"] = json!(size);
    }
    let mut os_profile = json!({
        "computerName": request.name,
        "adminUsername": pieces.admin,
        "linuxConfiguration": {
            "disablePasswordAuthentication": true,
            "ssh": {
                "publicKeys": [{
                    "path": format!("/home/{}/.ssh/authorized_keys", pieces.admin),
                    "keyData": pieces.ssh_key
                }]
            }
        }
    });
    if let Some(data) = &request.user_data {
        os_profile["customData"] =
            json!(base64::engine::general_purpose::STANDARD.encode(data.as_bytes()));
    }
    let mut body = json!({
        "location": pieces.location,
        "properties": {
            "hardwareProfile": {"vmSize": request.size},
            "storageProfile": {"imageReference": image, "osDisk": os_disk},
            "osProfile": os_profile,
            "networkProfile": {
                "networkInterfaces": [{
                    "id": pieces.nic,
                    "properties": {"primary": true, "deleteOption": "Delete"}
                }]
            }
        }
    });
    if !request.tags.is_empty() {
        body["tags"] = json!(request.tags);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_carries_key_custom_data_and_delete_options() {
        let mut request = CreateNode::new("web-1", "Standard_B1s", "Canonical:o:s:latest");
        request.user_data = Some("#!/bin/sh\necho hi\n".into());
        request.tags.insert("team".into(), "blue".into());
        let image = ImageRef::Custom(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i".into(),
        );
        let pieces = VmPieces {
            location: "westeurope",
            image: &image,
            admin: "azureuser",
            ssh_key: "ssh-ed25519 AAAA",
            nic: "/nic",
        };
        let body = vm_body(&request, &pieces, &AzureCreateOptions::default());
        let props = &body["properties"];
        assert_eq!(props["osProfile"]["customData"], "IyEvYmluL3NoCmVjaG8gaGkK");
        assert_eq!(
            props["osProfile"]["linuxConfiguration"]["disablePasswordAuthentication"],
            true
        );
        assert_eq!(props["storageProfile"]["osDisk"]["deleteOption"], "Delete");
        assert_eq!(
            props["storageProfile"]["imageReference"]["id"],
            image_id(&image)
        );
        assert_eq!(
            props["networkProfile"]["networkInterfaces"][0]["properties"]["deleteOption"],
            "Delete"
        );
        assert_eq!(body["tags"]["team"], "blue");
    }

    fn image_id(image: &ImageRef) -> String {
        match image {
            ImageRef::Custom(id) => id.clone(),
            ImageRef::Marketplace { .. } => String::new(),
        }
    }
}
