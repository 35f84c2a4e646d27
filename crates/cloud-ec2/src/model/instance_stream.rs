//! `DescribeInstances` read straight from the XML events, with no element tree in
//! between, into a page of instance records that makes each node when it is taken.
//!
//! It reads what `instance::instances_root` reads from the tree, at the same
//! places: elements by local name, the first of each direct child the tree code would
//! look up, every `item` of the sets it walks, and nothing else (unknown elements, and
//! `item`s nested deeper, are skipped whatever their names). The document is read to
//! its end through [`instance_reader::read`], whose limits and checks are those of the
//! tree reader.

use std::borrow::Cow;

use cloud_core::compute::Node;
use cloud_core::paginate::Page;
use cloud_core::xml::{XmlVisitor, is_blank};
use cloud_core::{Error, Result};

use super::instance_page::InstancePage;
use super::instance_parts::{InstanceParts, NicParts, Text, field_index, value};
use super::instance_reader::{self, TextSink};
use super::instance_record::{InstanceRecord, Lists};
use super::spans::SpanMaker;

/// The root element a `DescribeInstances` answer must have.
const ROOT: &str = "DescribeInstancesResponse";

/// What an open element is to this parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Root,
    ReservationSet,
    Reservation,
    InstancesSet,
    Instance,
    State,
    TagSet,
    Tag,
    NicSet,
    Nic,
    Association,
    AddressSet,
    Address,
    GroupSet,
    Group,
    DeviceSet,
    Device,
    Ebs,
    Placement,
    Iam,
    /// An element whose text is read into a slot.
    Leaf(Slot),
    /// An element of no interest, with everything inside it.
    Skip,
}

/// Where the text of a [`Frame::Leaf`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    NextToken,
    ReservationId,
    OwnerId,
    Field(usize),
    StateCode,
    StateName,
    TagKey,
    TagValue,
    NicPublicIp,
    NicPrivateIp,
    AddressIp,
    GroupId,
    GroupName,
    DeviceName,
    VolumeId,
    Zone,
    Arn,
}

/// One `DescribeInstances` page, read from the answer's bytes.
pub(crate) fn describe_instances(body: &[u8]) -> Result<Page<Node>> {
    let page = describe_instances_lazily(body)?;
    let next = page.next_token().map(str::to_string);
    Ok(Page {
        items: page.collect(),
        next,
    })
}

/// One `DescribeInstances` page, read and checked whole from the answer's bytes: its
/// nodes are made as they are taken from it.
pub(crate) fn describe_instances_lazily(body: &[u8]) -> Result<InstancePage> {
    let mut walker = Walker {
        spans: SpanMaker::new(body.len())?,
        ..Walker::default()
    };
    instance_reader::read(body, &mut walker)?;
    let next_token = value(&walker.next_token).map(str::to_string);
    Ok(InstancePage::new(
        walker.spans.finish(),
        walker.records,
        walker.lists,
        next_token,
    ))
}

/// An element's own text, gathered as the tree reader gathers it: whitespace-only
/// text before its first child and between its children is dropped.
#[derive(Debug, Default)]
struct LeafText<'a> {
    text: Cow<'a, str>,
    has_children: bool,
}

impl<'a> LeafText<'a> {
    fn text(&mut self, chunk: Cow<'a, str>) {
        if !(self.has_children && is_blank(&chunk)) {
            self.append(chunk);
        }
    }

    fn append(&mut self, chunk: Cow<'a, str>) {
        if self.text.is_empty() {
            self.text = chunk;
        } else {
            self.text.to_mut().push_str(&chunk);
        }
    }

    fn child_opened(&mut self) {
        if !self.has_children && is_blank(&self.text) {
            self.text = Cow::Borrowed("");
        }
        self.has_children = true;
    }
}

/// The reservation being read.
#[derive(Debug, Default)]
struct ReservationParts<'a> {
    id: Text<'a>,
    owner: Text<'a>,
    instances_seen: bool,
    /// Index in the page of its first node.
    first: usize,
}

/// A `tagSet` item.
#[derive(Debug, Default)]
struct TagParts<'a> {
    key: Text<'a>,
    value: Text<'a>,
}

/// A `groupSet` item.
#[derive(Debug, Default)]
struct GroupParts<'a> {
    id: Text<'a>,
    name: Text<'a>,
}

/// A `blockDeviceMapping` item.
#[derive(Debug, Default)]
struct DeviceParts<'a> {
    name: Text<'a>,
    /// The first `ebs` has been entered.
    ebs_seen: bool,
    /// `ebs/volumeId`.
    volume: Text<'a>,
}

