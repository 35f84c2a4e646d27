//! Network interfaces, public IP addresses and virtual networks: where a VM's
//! addresses are read from, and which subnets a network has.

use std::collections::HashMap;

use cloud_core::Result;
use cloud_core::paginate::Page;
use serde::Deserialize;

use super::common::{Reference, list_page, parse_json};

/// A network interface (`Microsoft.Network/networkInterfaces`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NetworkInterface {
    /// The resource id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    properties: NicProperties,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NicProperties {
    #[serde(default)]
    ip_configurations: Vec<IpConfiguration>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct IpConfiguration {
    #[serde(default)]
    properties: IpConfigurationProperties,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct IpConfigurationProperties {
    #[serde(default, rename = "privateIPAddress")]
    private_ip: Option<String>,
    #[serde(default, rename = "publicIPAddress")]
    public_ip: Option<Reference>,
}

/// A public IP address (`Microsoft.Network/publicIPAddresses`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PublicIp {
    /// The resource id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    properties: PublicIpProperties,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct PublicIpProperties {
    #[serde(default, rename = "ipAddress")]
    ip_address: Option<String>,
}

/// Parses one network interface.
pub fn network_interface(body: &[u8]) -> Result<NetworkInterface> {
    parse_json(body, "network interface")
}

/// Parses one page of network interfaces.
pub fn network_interfaces(body: &[u8]) -> Result<Page<NetworkInterface>> {
    list_page(body, "network interface list", Some)
}

/// Parses one public IP address.
pub fn public_ip(body: &[u8]) -> Result<PublicIp> {
    parse_json(body, "public IP address")
}

/// Parses one page of public IP addresses.
pub fn public_ips(body: &[u8]) -> Result<Page<PublicIp>> {
    list_page(body, "public IP address list", Some)
}

/// The subnet names of a virtual network answer.
pub fn subnet_names(body: &[u8]) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Network {
        #[serde(default)]
        properties: NetworkProperties,
    }
    #[derive(Default, Deserialize)]
    struct NetworkProperties {
        #[serde(default)]
        subnets: Vec<Subnet>,
    }
    #[derive(Deserialize)]
    struct Subnet {
        #[serde(default)]
        name: String,
    }
    let network: Network = parse_json(body, "virtual network")?;
    Ok(network
        .properties
        .subnets
        .into_iter()
        .map(|s| s.name)
        .collect())
}

/// The addresses known for a set of network interfaces and public IPs, keyed by
/// resource id (Azure's ids compare without regard to case).
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    /// Per interface: its private addresses and the ids of its public IP resources (as
    /// Azure spells them).
    nics: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Per public IP resource: its address, once allocated.
    public: HashMap<String, String>,
}

impl Addresses {
    /// Adds what an interface says.
    pub fn add_interface(&mut self, nic: NetworkInterface) {
        let mut private = Vec::new();
        let mut public = Vec::new();
        for config in nic.properties.ip_configurations {
            private.extend(config.properties.private_ip.filter(|a| !a.is_empty()));
            public.extend(config.properties.public_ip.and_then(|r| r.id));
        }
        self.nics
            .insert(nic.id.to_ascii_lowercase(), (private, public));
    }

    /// Adds a public IP resource's address.
    pub fn add_public_ip(&mut self, ip: PublicIp) {
        if let Some(address) = ip.properties.ip_address.filter(|a| !a.is_empty()) {
            self.public.insert(ip.id.to_ascii_lowercase(), address);
        }
    }

    /// The ids of the public IP resources of interface `nic`.
    pub fn public_ip_ids(&self, nic: &str) -> Vec<String> {
        self.nics
            .get(&nic.to_ascii_lowercase())
            .map(|(_, public)| public.clone())
            .unwrap_or_default()
    }

    /// The (public, private) addresses of the interfaces `nics`.
    pub fn of(&self, nics: &[String]) -> (Vec<String>, Vec<String>) {
        let mut public = Vec::new();
        let mut private = Vec::new();
        for nic in nics {
            let Some((own, ips)) = self.nics.get(&nic.to_ascii_lowercase()) else {
                continue;
            };
            private.extend(own.iter().cloned());
            public.extend(
                ips.iter()
                    .filter_map(|id| self.public.get(&id.to_ascii_lowercase()).cloned()),
            );
        }
        (public, private)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_join_interfaces_and_public_ips() {
        let nic = network_interface(
            br#"{"id":"/s/x/networkInterfaces/web-nic","properties":{"ipConfigurations":[{"name":"ipconfig1","properties":{"privateIPAddress":"10.0.0.4","publicIPAddress":{"id":"/s/x/publicIPAddresses/Web-IP"}}}]}}"#,
        )
        .unwrap();
        let ip = public_ip(
            br#"{"id":"/s/x/publicIPAddresses/web-ip","properties":{"ipAddress":"203.0.113.10"}}"#,
        )
        .unwrap();
        let mut addresses = Addresses::default();
        addresses.add_interface(nic);
        addresses.add_public_ip(ip);
        let (public, private) = addresses.of(&["/S/X/networkInterfaces/WEB-NIC".into()]);
        assert_eq!(public, ["203.0.113.10"]);
        assert_eq!(private, ["10.0.0.4"]);
        assert_eq!(addresses.of(&["/s/x/other".into()]), (vec![], vec![]));
    }
}
