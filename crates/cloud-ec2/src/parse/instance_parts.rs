//! What one `DescribeInstances` instance item says, gathered while its XML streams
//! past, and the node it makes: the same node as `instance::node` reads from
//! a tree.

use std::borrow::Cow;
use std::collections::BTreeMap;

use cloud_core::compute::{Extra, Node};
use cloud_core::{Error, Result};
use serde_json::{Value, json};

use super::instance::{BOOL_FIELDS, TEXT_FIELDS, push_unique};
use super::timestamp;
use crate::state::node_state;

/// The text of an element, once it has been read (possibly empty).
pub(super) type Text<'a> = Option<Cow<'a, str>>;

/// Where `instanceId` goes in [`InstanceParts::fields`].
const ID: usize = 0;
/// Where `imageId` goes.
const IMAGE: usize = 1;
/// Where `instanceType` goes.
const SIZE: usize = 2;
/// Where `launchTime` goes.
const LAUNCH: usize = 3;
/// Where `ipAddress` goes.
const PUBLIC_IP: usize = 4;
/// Where `privateIpAddress` goes.
const PRIVATE_IP: usize = 5;
/// Where the [`TEXT_FIELDS`] start, in their order.
const TEXT_BASE: usize = 6;
/// Where the [`BOOL_FIELDS`] start, in their order.
const BOOL_BASE: usize = TEXT_BASE + TEXT_FIELDS.len();
/// How many direct text children of an instance item are read.
const FIELDS: usize = BOOL_BASE + BOOL_FIELDS.len();

/// The slot in [`InstanceParts::fields`] of a direct text child of an instance item.
pub(super) fn field_index(name: &str) -> Option<usize> {
    Some(match name {
        "instanceId" => ID,
        "imageId" => IMAGE,
        "instanceType" => SIZE,
        "launchTime" => LAUNCH,
        "ipAddress" => PUBLIC_IP,
        "privateIpAddress" => PRIVATE_IP,
        "keyName" => TEXT_BASE,
        "privateDnsName" => TEXT_BASE + 1,
        "dnsName" => TEXT_BASE + 2,
        "vpcId" => TEXT_BASE + 3,
        "subnetId" => TEXT_BASE + 4,
        "architecture" => TEXT_BASE + 5,
        "platform" => TEXT_BASE + 6,
        "rootDeviceType" => TEXT_BASE + 7,
        "rootDeviceName" => TEXT_BASE + 8,
        "hypervisor" => TEXT_BASE + 9,
        "virtualizationType" => TEXT_BASE + 10,
        "instanceLifecycle" => TEXT_BASE + 11,
        "clientToken" => TEXT_BASE + 12,
        "amiLaunchIndex" => TEXT_BASE + 13,
        "reason" => TEXT_BASE + 14,
        "ebsOptimized" => BOOL_BASE,
        "sourceDestCheck" => BOOL_BASE + 1,
        _ => return None,
    })
}

/// The trimmed text, when there is some.
pub(super) fn value<'s>(text: &'s Text<'_>) -> Option<&'s str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The trimmed text, when there is some, still borrowing from the document if it did.
fn trimmed(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let cut = match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
        Cow::Owned(t) if t.trim().len() == t.len() => Cow::Owned(t),
        Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
    };
    (!cut.is_empty()).then_some(cut)
}

fn malformed(detail: &str) -> Error {
    Error::malformed(format!("invalid XML: {detail}"))
}

/// One `networkInterfaceSet` item.
#[derive(Debug, Default)]
pub(super) struct NicParts<'a> {
    /// The first `association` has been entered.
    pub association_seen: bool,
    /// `association/publicIp`.
    pub public_ip: Text<'a>,
    /// `privateIpAddress`.
    pub private_ip: Text<'a>,
    /// The first `privateIpAddressesSet` has been entered.
    pub addresses_seen: bool,
    /// The `privateIpAddress` values of its items, trimmed, in order.
    pub addresses: Vec<Cow<'a, str>>,
}

