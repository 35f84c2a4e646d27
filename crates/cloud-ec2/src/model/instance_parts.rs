//! What one `DescribeInstances` instance item says, gathered while its XML streams
//! past, and the [`InstanceRecord`] it leaves, checked to make a node.

use std::borrow::Cow;
use std::ops::Range;

use cloud_core::{Error, Result};

use super::instance::{BOOL_FIELDS, TEXT_FIELDS};
use super::instance_record::{self, InstanceRecord, Lists, trim};
use super::spans::{Span, SpanMaker};

/// The text of an element, once it has been read (possibly empty).
pub(super) type Text<'a> = Option<Cow<'a, str>>;

/// Where `instanceId` goes in [`InstanceParts::fields`].
pub(super) const ID: usize = 0;
/// Where `imageId` goes.
pub(super) const IMAGE: usize = 1;
/// Where `instanceType` goes.
pub(super) const SIZE: usize = 2;
/// Where `launchTime` goes.
pub(super) const LAUNCH: usize = 3;
/// Where `ipAddress` goes.
pub(super) const PUBLIC_IP: usize = 4;
/// Where `privateIpAddress` goes.
pub(super) const PRIVATE_IP: usize = 5;
/// Where the [`TEXT_FIELDS`] start, in their order.
pub(super) const TEXT_BASE: usize = 6;
/// Where the [`BOOL_FIELDS`] start, in their order.
pub(super) const BOOL_BASE: usize = TEXT_BASE + TEXT_FIELDS.len();
/// How many direct text children of an instance item are read.
pub(super) const FIELDS: usize = BOOL_BASE + BOOL_FIELDS.len();

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

/// The trimmed text, when there is some (as `instance_record::value` trims).
pub(super) fn value<'s>(text: &'s Text<'_>) -> Option<&'s str> {
    instance_record::value(text.as_deref())
}

/// The trimmed text, when there is some, still borrowing from the document if it did.
fn trimmed(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let cut = match text {
        Cow::Borrowed(t) => Cow::Borrowed(trim(t)),
        Cow::Owned(t) if trim(&t).len() == t.len() => Cow::Owned(t),
        Cow::Owned(t) => Cow::Owned(trim(&t).to_string()),
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
    /// Tags with a key, in order.
    tags: Vec<(Cow<'a, str>, Text<'a>)>,
    /// The first `networkInterfaceSet` has been entered.
    pub nics_seen: bool,
    /// The interfaces' public addresses, in order.
    nic_public: Vec<Cow<'a, str>>,
    /// The interfaces' private addresses, in order.
    nic_private: Vec<Cow<'a, str>>,
    /// The first `groupSet` has been entered.
    pub groups_seen: bool,
    /// Security groups with a `groupId`: (id, name).
    groups: Vec<(Cow<'a, str>, Text<'a>)>,
    /// The first `blockDeviceMapping` has been entered.
    pub devices_seen: bool,
    /// Block devices with a `deviceName`: (name, volume).
    devices: Vec<(Cow<'a, str>, Text<'a>)>,
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
            self.tags.push((key, value));
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
    pub fn add_group(&mut self, id: Text<'a>, name: Text<'a>) {
        if let Some(id) = id.filter(|id| !id.trim().is_empty()) {
            self.groups.push((id, name));
        }
    }

    /// Adds a finished block device item; one without a `deviceName` is skipped.
    pub fn add_device(&mut self, name: Text<'a>, volume: Text<'a>) {
        if let Some(name) = name.filter(|name| !name.trim().is_empty()) {
            self.devices.push((name, volume));
        }
    }

    /// The record of the item, its texts and lists kept in `spans` and `lists`; a
    /// `MalformedResponse` when the id or state is missing.
    pub fn record(&self, spans: &mut SpanMaker, lists: &mut Lists) -> Result<InstanceRecord> {
        let id =
            value(&self.fields[ID]).ok_or_else(|| malformed("<item> has no <instanceId> value"))?;
        if !self.state_seen {
            return Err(malformed("<item> has no <instanceState>"));
        }
        let state_name = value(&self.state_name)
            .ok_or_else(|| malformed("<instanceState> has no <name> value"))?;
        Ok(InstanceRecord {
            id: spans.span(id),
            state_name: spans.span(state_name),
            fields: std::array::from_fn(|i| spans.text(&self.fields[i])),
            state_code: spans.text(&self.state_code),
            zone: spans.text(&self.zone),
            arn: spans.text(&self.arn),
            tags: add_pairs(spans, &mut lists.pairs, &self.tags),
            groups: add_pairs(spans, &mut lists.pairs, &self.groups),
            devices: add_pairs(spans, &mut lists.pairs, &self.devices),
            nic_public: add_addresses(spans, &mut lists.addresses, &self.nic_public),
            nic_private: add_addresses(spans, &mut lists.addresses, &self.nic_private),
            reservation: None,
        })
    }
}

/// Appends the spans of `pairs` to `list`; where they went.
fn add_pairs<'a>(
    spans: &mut SpanMaker,
    list: &mut Vec<(Span, Option<Span>)>,
    pairs: &[(Cow<'a, str>, Text<'a>)],
) -> Range<usize> {
    Lists::add(
        list,
        pairs
            .iter()
            .map(|(first, second)| (spans.span(first), spans.text(second))),
    )
}

/// Appends the spans of `addresses` to `list`; where they went.
fn add_addresses<'a>(
    spans: &mut SpanMaker,
    list: &mut Vec<Span>,
    addresses: &[Cow<'a, str>],
) -> Range<usize> {
    Lists::add(list, addresses.iter().map(|ip| spans.span(ip)))
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
