//! What an instance record puts in its node's `extra`: every key in ascending order,
//! with where its value comes from, read without making anything. The same entries
//! make the node's map ([`InstanceRecord::extra`]) and its JSON (`node_view`), so the
//! two cannot disagree on what `extra` holds.

use std::ops::Range;

use cloud_core::compute::Extra;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use super::instance_parts::{BOOL_BASE, TEXT_BASE};
use super::instance_record::{InstanceRecord, Lists, trim, value};
use super::spans::{Span, Texts};

/// Where an entry of `extra` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The `instance::TEXT_FIELDS` field of this index.
    Text(usize),
    /// The `instance::BOOL_FIELDS` field of this index.
    Bool(usize),
    /// `instanceState/code`.
    StateCode,
    /// The security groups.
    Groups,
    /// The block devices.
    Devices,
    /// `iamInstanceProfile/arn`.
    Iam,
    /// The reservation's id.
    ReservationId,
    /// The reservation's owner.
    OwnerId,
}

/// Every key a record can put in `extra`, in ascending order, and its source.
const KEYS: [(&str, Source); 23] = [
    ("architecture", Source::Text(5)),
    ("block_devices", Source::Devices),
    ("client_token", Source::Text(12)),
    ("ebs_optimized", Source::Bool(0)),
    ("hypervisor", Source::Text(9)),
    ("iam_instance_profile", Source::Iam),
    ("instance_lifecycle", Source::Text(11)),
    ("key_name", Source::Text(0)),
    ("launch_index", Source::Text(13)),
    ("owner_id", Source::OwnerId),
    ("platform", Source::Text(6)),
    ("private_dns_name", Source::Text(1)),
    ("public_dns_name", Source::Text(2)),
    ("reservation_id", Source::ReservationId),
    ("root_device_name", Source::Text(8)),
    ("root_device_type", Source::Text(7)),
    ("security_groups", Source::Groups),
    ("source_dest_check", Source::Bool(1)),
    ("state_code", Source::StateCode),
    ("state_transition_reason", Source::Text(14)),
    ("subnet_id", Source::Text(4)),
    ("virtualization_type", Source::Text(10)),
    ("vpc_id", Source::Text(3)),
];

/// The value of an entry of `extra`, still in the page.
#[derive(Debug, Clone, Copy)]
pub(super) enum ExtraValue<'a> {
    /// A string.
    Text(&'a str),
    /// A boolean.
    Bool(bool),
    /// A list of two-entry objects: security groups or block devices.
    Objects(Objects<'a>),
}

/// Security groups (`id`, `name`) or block devices (`device_name`, `volume_id`), each
/// an object of two entries whose keys are in ascending order: the first value is the
/// trimmed first text; the second is `second` of the second text, or null.
#[derive(Debug, Clone, Copy)]
pub(super) struct Objects<'a> {
    keys: [&'static str; 2],
    items: &'a [(Span, Option<Span>)],
    texts: &'a Texts,
    second: fn(&str) -> Option<&str>,
}

impl<'a> Objects<'a> {
    /// The values of each object.
    fn values(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + use<'a> {
        let (texts, second) = (self.texts, self.second);
        self.items
            .iter()
            .map(move |&(first, other)| (trim(texts.get(first)), texts.opt(other).and_then(second)))
    }
}

impl InstanceRecord {
    /// The entries of the node's `extra`, in ascending key order.
    pub(super) fn extra_entries<'a>(
        &'a self,
        texts: &'a Texts,
        lists: &'a Lists,
    ) -> impl Iterator<Item = (&'static str, ExtraValue<'a>)> + use<'a> {
        KEYS.iter().filter_map(move |&(key, source)| {
            self.extra_value(source, texts, lists)
                .map(|value| (key, value))
        })
    }

    fn extra_value<'a>(
        &'a self,
        source: Source,
        texts: &'a Texts,
        lists: &'a Lists,
    ) -> Option<ExtraValue<'a>> {
        let field = |i: usize| value(texts.opt(self.fields[i]));
        let objects = |range: &Range<usize>, keys, second| {
            (!range.is_empty()).then(|| {
                ExtraValue::Objects(Objects {
                    keys,
                    items: &lists.pairs[range.clone()],
                    texts,
                    second,
                })
            })
        };
        let reservation = || self.reservation.and_then(|r| lists.reservations.get(r));
        match source {
            Source::Text(i) => field(TEXT_BASE + i).map(ExtraValue::Text),
            Source::Bool(i) => match field(BOOL_BASE + i) {
                Some("true") => Some(ExtraValue::Bool(true)),
                Some("false") => Some(ExtraValue::Bool(false)),
                _ => None,
            },
            Source::StateCode => value(texts.opt(self.state_code)).map(ExtraValue::Text),
            Source::Groups => objects(&self.groups, ["id", "name"], |n| value(Some(n))),
            Source::Devices => objects(&self.devices, ["device_name", "volume_id"], |v| {
                Some(trim(v))
            }),
            Source::Iam => texts.opt(self.arn).map(|arn| ExtraValue::Text(trim(arn))),
            Source::ReservationId => reservation()
                .and_then(|&(id, _)| texts.opt(id))
                .map(ExtraValue::Text),
            Source::OwnerId => reservation()
                .and_then(|&(_, owner)| texts.opt(owner))
                .map(ExtraValue::Text),
        }
    }

    /// The node's `extra`.
    pub(super) fn extra(&self, texts: &Texts, lists: &Lists) -> Extra {
        self.extra_entries(texts, lists)
            .map(|(key, value)| (key.to_string(), value.to_value()))
            .collect()
    }
}