impl<'a> NicParts<'a> {
    /// Adds a finished `privateIpAddressesSet` item's `privateIpAddress`.
    pub fn add_address(&mut self, ip: Text<'a>) {
        self.addresses.extend(ip.and_then(trimmed));
    }

    /// Ready for the next item, keeping the list's memory.
    pub fn reset(&mut self) {
        self.association_seen = false;
        self.public_ip = None;
        self.private_ip = None;
        self.addresses_seen = false;
        self.addresses.clear();
    }
}

/// One instance item.
#[derive(Debug, Default)]
pub(super) struct InstanceParts<'a> {
    /// Direct text children, by [`field_index`].
    pub fields: [Text<'a>; FIELDS],
    /// The first `instanceState` has been entered.
    pub state_seen: bool,
    /// `instanceState/code`.
    pub state_code: Text<'a>,
    /// `instanceState/name`.
    pub state_name: Text<'a>,
    /// The first `tagSet` has been entered.
    pub tags_seen: bool,
    /// Tags so far; a later item with the same key wins.
    pub tags: BTreeMap<String, String>,
    /// The first `networkInterfaceSet` has been entered.
    pub nics_seen: bool,
    /// The interfaces' public addresses, in order.
    nic_public: Vec<Cow<'a, str>>,
    /// The interfaces' private addresses, in order.
    nic_private: Vec<Cow<'a, str>>,
    /// The first `groupSet` has been entered.
    pub groups_seen: bool,
    /// `security_groups` entries so far.
    pub groups: Vec<Value>,
    /// The first `blockDeviceMapping` has been entered.
    pub devices_seen: bool,
    /// `block_devices` entries so far.
    pub devices: Vec<Value>,
    /// The first `placement` has been entered.
    pub placement_seen: bool,
    /// `placement/availabilityZone`.
    pub zone: Text<'a>,
    /// The first `iamInstanceProfile` has been entered.
    pub iam_seen: bool,
    /// `iamInstanceProfile/arn`.
    pub arn: Text<'a>,
}

impl<'a> InstanceParts<'a> {
    /// Ready for the next item, keeping the lists' memory.
    pub fn reset(&mut self) {
        self.fields.iter_mut().for_each(|f| *f = None);
        self.state_seen = false;
        self.state_code = None;
        self.state_name = None;
        self.tags_seen = false;
        self.tags.clear();
        self.nics_seen = false;
        self.nic_public.clear();
        self.nic_private.clear();
        self.groups_seen = false;
        self.groups.clear();
        self.devices_seen = false;
        self.devices.clear();
        self.placement_seen = false;
        self.zone = None;
        self.iam_seen = false;
        self.arn = None;
    }

    /// Adds a finished tag item; one without a `key` is skipped.
    pub fn add_tag(&mut self, key: Text<'a>, value: Text<'a>) {
        if let Some(key) = key {
            let value = value.map(Cow::into_owned).unwrap_or_default();
            self.tags.insert(key.into_owned(), value);
        }
    }

    /// Adds a finished network interface item's addresses.
    pub fn add_nic(&mut self, nic: &mut NicParts<'a>) {
        self.nic_public
            .extend(nic.public_ip.take().and_then(trimmed));
        self.nic_private
            .extend(nic.private_ip.take().and_then(trimmed));
        self.nic_private.append(&mut nic.addresses);
    }

    /// Adds a finished security group item; one without a `groupId` is skipped.
    pub fn add_group(&mut self, id: &Text<'_>, name: &Text<'_>) {
        if let Some(id) = value(id) {
            self.groups.push(json!({"id": id, "name": value(name)}));
        }
    }

    /// Adds a finished block device item; one without a `deviceName` is skipped.
    pub fn add_device(&mut self, name: &Text<'_>, volume: &Text<'_>) {
        if let Some(name) = value(name) {
            let volume = volume.as_deref().map(str::trim);
            self.devices
                .push(json!({"device_name": name, "volume_id": volume}));
        }
    }

