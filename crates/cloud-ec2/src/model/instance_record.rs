//! An instance item as read from a `DescribeInstances` answer, its texts kept in the
//! page's [`Texts`], and the node it makes: the same node as `instance::node` reads from a
//! tree. A page keeps these records and makes each node when it is asked for it, so a
//! node is made, used and dropped while its memory is still in the cache.

use std::collections::BTreeMap;
use std::ops::Range;

use cloud_core::compute::{Extra, Node};
use serde_json::{Map, Value};

use super::instance::{BOOL_FIELDS, TEXT_FIELDS, push_unique};
use super::instance_parts::{BOOL_BASE, TEXT_BASE};
use super::instance_parts::{FIELDS, IMAGE, LAUNCH, PRIVATE_IP, PUBLIC_IP, SIZE};
use super::spans::{Span, Texts};
use super::timestamp;
use crate::state::node_state;

/// The lists of a page's records, one after another.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Interface addresses, trimmed.
    pub addresses: Vec<Span>,
    /// Tags (key, value), security groups (id, name) and block devices (name,
    /// volume).
    pub pairs: Vec<(Span, Option<Span>)>,
    /// Reservations (id, owner), trimmed.
    pub reservations: Vec<(Option<Span>, Option<Span>)>,
}

impl Lists {
    /// Appends `items` to `list`; where they went.
    pub fn add<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) -> Range<usize> {
        let start = list.len();
        list.extend(items);
        start..list.len()
    }
}

/// One instance item, checked to make a node.
#[derive(Debug)]
pub(super) struct InstanceRecord {
    /// Direct text children, as read.
    pub fields: [Option<Span>; FIELDS],
    /// `instanceId`, trimmed.
    pub id: Span,
    /// `instanceState/name`, trimmed.
    pub state_name: Span,
    /// `instanceState/code`, as read.
    pub state_code: Option<Span>,
    /// `placement/availabilityZone`, as read.
    pub zone: Option<Span>,
    /// `iamInstanceProfile/arn`, as read.
    pub arn: Option<Span>,
    /// Tags in [`Lists::pairs`], in order; a later one with the same key wins.
    pub tags: Range<usize>,
    /// Public interface addresses in [`Lists::addresses`].
    pub nic_public: Range<usize>,
    /// Private interface addresses in [`Lists::addresses`].
    pub nic_private: Range<usize>,
    /// Security groups with a `groupId` in [`Lists::pairs`].
    pub groups: Range<usize>,
    /// Block devices with a `deviceName` in [`Lists::pairs`].
    pub devices: Range<usize>,
    /// Its reservation in [`Lists::reservations`], once that has been read.
    pub reservation: Option<usize>,
}

/// The trimmed text, when there is some.
fn value(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

impl InstanceRecord {
    /// The node.
    pub fn node(&self, texts: &Texts, lists: &Lists) -> Node {
        let field = |i: usize| value(texts.opt(self.fields[i]));
        let id = texts.get(self.id).to_string();
        let mut tags = BTreeMap::new();
        for &(key, value) in &lists.pairs[self.tags.clone()] {
            let value = texts.opt(value).unwrap_or_default();
            tags.insert(texts.get(key).to_string(), value.to_string());
        }
        let name = tags.get("Name").cloned().unwrap_or_else(|| id.clone());

        let addresses = |range: &Range<usize>| lists.addresses[range.clone()].iter();
        let mut public_ips = Vec::new();
        push_unique(&mut public_ips, field(PUBLIC_IP));
        for &ip in addresses(&self.nic_public) {
            push_unique(&mut public_ips, Some(texts.get(ip)));
        }
        let mut private_ips = Vec::new();
        push_unique(&mut private_ips, field(PRIVATE_IP));
        for &ip in addresses(&self.nic_private) {
            push_unique(&mut private_ips, Some(texts.get(ip)));
        }

        Node {
            name,
            state: node_state(texts.get(self.state_name)),
            public_ips,
            private_ips,
            size: field(SIZE).map(str::to_string),
            image: field(IMAGE).map(str::to_string),
            location: value(texts.opt(self.zone)).map(str::to_string),
            created_at: field(LAUNCH).and_then(timestamp),
            tags,
            extra: self.extra(texts, lists),
            id,
            operation: None,
        }
    }

    fn extra(&self, texts: &Texts, lists: &Lists) -> Extra {
        let field = |i: usize| value(texts.opt(self.fields[i]));
        let text = |s: &str| Value::String(s.to_string());
        let mut extra = Extra::new();
        for (i, (_, key)) in TEXT_FIELDS.iter().enumerate() {
            if let Some(v) = field(TEXT_BASE + i) {
                extra.insert((*key).to_string(), text(v));
            }
        }
        for (i, (_, key)) in BOOL_FIELDS.iter().enumerate() {
            match field(BOOL_BASE + i) {
                Some("true") => extra.insert((*key).to_string(), true.into()),
                Some("false") => extra.insert((*key).to_string(), false.into()),
                _ => None,
            };
        }
        if let Some(code) = value(texts.opt(self.state_code)) {
            extra.insert("state_code".into(), text(code));
        }
        let objects = |range: &Range<usize>, keys: [&str; 2], second: fn(&str) -> Option<&str>| {
            let items = lists.pairs[range.clone()].iter().map(|&(first, other)| {
                let mut object = Map::new();
                object.insert(keys[0].into(), text(texts.get(first).trim()));
                let other = texts.opt(other).and_then(second).map_or(Value::Null, text);
                object.insert(keys[1].into(), other);
                Value::Object(object)
            });
            Value::Array(items.collect())
        };
        if !self.groups.is_empty() {
            let groups = objects(&self.groups, ["id", "name"], |n| value(Some(n)));
            extra.insert("security_groups".into(), groups);
        }
        if !self.devices.is_empty() {
            let devices = objects(&self.devices, ["device_name", "volume_id"], |v| {
                Some(v.trim())
            });
            extra.insert("block_devices".into(), devices);
        }
        if let Some(arn) = texts.opt(self.arn) {
            extra.insert("iam_instance_profile".into(), text(arn.trim()));
        }
        if let Some(&(id, owner)) = self.reservation.and_then(|r| lists.reservations.get(r)) {
            if let Some(id) = texts.opt(id) {
                extra.insert("reservation_id".into(), text(id));
            }
            if let Some(owner) = texts.opt(owner) {
                extra.insert("owner_id".into(), text(owner));
            }
        }
        extra
    }
}
