//! Zones and records from the API's JSON: the portable [`Zone`], and a [`ZoneDoc`] (a
//! zone with its RRsets) from which records are read and found by id.

use cloud_core::compute::Extra;
use cloud_core::dns::zonefile::parse_rdata;
use cloud_core::dns::{Record, RecordData, RecordType, Zone, names};
use cloud_core::http::HttpResponse;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::mailbox::email_of_rname;
use super::record_id::RecordKey;
use super::wire::{RRset, RecordEntry, WireZone};

/// A zone with its RRsets, as `GET …/zones/{zone_id}` sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneDoc {
    /// The portable zone.
    pub zone: Zone,
    /// Its RRsets, in the server's order (empty when asked for without them).
    pub rrsets: Vec<RRset>,
}

/// Every zone of a `GET …/zones` answer.
pub fn zones(resp: &HttpResponse) -> Result<Vec<Zone>> {
    let wire: Vec<WireZone> = resp.json()?;
    Ok(wire.into_iter().map(|z| to_zone(z).zone).collect())
}

/// The zone of a `GET` or `POST` answer for one zone, with its RRsets.
pub fn zone(resp: &HttpResponse) -> Result<ZoneDoc> {
    Ok(to_zone(resp.json()?))
}

/// The domain of a zone name: canonical, or for a name the portable rules refuse (the
/// root zone), the name lowercased without its trailing dot.
fn domain_of(name: &str) -> String {
    names::zone_domain(name)
        .unwrap_or_else(|_| name.trim().trim_end_matches('.').to_ascii_lowercase())
}

fn to_zone(wire: WireZone) -> ZoneDoc {
    let domain = domain_of(&wire.name);
    let rrsets = wire.rrsets.unwrap_or_default();
    let apex = format!("{domain}.");
    let at_apex = |rtype: &str| {
        rrsets
            .iter()
            .find(|s| s.rtype == rtype && s.name.eq_ignore_ascii_case(&apex))
    };
    let email = at_apex("SOA")
        .and_then(|soa| soa.records.first())
        .and_then(
            |r| match data_of_content(&RecordType::Soa, &r.content, &domain) {
                RecordData::Soa { rname, .. } => email_of_rname(&rname),
                _ => None,
            },
        );
    let mut extra = Extra::new();
    extra.insert("kind".into(), Value::from(wire.kind));
    if let Some(serial) = wire.serial {
        extra.insert("serial".into(), Value::from(serial));
    }
    if let Some(account) = wire.account.filter(|a| !a.is_empty()) {
        extra.insert("account".into(), Value::from(account));
    }
    if let Some(dnssec) = wire.dnssec {
        extra.insert("dnssec".into(), Value::from(dnssec));
    }
    if let Some(ns) = at_apex("NS") {
        let hosts: Vec<Value> = ns
            .records
            .iter()
            .map(|r| Value::from(r.content.clone()))
            .collect();
        extra.insert("nameservers".into(), Value::from(hosts));
    }
    let zone = Zone {
        id: wire.id,
        domain,
        ttl: None,
        email,
        extra,
    };
    ZoneDoc { zone, rrsets }
}

/// The typed data of a record's content; content the zone-file reader cannot take
/// (a type it does not know, a value PowerDNS writes its own way) is kept as it is, as
/// [`RecordData::Other`].
pub fn data_of_content(rtype: &RecordType, content: &str, domain: &str) -> RecordData {
    parse_rdata(rtype, content, domain).unwrap_or_else(|_| RecordData::Other {
        rtype: rtype.clone(),
        data: content.to_string(),
    })
}

impl ZoneDoc {
    /// The zone's domain.
    pub fn domain(&self) -> &str {
        &self.zone.domain
    }

    /// The set's name relative to the zone and its type; `None` for a set outside the
    /// zone or of a type that cannot be named.
    fn key_of(&self, set: &RRset) -> Option<(String, RecordType)> {
        let name = names::relative_name(&set.name, self.domain()).ok()?;
        Some((name, set.rtype.parse().ok()?))
    }

    /// Every record, one per value, ordered by name (apex first), type and value.
    pub fn records(&self) -> Vec<Record> {
        let mut out: Vec<Record> = Vec::new();
        for set in &self.rrsets {
            let Some((name, rtype)) = self.key_of(set) else {
                continue;
            };
            for entry in &set.records {
                out.push(self.record(&name, &rtype, set.ttl, entry));
            }
        }
        out.sort_by(|a, b| {
            (a.name != names::APEX, &a.name, a.rtype().as_str(), &a.data).cmp(&(
                b.name != names::APEX,
                &b.name,
                b.rtype().as_str(),
                &b.data,
            ))
        });
        out
    }

    fn record(&self, name: &str, rtype: &RecordType, ttl: u32, entry: &RecordEntry) -> Record {
        let data = data_of_content(rtype, &entry.content, self.domain());
        let mut extra = Extra::new();
        if entry.disabled {
            extra.insert("disabled".into(), Value::from(true));
        }
        Record {
            id: RecordKey::new(name, &data).id(),
            zone_id: self.zone.id.clone(),
            name: name.to_string(),
            ttl: Some(ttl),
            data,
            extra,
        }
    }

    /// The set of relative `name` and `rtype`, when the zone has one.
    pub fn set(&self, name: &str, rtype: &RecordType) -> Option<&RRset> {
        self.rrsets.iter().find(|s| {
            self.key_of(s)
                .is_some_and(|(n, t)| n == name && &t == rtype)
        })
    }

    /// The record `key` names: its set, the value's place in it, and the record.
    pub fn find(&self, key: &RecordKey) -> Option<(&RRset, usize, Record)> {
        let set = self.set(&key.name, &key.rtype)?;
        set.records.iter().enumerate().find_map(|(i, entry)| {
            let record = self.record(&key.name, &key.rtype, set.ttl, entry);
            (record.data.presentation() == key.value).then_some((set, i, record))
        })
    }

    /// The record `id` names; `NotFound` naming the id and zone otherwise.
    pub fn find_id(&self, id: &str) -> Result<(&RRset, usize, Record)> {
        RecordKey::parse(id)
            .and_then(|key| self.find(&key))
            .ok_or_else(|| {
                let shown: String = id.chars().take(80).collect();
                Error::not_found(format!("no record {shown:?} in zone {}", self.zone.id))
            })
    }
}
