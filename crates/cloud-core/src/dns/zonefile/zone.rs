//! A zone file as read: its records in file order, and their record sets.

use std::collections::BTreeMap;

use crate::dns::{RecordData, RecordSet, RecordType};

/// A zone file as read by [`parse`](super::parse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFile {
    /// The zone's domain, lowercase, without the trailing dot (`example.org`).
    pub origin: String,
    /// The value of the file's first `$TTL` directive, if it has one.
    pub default_ttl: Option<u32>,
    /// The records, in file order.
    pub entries: Vec<ZoneEntry>,
}

/// One record of a zone file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneEntry {
    /// The 1-based line the record starts on.
    pub line: usize,
    /// The owner, relative to the zone (`www`, `_sip._tcp`, `*.dev`), `@` for the apex;
    /// lowercase, with escapes only where a label needs them (`a\.b`, `a\032b`).
    pub name: String,
    /// The TTL in seconds: the record's own, else the latest `$TTL`, else the previous
    /// record's, else the SOA minimum; `None` when none of these exist (no TTL anywhere
    /// before the record and no SOA in the file: the zone's default).
    pub ttl: Option<u32>,
    /// The typed data.
    pub data: RecordData,
}

impl ZoneEntry {
    /// The record's type.
    pub fn rtype(&self) -> RecordType {
        self.data.rtype()
    }
}

/// A set being gathered: its lowest TTL so far and its values.
type Grouped = (Option<u32>, Vec<RecordData>);

impl ZoneFile {
    /// The records grouped into sets by name and type, in name-then-type order, values
    /// sorted and without duplicates.
    ///
    /// RFC 2181 section 5.2 says the records of a set share one TTL. When a file gives
    /// them different TTLs, the set takes the lowest of them (no resolver then keeps a
    /// record longer than its line said); `None` only when every record has none.
    pub fn record_sets(&self) -> Vec<RecordSet> {
        let mut grouped: BTreeMap<(&str, RecordType), Grouped> = BTreeMap::new();
        for entry in &self.entries {
            let (ttl, values) = grouped
                .entry((entry.name.as_str(), entry.rtype()))
                .or_insert((None, Vec::new()));
            *ttl = match (*ttl, entry.ttl) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            values.push(entry.data.clone());
        }
        grouped
            .into_iter()
            .map(|((name, _), (ttl, values))| RecordSet::new(name, ttl, values))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: usize, name: &str, ttl: Option<u32>, ip: &str) -> ZoneEntry {
        ZoneEntry {
            line,
            name: name.into(),
            ttl,
            data: RecordData::A {
                address: ip.parse().unwrap(),
            },
        }
    }

    #[test]
    fn sets_group_by_name_and_type_and_take_the_lowest_ttl() {
        let file = ZoneFile {
            origin: "example.org".into(),
            default_ttl: None,
            entries: vec![
                entry(1, "www", Some(600), "192.0.2.2"),
                entry(2, "@", None, "192.0.2.9"),
                entry(3, "www", Some(300), "192.0.2.1"),
                entry(4, "www", None, "192.0.2.1"),
                ZoneEntry {
                    line: 5,
                    name: "www".into(),
                    ttl: Some(60),
                    data: RecordData::txt("x"),
                },
            ],
        };
        let sets = file.record_sets();
        assert_eq!(sets.len(), 3);
        assert_eq!((sets[0].name.as_str(), sets[0].ttl), ("@", None));
        assert_eq!(
            (sets[1].name.as_str(), &sets[1].rtype),
            ("www", &RecordType::A)
        );
        assert_eq!(sets[1].ttl, Some(300));
        assert_eq!(sets[1].values.len(), 2, "duplicates are dropped");
        assert_eq!(sets[2].rtype, RecordType::Txt);
        assert_eq!(sets[2].ttl, Some(60));
    }
}