/// The parser's state between events.
#[derive(Debug, Default)]
struct Walker<'a> {
    stack: Vec<Frame>,
    leaf: LeafText<'a>,
    spans: SpanMaker,
    records: Vec<InstanceRecord>,
    lists: Lists,
    reservations_seen: bool,
    next_token: Text<'a>,
    reservation: ReservationParts<'a>,
    instance: InstanceParts<'a>,
    tag: TagParts<'a>,
    nic: NicParts<'a>,
    /// `privateIpAddress` of the `privateIpAddressesSet` item being read.
    address: Text<'a>,
    group: GroupParts<'a>,
    device: DeviceParts<'a>,
}

impl<'a> XmlVisitor<'a> for Walker<'a> {
    fn open(&mut self, name: &'a str, _: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Result<()> {
        self.enter(name)
    }

    fn close(&mut self) -> Result<()> {
        self.leave()
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if let Some(Frame::Leaf(_)) = self.stack.last() {
            self.leaf.text(text);
        }
    }

    fn cdata(&mut self, text: Cow<'a, str>) {
        if let Some(Frame::Leaf(_)) = self.stack.last() {
            self.leaf.append(text);
        }
    }

    fn char(&mut self, c: char) {
        if let Some(Frame::Leaf(_)) = self.stack.last() {
            self.leaf.text.to_mut().push(c);
        }
    }
}

impl<'a> TextSink<'a> for Walker<'a> {
    fn wants_text(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Leaf(_)))
    }
}

impl<'a> Walker<'a> {
    fn enter(&mut self, name: &str) -> Result<()> {
        let frame = match self.stack.last() {
            None if name == ROOT => Frame::Root,
            None => {
                let shown: String = name.chars().take(60).collect();
                return Err(Error::malformed(format!(
                    "expected <{ROOT}>, got <{shown}>"
                )));
            }
            Some(&parent) => self.child(parent, name),
        };
        self.stack.push(frame);
        Ok(())
    }

    /// What a child called `name` of a `parent` element is, noting that it was seen.
    fn child(&mut self, parent: Frame, name: &str) -> Frame {
        use Frame as F;
        match (parent, name) {
            (F::Leaf(_), _) => {
                self.leaf.child_opened();
                F::Skip
            }
            (F::Skip, _) => F::Skip,
            (F::Root, "reservationSet") => first(&mut self.reservations_seen, F::ReservationSet),
            (F::Root, "nextToken") => leaf(&self.next_token, Slot::NextToken),
            (F::ReservationSet, "item") => {
                self.reservation = ReservationParts {
                    first: self.records.len(),
                    ..Default::default()
                };
                F::Reservation
            }
            (F::Reservation, "reservationId") => leaf(&self.reservation.id, Slot::ReservationId),
            (F::Reservation, "ownerId") => leaf(&self.reservation.owner, Slot::OwnerId),
            (F::Reservation, "instancesSet") => {
                first(&mut self.reservation.instances_seen, F::InstancesSet)
            }
            (F::InstancesSet, "item") => {
                self.instance.reset();
                F::Instance
            }
            (F::Instance, _) => self.instance_child(name),
            (F::State, "code") => leaf(&self.instance.state_code, Slot::StateCode),
            (F::State, "name") => leaf(&self.instance.state_name, Slot::StateName),
            (F::TagSet, "item") => {
                self.tag = TagParts::default();
                F::Tag
            }
            (F::Tag, "key") => leaf(&self.tag.key, Slot::TagKey),
            (F::Tag, "value") => leaf(&self.tag.value, Slot::TagValue),
            (F::NicSet, "item") => {
                self.nic.reset();
                F::Nic
            }
            (F::Nic, "association") => first(&mut self.nic.association_seen, F::Association),
            (F::Nic, "privateIpAddress") => leaf(&self.nic.private_ip, Slot::NicPrivateIp),
            (F::Nic, "privateIpAddressesSet") => first(&mut self.nic.addresses_seen, F::AddressSet),
            (F::Association, "publicIp") => leaf(&self.nic.public_ip, Slot::NicPublicIp),
            (F::AddressSet, "item") => {
                self.address = None;
                F::Address
            }
            (F::Address, "privateIpAddress") => leaf(&self.address, Slot::AddressIp),
            (F::GroupSet, "item") => {
                self.group = GroupParts::default();
                F::Group
            }
            (F::Group, "groupId") => leaf(&self.group.id, Slot::GroupId),
            (F::Group, "groupName") => leaf(&self.group.name, Slot::GroupName),
            (F::DeviceSet, "item") => {
                self.device = DeviceParts::default();
                F::Device
            }
            (F::Device, "deviceName") => leaf(&self.device.name, Slot::DeviceName),
            (F::Device, "ebs") => first(&mut self.device.ebs_seen, F::Ebs),
            (F::Ebs, "volumeId") => leaf(&self.device.volume, Slot::VolumeId),
            (F::Placement, "availabilityZone") => leaf(&self.instance.zone, Slot::Zone),
            (F::Iam, "arn") => leaf(&self.instance.arn, Slot::Arn),
            _ => F::Skip,
        }
    }

