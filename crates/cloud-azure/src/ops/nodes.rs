//! Virtual machines: list (with addresses joined from the resource group's interfaces
//! and public IPs), get, create with the network pieces, power actions, delete.

use std::sync::Arc;

use cloud_core::compute::{Compute, CreateNode, Node, NodeAuth};
use cloud_core::http::Method;
use cloud_core::paginate::{Page, error_stream};
use cloud_core::{BoxStream, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use super::names::{check_name, image_ref, invalid, is_size_name, shown};
use super::vm_body::{VmPieces, vm_body};
use crate::client::ApiVersion;
use crate::model::{self, Addresses};
use crate::options::AzureCreateOptions;
use crate::{AzureCompute, PROVIDER_ID};

impl AzureCompute {
    /// Every VM of the resource group with its instance view. Addresses come from the
    /// resource group's network interfaces and public IPs, listed first (three lists in
    /// all, whatever the number of VMs).
    pub(crate) fn nodes(&self) -> BoxStream<'static, Result<Node>> {
        const OP: &str = "list_nodes";
        let api = self.api.clone();
        let nics = self.api.group_url(
            "Microsoft.Network/networkInterfaces",
            ApiVersion::Network,
            OP,
        );
        let ips = self.api.group_url(
            "Microsoft.Network/publicIPAddresses",
            ApiVersion::Network,
            OP,
        );
        let vms = self
            .api
            .group_url("Microsoft.Compute/virtualMachines", ApiVersion::Compute, OP)
            .map(|mut url| {
                url.query_pairs_mut().append_pair("$expand", "instanceView");
                url
            });
        let addresses = {
            let api = api.clone();
            async move {
                let mut addresses = Addresses::default();
                let nics: Vec<_> = api
                    .list(OP, nics, model::network_interfaces)
                    .try_collect()
                    .await?;
                nics.into_iter().for_each(|n| addresses.add_interface(n));
                let ips: Vec<_> = api.list(OP, ips, model::public_ips).try_collect().await?;
                ips.into_iter().for_each(|ip| addresses.add_public_ip(ip));
                Ok::<_, cloud_core::Error>(Arc::new(addresses))
            }
        };
        let mut vms = Some(vms);
        futures::stream::once(addresses)
            .map(move |found| match (found, vms.take()) {
                (Ok(addresses), Some(vms)) => api.list(OP, vms, move |body| {
                    let page = model::virtual_machines(body)?;
                    Ok(Page {
                        items: page
                            .items
                            .into_iter()
                            .map(|vm| vm.into_node(&addresses))
                            .collect(),
                        next: page.next,
                    })
                }),
                (Err(e), _) => error_stream(e),
                (Ok(_), None) => error_stream(cloud_core::Error::malformed("listed twice")),
            })
            .flatten()
            .boxed()
    }

    /// One VM by name, with its instance view and the addresses of its interfaces and
    /// their public IPs (one call each).
    pub(crate) async fn node(&self, id: &str, operation: &str) -> Result<Node> {
        let vm = self.vm(id, true, operation).await?;
        let mut addresses = Addresses::default();
        for nic_id in vm.network_interfaces() {
            let url = self.api.url(&nic_id, ApiVersion::Network);
            let nic = match self.api.get(operation, url, model::network_interface).await {
                Ok(nic) => nic,
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            let public_ids = {
                let nic_key = nic.id.clone();
                addresses.add_interface(nic);
                addresses.public_ip_ids(&nic_key)
            };
            for ip_id in public_ids {
                let url = self.api.url(&ip_id, ApiVersion::Network);
                match self.api.get(operation, url, model::public_ip).await {
                    Ok(ip) => addresses.add_public_ip(ip),
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(vm.into_node(&addresses))
    }

    /// The VM `name`'s model, with its instance view when `instance_view`.
    pub(crate) async fn vm(
        &self,
        name: &str,
        instance_view: bool,
        operation: &str,
    ) -> Result<model::VirtualMachine> {
        let mut url = self.vm_url(name, operation)?;
        if instance_view {
            url.query_pairs_mut().append_pair("$expand", "instanceView");
        }
        self.api.get(operation, url, model::virtual_machine).await
    }

    /// The URL of the VM `name` (checked first).
    pub(crate) fn vm_url(&self, name: &str, operation: &str) -> Result<url::Url> {
        check_name("VM", name, operation)?;
        self.api.group_url(
            &format!("Microsoft.Compute/virtualMachines/{name}"),
            ApiVersion::Compute,
            operation,
        )
    }

    /// Creates a VM with what it needs (the network when missing, a public IP, a
    /// network interface), waits for each, and returns the VM as then reported. When
    /// the interface or the VM cannot be made, the pieces made for it are deleted.
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let options = AzureCreateOptions::from_options(&request.options)?;
        let vm_url = self.vm_url(&request.name, OP)?;
        if !is_size_name(&request.size) {
            return Err(invalid(
                format!(
                    "{:?} is not an Azure VM size (like Standard_B1s)",
                    shown(&request.size)
                ),
                OP,
            ));
        }
        let Some(image) = image_ref(&request.image) else {
            return Err(invalid(
                format!(
                    "{:?} does not name an image (publisher:offer:sku:version, or an image's resource id)",
                    shown(&request.image)
                ),
                OP,
            ));
        };
        let location = self.location_for(request.location.as_deref(), OP)?;
        if let Some(subnet) = &options.subnet_id
            && !super::names::is_network_id(subnet)
        {
            return Err(invalid(
                format!(
                    "subnet_id {:?} is not a subnet's resource id",
                    shown(subnet)
                ),
                OP,
            ));
        }
        let ssh_key = self.login_key(request.auth.as_ref()).await?;
        let subnet = match &options.subnet_id {
            Some(id) => id.clone(),
            None => self.ensure_subnet(&location, OP).await?,
        };
        let mut made = Vec::new();
        let result = async {
            let public_ip = if options.public_ip.unwrap_or(true) {
                let id = self
                    .make_public_ip(&format!("{}-ip", request.name), &location, OP)
                    .await?;
                made.push(id.clone());
                Some(id)
            } else {
                None
            };
            let nic = self
                .make_interface(
                    &format!("{}-nic", request.name),
                    &location,
                    &subnet,
                    public_ip.as_deref(),
                    OP,
                )
                .await?;
            made.insert(0, nic.clone());
            let pieces = VmPieces {
                location: &location,
                image: &image,
                admin: &self.admin_username,
                ssh_key: &ssh_key,
                nic: &nic,
            };
            let body = vm_body(request, &pieces, &options);
            self.change(OP, Method::PUT, vm_url, Some(&body), &request.name)
                .await
        }
        .await;
        if let Err(e) = result {
            for id in &made {
                self.clean_up(id, OP).await;
            }
            return Err(e);
        }
        self.node(&request.name, OP).await
    }

    /// The SSH public key the administrator logs in with: the request's, or the public
    /// key of a stored SSH key resource. Password login is off, so one is required.
    async fn login_key(&self, auth: Option<&NodeAuth>) -> Result<String> {
        const OP: &str = "create_node";
        let key = match auth {
            Some(NodeAuth::SshKey { public_key }) => public_key.trim().to_string(),
            Some(NodeAuth::KeyPairName { name }) => self
                .key_pair(name, OP)
                .await?
                .public_key
                .unwrap_or_default(),
            Some(NodeAuth::Password { .. }) | None => {
                return Err(invalid(
                    "Azure VMs made by this driver log in with an SSH key only: pass \
                     NodeAuth::SshKey or NodeAuth::KeyPairName"
                        .into(),
                    OP,
                ));
            }
        };
        super::keys::check_public_key(&key, OP)?;
        Ok(key)
    }

    /// Deletes a VM and waits for it to go; its OS disk, network interface and public
    /// IP go with it (they were made with `deleteOption: Delete`). Deleting a VM that
    /// does not exist succeeds, as Azure answers it.
    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let url = self.vm_url(id, OP)?;
        self.change(OP, Method::DELETE, url, None::<&Value>, id)
            .await
            .map(drop)
    }

    /// Runs the VM action `action` (`restart`, `start`, `powerOff`, `deallocate`) and
    /// waits for it.
    pub(crate) async fn power(&self, id: &str, operation: &str, action: &str) -> Result<()> {
        let url = self.vm_url(id, operation)?;
        let mut action_url = url.clone();
        action_url.set_path(&format!("{}/{action}", url.path()));
        self.change(operation, Method::POST, action_url, None::<&Value>, id)
            .await
            .map(drop)
    }

    /// Powers the VM off while keeping it allocated (still billed; its addresses are
    /// kept). `stop_node` deallocates instead.
    pub async fn power_off_node(&self, id: &str) -> Result<()> {
        self.power(id, "power_off_node", "powerOff").await
    }
}
