//! An instance item as read from a `DescribeInstances` answer, its texts kept in the
//! page's [`Texts`], and the node it makes: the same node as `instance::node` reads from a
//! tree. A page keeps these records and makes each node when it is asked for it, so a
//! node is made, used and dropped while its memory is still in the cache.

use std::collections::BTreeMap;
use std::ops::Range;

use cloud_core::compute::Node;

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
pub(super) fn value(text: Option<&str>) -> Option<&str> {
    text.map(trim).filter(|t| !t.is_empty())
}

/// `text` without leading and trailing white space, as [`str::trim`] leaves it, with a
/// quick answer for the usual text that starts and ends with a printable ASCII byte.
pub(super) fn trim(text: &str) -> &str {
    let printable = |b: &u8| (b'!'..=b'~').contains(b);
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if printable(first) && printable(last) => text,
        _ => text.trim(),
    }
}

impl InstanceRecord {
    /// The node.
    pub fn node(&self, texts: &Texts, lists: &Lists) -> Node {
        let field = |i: usize| value(texts.opt(self.fields[i]));
        let id = texts.get(self.id).to_string();
        let mut sorted = Vec::new();
        self.sorted_tags(texts, lists, &mut sorted);
        let tags: BTreeMap<String, String> = sorted
            .iter()
            .map(|tag| {
                let value = texts.opt(tag.value).unwrap_or_default();
                (texts.get(tag.key).to_string(), value.to_string())
            })
            .collect();
        let name = tags.get("Name").cloned().unwrap_or_else(|| id.clone());

        let gather = |addresses: Addresses<'_>| addresses.unique().map(str::to_string).collect();
        let public_ips = gather(self.public_ips(texts, lists));
        let private_ips = gather(self.private_ips(texts, lists));

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
}

impl InstanceRecord {
    /// Fills `tags` with the record's tags as the node's map holds them: in key order,
    /// and of tags sharing a key, only the last. The node's map and its JSON
    /// (`node_view`) are both made from these.
    pub fn sorted_tags(&self, texts: &Texts, lists: &Lists, tags: &mut Vec<Tag>) {
        tags.clear();
        tags.extend(
            lists.pairs[self.tags.clone()]
                .iter()
                .rev()
                .map(|&(key, value)| Tag {
                    order: key_order(texts.get(key)),
                    key,
                    value,
                }),
        );
        let key_cmp = |a: &Tag, b: &Tag| {
            a.order
                .cmp(&b.order)
                .then_with(|| texts.get(a.key).cmp(texts.get(b.key)))
        };
        // Stable: of equal keys the last in the answer stays first, and is kept.
        tags.sort_by(key_cmp);
        tags.dedup_by(|later, kept| key_cmp(later, kept).is_eq());
    }

    /// The node's public addresses: `ipAddress`, then the interfaces' public ones.
    pub fn public_ips<'a>(&self, texts: &'a Texts, lists: &'a Lists) -> Addresses<'a> {
        Addresses {
            first: value(texts.opt(self.fields[PUBLIC_IP])),
            more: &lists.addresses[self.nic_public.clone()],
            texts,
        }
    }

    /// The node's private addresses: `privateIpAddress`, then the interfaces' private
    /// ones.
    pub fn private_ips<'a>(&self, texts: &'a Texts, lists: &'a Lists) -> Addresses<'a> {
        Addresses {
            first: value(texts.opt(self.fields[PRIVATE_IP])),
            more: &lists.addresses[self.nic_private.clone()],
            texts,
        }
    }
}

/// A tag of a record, with the order of its key's first eight bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tag {
    /// [`key_order`] of the key: tags whose orders differ sort by them alone.
    order: u64,
    /// The key.
    pub key: Span,
    /// The value, when there is one.
    pub value: Option<Span>,
}

/// The first eight bytes of `key` (zero after its end) as a big-endian number, which
/// orders keys as their bytes do wherever it differs.
fn key_order(key: &str) -> u64 {
    let mut first = [0; 8];
    let len = key.len().min(8);
    first[..len].copy_from_slice(&key.as_bytes()[..len]);
    u64::from_be_bytes(first)
}

/// A node's public or private addresses: `first`, then `more`, each once, in that
/// order (as `instance::push_unique` gathers them from a tree). The node's lists and
/// its JSON (`node_view`) are both read from here.
pub(super) struct Addresses<'a> {
    first: Option<&'a str>,
    more: &'a [Span],
    texts: &'a Texts,
}

impl<'a> Addresses<'a> {
    /// Each address the first time it comes.
    pub fn unique(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let texts = self.texts;
        let all = self
            .first
            .into_iter()
            .chain(self.more.iter().map(move |&a| texts.get(a)));
        let earlier = all.clone();
        all.enumerate()
            .filter(move |&(i, a)| !earlier.clone().take(i).any(|e| e == a))
            .map(|(_, a)| a)
    }
}

#[cfg(test)]
mod tests {
    use super::{key_order, trim};

    #[test]
    fn key_orders_never_disagree_with_the_keys_order() {
        let keys = [
            "",
            "a",
            "Name",
            "Name2",
            "NameTag",
            "NameTags",
            "NameTagsX",
            "NameTagsY",
            "aws:cloudformation:stack-name",
            "aws:cloudformation:stack-id",
            "é",
            "\u{7f}",
        ];
        for a in keys {
            for b in keys {
                let (oa, ob) = (key_order(a), key_order(b));
                assert!(oa == ob || oa.cmp(&ob) == a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn trimming_agrees_with_the_standard_trim() {
        let texts = [
            "",
            " ",
            "a",
            "~",
            " a",
            "a ",
            "\ta\n",
            "a b",
            "é",
            " é ",
            "\u{a0}x\u{85}",
            "x\u{2003}",
            "\u{1f}a\u{1f}",
            "\u{7f}z",
            "!\r\n",
        ];
        for text in texts {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