    /// What a child called `name` of an instance item is.
    fn instance_child(&mut self, name: &str) -> Frame {
        let i = &mut self.instance;
        match name {
            "instanceState" => first(&mut i.state_seen, Frame::State),
            "tagSet" => first(&mut i.tags_seen, Frame::TagSet),
            "networkInterfaceSet" => first(&mut i.nics_seen, Frame::NicSet),
            "groupSet" => first(&mut i.groups_seen, Frame::GroupSet),
            "blockDeviceMapping" => first(&mut i.devices_seen, Frame::DeviceSet),
            "placement" => first(&mut i.placement_seen, Frame::Placement),
            "iamInstanceProfile" => first(&mut i.iam_seen, Frame::Iam),
            _ => match field_index(name) {
                Some(f) => leaf(&i.fields[f], Slot::Field(f)),
                None => Frame::Skip,
            },
        }
    }

    fn leave(&mut self) -> Result<()> {
        match self.stack.pop() {
            Some(Frame::Leaf(slot)) => {
                let text = std::mem::take(&mut self.leaf).text;
                self.store(slot, text);
            }
            Some(Frame::Instance) => {
                let record = self.instance.record(&mut self.spans, &mut self.lists)?;
                self.records.push(record);
            }
            Some(Frame::Reservation) => self.finish_reservation()?,
            Some(Frame::Tag) => {
                let tag = std::mem::take(&mut self.tag);
                self.instance.add_tag(tag.key, tag.value);
            }
            Some(Frame::Nic) => self.instance.add_nic(&mut self.nic),
            Some(Frame::Address) => self.nic.add_address(self.address.take()),
            Some(Frame::Group) => {
                let group = std::mem::take(&mut self.group);
                self.instance.add_group(group.id, group.name);
            }
            Some(Frame::Device) => {
                let device = std::mem::take(&mut self.device);
                self.instance.add_device(device.name, device.volume);
            }
            Some(Frame::Root) if !self.reservations_seen => {
                return Err(missing(&format!("<{ROOT}> has no <reservationSet>")));
            }
            _ => {}
        }
        Ok(())
    }

    fn store(&mut self, slot: Slot, text: Cow<'a, str>) {
        let text = Some(text);
        match slot {
            Slot::NextToken => self.next_token = text,
            Slot::ReservationId => self.reservation.id = text,
            Slot::OwnerId => self.reservation.owner = text,
            Slot::Field(i) => self.instance.fields[i] = text,
            Slot::StateCode => self.instance.state_code = text,
            Slot::StateName => self.instance.state_name = text,
            Slot::TagKey => self.tag.key = text,
            Slot::TagValue => self.tag.value = text,
            Slot::NicPublicIp => self.nic.public_ip = text,
            Slot::NicPrivateIp => self.nic.private_ip = text,
            Slot::AddressIp => self.address = text,
            Slot::GroupId => self.group.id = text,
            Slot::GroupName => self.group.name = text,
            Slot::DeviceName => self.device.name = text,
            Slot::VolumeId => self.device.volume = text,
            Slot::Zone => self.instance.zone = text,
            Slot::Arn => self.instance.arn = text,
        }
    }

    /// Marks the reservation's records with its id and owner.
    fn finish_reservation(&mut self) -> Result<()> {
        if !self.reservation.instances_seen {
            return Err(missing("<item> has no <instancesSet>"));
        }
        let id = value(&self.reservation.id).map(|t| self.spans.span(t));
        let owner = value(&self.reservation.owner).map(|t| self.spans.span(t));
        let index = self.lists.reservations.len();
        self.lists.reservations.push((id, owner));
        for record in &mut self.records[self.reservation.first..] {
            record.reservation = Some(index);
        }
        Ok(())
    }
}

/// A leaf for `slot`, unless an earlier element already filled it.
fn leaf(filled: &Text<'_>, slot: Slot) -> Frame {
    if filled.is_some() {
        Frame::Skip
    } else {
        Frame::Leaf(slot)
    }
}

/// `frame` if `seen` was not yet set (and sets it); else the element is skipped.
fn first(seen: &mut bool, frame: Frame) -> Frame {
    if std::mem::replace(seen, true) {
        Frame::Skip
    } else {
        frame
    }
}

fn missing(detail: &str) -> Error {
    Error::malformed(format!("invalid XML: {detail}"))
}
