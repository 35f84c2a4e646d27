//! An instance record seen as the node it makes, serialized field for field as that
//! [`Node`](cloud_core::compute::Node) is, without making it: a listing printed as JSON
//! then writes each node straight from the page instead of making a few dozen strings
//! and maps per node only to write and drop them.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use super::instance_extra::ExtraView;
use super::instance_parts::{IMAGE, LAUNCH, SIZE};
use super::instance_record::{Addresses, InstanceRecord, Lists, Tag, value};
use super::spans::{Span, Texts};
use super::timestamp;
use crate::state::node_state;

/// A record as its node; `tags` are its tags in key order, one per key (the last of
/// those sharing a key), as `InstanceRecord::sorted_tags` leaves them.
pub(super) struct NodeView<'a> {
    pub record: &'a InstanceRecord,
    pub texts: &'a Texts,
    pub lists: &'a Lists,
    pub tags: &'a [Tag],
}

impl NodeView<'_> {
    fn tag_value(&self, value: Option<Span>) -> &str {
        self.texts.opt(value).unwrap_or_default()
    }

    fn field(&self, i: usize) -> Option<&str> {
        value(self.texts.opt(self.record.fields[i]))
    }
}

/// Serialized as `Node`'s derived implementation serializes the node
/// `InstanceRecord::node` makes.
impl Serialize for NodeView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (record, texts) = (self.record, self.texts);
        let id = texts.get(record.id);
        let name = self
            .tags
            .iter()
            .find(|tag| texts.get(tag.key) == "Name")
            .map_or(id, |tag| self.tag_value(tag.value));
        let mut node = serializer.serialize_struct("Node", 11)?;
        node.serialize_field("id", id)?;
        node.serialize_field("name", name)?;
        node.serialize_field("state", &node_state(texts.get(record.state_name)))?;
        node.serialize_field("public_ips", &record.public_ips(texts, self.lists))?;
        node.serialize_field("private_ips", &record.private_ips(texts, self.lists))?;
        node.serialize_field("size", &self.field(SIZE))?;
        node.serialize_field("image", &self.field(IMAGE))?;
        node.serialize_field("location", &value(texts.opt(record.zone)))?;
        node.serialize_field("created_at", &self.field(LAUNCH).and_then(timestamp))?;
        node.serialize_field("tags", &Tags(self))?;
        node.serialize_field(
            "extra",
            &ExtraView {
                record,
                texts,
                lists: self.lists,
            },
        )?;
        node.skip_field("operation")?;
        node.end()
    }
}

/// A node's tags, serialized as its map.
struct Tags<'a>(&'a NodeView<'a>);

impl Serialize for Tags<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = self.0;
        let mut map = serializer.serialize_map(Some(view.tags.len()))?;
        for tag in view.tags {
            map.serialize_entry(view.texts.get(tag.key), view.tag_value(tag.value))?;
        }
        map.end()
    }
}

/// Serialized as the list of strings the node holds.
impl Serialize for Addresses<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.unique().count()))?;
        for address in self.unique() {
            seq.serialize_element(address)?;
        }
        seq.end()
    }
}
