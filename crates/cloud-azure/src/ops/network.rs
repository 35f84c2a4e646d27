//! The network pieces a new VM needs: the virtual network and subnet (made when
//! missing, kept afterwards), a public IP address and a network interface (both made
//! per VM, and deleted with it).

use cloud_core::http::Method;
use cloud_core::{Error, ErrorKind, Result};
use serde_json::{Value, json};

use crate::client::ApiVersion;
use crate::model;
use crate::{AzureCompute, PROVIDER_ID};

/// The address space of a virtual network made by the driver.
const VNET_ADDRESS_SPACE: &str = "10.0.0.0/16";

/// The address prefix of the subnet made with it.
const SUBNET_PREFIX: &str = "10.0.0.0/24";

impl AzureCompute {
    /// The id of the configured subnet, making the virtual network (with that subnet)
    /// in `location` when it does not exist.
    pub(crate) async fn ensure_subnet(&self, location: &str, operation: &str) -> Result<String> {
        let vnet_path = format!("Microsoft.Network/virtualNetworks/{}", self.vnet);
        let vnet_id = self.api.resource_id(&vnet_path, operation)?;
        let subnet_id = format!("{vnet_id}/subnets/{}", self.subnet);
        let url = self.api.url(&vnet_id, ApiVersion::Network);
        match self
            .api
            .get(operation, url.clone(), model::subnet_names)
            .await
        {
            Ok(subnets) if subnets.iter().any(|s| s.eq_ignore_ascii_case(&self.subnet)) => {
                Ok(subnet_id)
            }
            Ok(_) => Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "virtual network {} has no subnet {}: make it, or set the subnet option \
                     (or the subnet_id create option)",
                    self.vnet, self.subnet
                ),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(operation)),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let body = json!({
                    "location": location,
                    "properties": {
                        "addressSpace": {"addressPrefixes": [VNET_ADDRESS_SPACE]},
                        "subnets": [{
                            "name": self.subnet,
                            "properties": {"addressPrefix": SUBNET_PREFIX}
                        }]
                    }
                });
                self.change(operation, Method::PUT, url, Some(&body), &self.vnet)
                    .await?;
                Ok(subnet_id)
            }
            Err(e) => Err(e),
        }
    }

    /// Makes the public IP address `name` (Standard, static, IPv4) and returns its id.
    pub(crate) async fn make_public_ip(
        &self,
        name: &str,
        location: &str,
        operation: &str,
    ) -> Result<String> {
        let id = self.api.resource_id(
            &format!("Microsoft.Network/publicIPAddresses/{name}"),
            operation,
        )?;
        let body = json!({
            "location": location,
            "sku": {"name": "Standard"},
            "properties": {
                "publicIPAllocationMethod": "Static",
                "publicIPAddressVersion": "IPv4"
            }
        });
        let url = self.api.url(&id, ApiVersion::Network);
        self.change(operation, Method::PUT, url, Some(&body), name)
            .await?;
        Ok(id)
    }

    /// Makes the network interface `name` in `subnet`, with the public IP `public_ip`
    /// (deleted with the VM), and returns its id.
    pub(crate) async fn make_interface(
        &self,
        name: &str,
        location: &str,
        subnet: &str,
        public_ip: Option<&str>,
        operation: &str,
    ) -> Result<String> {
        let id = self.api.resource_id(
            &format!("Microsoft.Network/networkInterfaces/{name}"),
            operation,
        )?;
        let mut config = json!({
            "subnet": {"id": subnet},
            "privateIPAllocationMethod": "Dynamic"
        });
        if let Some(ip) = public_ip {
            config["publicIPAddress"] = json!({
                "id": ip,
                "properties": {"deleteOption": "Delete"}
            });
        }
        let body = json!({
            "location": location,
            "properties": {
                "ipConfigurations": [{"name": "ipconfig1", "properties": config}]
            }
        });
        let url = self.api.url(&id, ApiVersion::Network);
        self.change(operation, Method::PUT, url, Some(&body), name)
            .await?;
        Ok(id)
    }

    /// Deletes the resource `id` (a piece made for a VM whose creation failed), waiting
    /// for it; failures are logged, not returned.
    pub(crate) async fn clean_up(&self, id: &str, operation: &str) {
        let url = self.api.url(id, ApiVersion::Network);
        if let Err(e) = self
            .change(operation, Method::DELETE, url, None::<&Value>, id)
            .await
        {
            tracing::warn!(resource = %id, error = %e, "could not delete a piece of a failed create");
        }
    }
}