    /// The node, or a `MalformedResponse` when the id or state is missing.
    pub fn node(&mut self) -> Result<Node> {
        let id = value(&self.fields[ID])
            .ok_or_else(|| malformed("<item> has no <instanceId> value"))?
            .to_string();
        if !self.state_seen {
            return Err(malformed("<item> has no <instanceState>"));
        }
        let state_name = value(&self.state_name)
            .ok_or_else(|| malformed("<instanceState> has no <name> value"))?;
        let tags = std::mem::take(&mut self.tags);
        let name = tags.get("Name").cloned().unwrap_or_else(|| id.clone());

        let mut public_ips = Vec::new();
        push_unique(&mut public_ips, value(&self.fields[PUBLIC_IP]));
        for ip in &self.nic_public {
            push_unique(&mut public_ips, Some(ip.as_ref()));
        }
        let mut private_ips = Vec::new();
        push_unique(&mut private_ips, value(&self.fields[PRIVATE_IP]));
        for ip in &self.nic_private {
            push_unique(&mut private_ips, Some(ip.as_ref()));
        }

        let mut extra = Extra::new();
        for (i, (_, key)) in TEXT_FIELDS.iter().enumerate() {
            if let Some(v) = value(&self.fields[TEXT_BASE + i]) {
                extra.insert((*key).to_string(), Value::String(v.to_string()));
            }
        }
        for (i, (_, key)) in BOOL_FIELDS.iter().enumerate() {
            match value(&self.fields[BOOL_BASE + i]) {
                Some("true") => extra.insert((*key).to_string(), true.into()),
                Some("false") => extra.insert((*key).to_string(), false.into()),
                _ => None,
            };
        }
        if let Some(code) = value(&self.state_code) {
            extra.insert("state_code".into(), json!(code));
        }
        if !self.groups.is_empty() {
            let groups = std::mem::take(&mut self.groups);
            extra.insert("security_groups".into(), Value::Array(groups));
        }
        if !self.devices.is_empty() {
            let devices = std::mem::take(&mut self.devices);
            extra.insert("block_devices".into(), Value::Array(devices));
        }
        if let Some(arn) = &self.arn {
            extra.insert("iam_instance_profile".into(), json!(arn.trim()));
        }

        Ok(Node {
            name,
            state: node_state(state_name),
            public_ips,
            private_ips,
            size: value(&self.fields[SIZE]).map(str::to_string),
            image: value(&self.fields[IMAGE]).map(str::to_string),
            location: value(&self.zone).map(str::to_string),
            created_at: value(&self.fields[LAUNCH]).and_then(timestamp),
            tags,
            extra,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_copied_field_has_its_own_slot() {
        for (i, (xml, _)) in TEXT_FIELDS.iter().enumerate() {
            assert_eq!(field_index(xml), Some(TEXT_BASE + i), "{xml}");
        }
        for (i, (xml, _)) in BOOL_FIELDS.iter().enumerate() {
            assert_eq!(field_index(xml), Some(BOOL_BASE + i), "{xml}");
        }
        let names = [
            "instanceId",
            "imageId",
            "instanceType",
            "launchTime",
            "ipAddress",
            "privateIpAddress",
        ];
        let mut slots: Vec<usize> = names
            .iter()
            .chain(TEXT_FIELDS.iter().map(|(x, _)| x))
            .chain(BOOL_FIELDS.iter().map(|(x, _)| x))
            .map(|n| field_index(n).unwrap())
            .collect();
        slots.sort_unstable();
        assert_eq!(slots, (0..FIELDS).collect::<Vec<_>>());
        assert_eq!(field_index("instanceState"), None);
        assert_eq!(field_index("item"), None);
    }

    #[test]
    fn trimming_keeps_borrowing_and_drops_blanks() {
        assert!(matches!(
            trimmed(Cow::Borrowed(" a ")),
            Some(Cow::Borrowed("a"))
        ));
        assert_eq!(trimmed(Cow::Owned(" b&".into())).as_deref(), Some("b&"));
        assert_eq!(trimmed(Cow::Borrowed(" \n")), None);
    }
}