impl ExtraValue<'_> {
    /// The value as `extra` holds it.
    fn to_value(self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        match self {
            ExtraValue::Text(s) => text(s),
            ExtraValue::Bool(b) => Value::Bool(b),
            ExtraValue::Objects(objects) => Value::Array(
                objects
                    .values()
                    .map(|(first, second)| {
                        let mut object = Map::new();
                        object.insert(objects.keys[0].into(), text(first));
                        object.insert(objects.keys[1].into(), second.map_or(Value::Null, text));
                        Value::Object(object)
                    })
                    .collect(),
            ),
        }
    }
}

/// Serialized as [`ExtraValue::to_value`]'s value is.
impl Serialize for ExtraValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ExtraValue::Text(s) => serializer.serialize_str(s),
            ExtraValue::Bool(b) => serializer.serialize_bool(*b),
            ExtraValue::Objects(objects) => {
                let mut seq = serializer.serialize_seq(Some(objects.items.len()))?;
                for (first, second) in objects.values() {
                    seq.serialize_element(&Object {
                        keys: objects.keys,
                        first,
                        second,
                    })?;
                }
                seq.end()
            }
        }
    }
}

/// One object of an [`Objects`] list.
struct Object<'a> {
    keys: [&'static str; 2],
    first: &'a str,
    second: Option<&'a str>,
}

/// Serialized as the `Value::Object` [`ExtraValue::to_value`] makes.
impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.keys[0], self.first)?;
        match self.second {
            Some(second) => map.serialize_entry(self.keys[1], second)?,
            // As `Value::Null` serializes.
            None => map.serialize_entry(self.keys[1], &())?,
        }
        map.end()
    }
}

/// A node's whole `extra`, serialized as the map [`InstanceRecord::extra`] makes.
pub(super) struct ExtraView<'a> {
    pub record: &'a InstanceRecord,
    pub texts: &'a Texts,
    pub lists: &'a Lists,
}

impl Serialize for ExtraView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Gathered first, on the stack, to be counted for the map.
        let mut entries = [None; KEYS.len()];
        let mut count = 0;
        for (slot, entry) in entries
            .iter_mut()
            .zip(self.record.extra_entries(self.texts, self.lists))
        {
            *slot = Some(entry);
            count += 1;
        }
        let mut map = serializer.serialize_map(Some(count))?;
        for (key, value) in entries.iter().flatten() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::instance::{BOOL_FIELDS, TEXT_FIELDS};

    #[test]
    fn keys_ascend_and_name_their_fields() {
        assert!(KEYS.windows(2).all(|w| w[0].0 < w[1].0));
        for (i, (_, key)) in TEXT_FIELDS.iter().enumerate() {
            let found = KEYS.iter().find(|(_, s)| *s == Source::Text(i));
            assert_eq!(found.map(|(k, _)| k), Some(key), "text field {i}");
        }
        for (i, (_, key)) in BOOL_FIELDS.iter().enumerate() {
            let found = KEYS.iter().find(|(_, s)| *s == Source::Bool(i));
            assert_eq!(found.map(|(k, _)| k), Some(key), "boolean field {i}");
        }
        assert_eq!(KEYS.len(), TEXT_FIELDS.len() + BOOL_FIELDS.len() + 6);
    }

    #[test]
    fn a_missing_second_value_is_null_as_in_a_map() {
        let object = Object {
            keys: ["device_name", "volume_id"],
            first: "/dev/sda1",
            second: None,
        };
        let value = serde_json::json!({"device_name": "/dev/sda1", "volume_id": null});
        assert_eq!(serde_json::to_value(&object).unwrap(), value);
        assert_eq!(
            serde_json::to_string(&object).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }
}
