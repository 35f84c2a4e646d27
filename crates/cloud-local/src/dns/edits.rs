//! Record operations on the DNS state. Input is made canonical first (names relative,
//! hosts qualified, TXT strings checked); a CNAME shares its name with no other data; the
//! records of one name and type share one TTL (RFC 2181), so a record added to a set, or
//! a TTL changed on one, sets the TTL of the whole set.

use cloud_core::dns::validate::{normalize_data, normalize_record};
use cloud_core::dns::{NewRecord, Record, RecordSetChange, RecordType, RecordUpdate, names};
use cloud_core::{Error, ErrorKind, Result};

use super::records::{DnsState, StoredRecord, ZoneRecord};
use super::zones::{bump_serial, zone, zone_mut};

/// Every record of zone `zone_id`, in name, type and value order.
pub(crate) fn list(state: &DnsState, zone_id: &str) -> Result<Vec<Record>> {
    let zone = zone(state, zone_id)?;
    let mut records: Vec<Record> = zone
        .records
        .iter()
        .map(|(id, r)| r.to_record(zone_id, id))
        .collect();
    records.sort_by(|a, b| (&a.name, a.rtype(), &a.data).cmp(&(&b.name, b.rtype(), &b.data)));
    Ok(records)
}

/// One record; `NotFound` naming it.
pub(crate) fn get(state: &DnsState, zone_id: &str, id: &str) -> Result<Record> {
    let zone = zone(state, zone_id)?;
    zone.records
        .get(id)
        .map(|r| r.to_record(zone_id, id))
        .ok_or_else(|| missing_record(zone_id, id))
}

/// Adds a record with id `id`.
pub(crate) fn create(
    state: &mut DnsState,
    zone_id: &str,
    request: &NewRecord,
    id: String,
) -> Result<Record> {
    let zone = zone_mut(state, zone_id)?;
    let request = normalize_record(request, &zone.domain)?;
    if request.data.rtype() == RecordType::Soa {
        return Err(Error::invalid_input(
            "a zone has exactly one SOA record, made with the zone; update it instead",
        ));
    }
    insert(zone, id.clone(), request.name, request.ttl, request.data)?;
    bump_serial(zone);
    get(state, zone_id, &id)
}

/// Changes a record's name, TTL or value.
pub(crate) fn update(
    state: &mut DnsState,
    zone_id: &str,
    id: &str,
    update: &RecordUpdate,
) -> Result<Record> {
    let zone = zone_mut(state, zone_id)?;
    let current = zone
        .records
        .remove(id)
        .ok_or_else(|| missing_record(zone_id, id))?;
    let name = match &update.name {
        Some(name) => names::relative_name(name, &zone.domain)?,
        None => current.name.clone(),
    };
    let data = match &update.data {
        Some(data) => {
            let data = normalize_data(data, &zone.domain)?;
            if data.rtype() != current.data.rtype() {
                return Err(Error::invalid_input(format!(
                    "record {id} is {}; its data cannot become {}",
                    current.data.rtype(),
                    data.rtype()
                )));
            }
            data
        }
        None => current.data.clone(),
    };
    let ttl = update.ttl.or(current.ttl);
    insert(zone, id.to_string(), name, ttl, data)?;
    bump_serial(zone);
    get(state, zone_id, id)
}

/// Deletes a record. The SOA and the last apex NS record stay: a zone cannot be served
/// without them.
pub(crate) fn delete(state: &mut DnsState, zone_id: &str, id: &str) -> Result<()> {
    let zone = zone_mut(state, zone_id)?;
    let record = zone
        .records
        .get(id)
        .ok_or_else(|| missing_record(zone_id, id))?;
    protect_apex(zone, record, 1)?;
    zone.records.remove(id);
    bump_serial(zone);
    Ok(())
}

/// Applies record-set changes all at once: on any error nothing is changed (the state is
/// only saved when every change succeeds). `new_id` makes ids for new records.
pub(crate) fn apply(
    state: &mut DnsState,
    zone_id: &str,
    changes: &[RecordSetChange],
    mut new_id: impl FnMut() -> String,
) -> Result<()> {
    let zone = zone_mut(state, zone_id)?;
    for change in changes {
        let set = change.set();
        let name = names::relative_name(&set.name, &zone.domain)?;
        if set.rtype == RecordType::Soa || (name == names::APEX && set.rtype == RecordType::Ns) {
            return Err(Error::invalid_input(format!(
                "the zone's {} records are the provider's; changes cannot replace or delete them",
                set.rtype
            )));
        }
        zone.records
            .retain(|_, r| !(r.name == name && r.data.rtype() == set.rtype));
        if let RecordSetChange::Upsert(set) = change {
            for value in &set.values {
                let data = normalize_data(value, &zone.domain)?;
                if data.rtype() != set.rtype {
                    return Err(Error::invalid_input(format!(
                        "a {} set cannot hold {} data",
                        set.rtype,
                        data.rtype()
                    )));
                }
                insert(zone, new_id(), name.clone(), set.ttl, data)?;
            }
        }
    }
    bump_serial(zone);
    Ok(())
}

/// Stores a record after the checks every write makes: no duplicate value in its set, no
/// CNAME beside other data, one TTL per set.
fn insert(
    zone: &mut ZoneRecord,
    id: String,
    name: String,
    ttl: Option<u32>,
    data: cloud_core::dns::RecordData,
) -> Result<()> {
    let rtype = data.rtype();
    for other in zone.records.values() {
        if other.name != name {
            continue;
        }
        let other_type = other.data.rtype();
        if other_type == rtype && other.data == data {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("{name} already has the {rtype} record {data}"),
            ));
        }
        let cname_clash = (rtype == RecordType::Cname) != (other_type == RecordType::Cname);
        if cname_clash && other_type != RecordType::Other("RRSIG".into()) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{name} cannot hold a CNAME record beside other data ({other_type})"),
            ));
        }
    }
    let ttl = ttl.or(zone.ttl);
    for other in zone.records.values_mut() {
        if other.name == name && other.data.rtype() == rtype {
            other.ttl = ttl;
        }
    }
    zone.records.insert(id, StoredRecord { name, ttl, data });
    Ok(())
}

/// Refuses to remove the SOA, or apex NS records when no more than `keep` remain.
fn protect_apex(zone: &ZoneRecord, record: &StoredRecord, keep: usize) -> Result<()> {
    let rtype = record.data.rtype();
    if rtype == RecordType::Soa {
        return Err(Error::invalid_input(
            "a zone's SOA record cannot be deleted",
        ));
    }
    if rtype == RecordType::Ns && record.name == names::APEX {
        let apex_ns = zone
            .records
            .values()
            .filter(|r| r.name == names::APEX && r.data.rtype() == RecordType::Ns)
            .count();
        if apex_ns <= keep {
            return Err(Error::invalid_input(
                "the zone's last apex NS record cannot be deleted",
            ));
        }
    }
    Ok(())
}

fn missing_record(zone_id: &str, id: &str) -> Error {
    Error::not_found(format!("no record {id} in zone {zone_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zones;
    use cloud_core::dns::{CreateZone, RecordData, RecordSet};

    fn state() -> DnsState {
        let mut state = DnsState::default();
        zones::create(&mut state, &CreateZone::new("example.org"), "z".into()).unwrap();
        state
    }

    fn a(ip: &str) -> RecordData {
        RecordData::A {
            address: ip.parse().unwrap(),
        }
    }

    #[test]
    fn a_set_shares_one_ttl_and_refuses_duplicates() {
        let mut s = state();
        create(
            &mut s,
            "z",
            &NewRecord::new("www", a("192.0.2.1")).with_ttl(60),
            "r1".into(),
        )
        .unwrap();
        create(
            &mut s,
            "z",
            &NewRecord::new("WWW.example.org.", a("192.0.2.2")).with_ttl(120),
            "r2".into(),
        )
        .unwrap();
        assert_eq!(get(&s, "z", "r1").unwrap().ttl, Some(120));
        assert_eq!(get(&s, "z", "r2").unwrap().name, "www");
        let err = create(
            &mut s,
            "z",
            &NewRecord::new("www", a("192.0.2.2")),
            "r3".into(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    }

    #[test]
    fn cname_stands_alone() {
        let mut s = state();
        create(
            &mut s,
            "z",
            &NewRecord::new("www", a("192.0.2.1")),
            "r1".into(),
        )
        .unwrap();
        let cname = RecordData::Cname {
            target: "web".into(),
        };
        let err = create(
            &mut s,
            "z",
            &NewRecord::new("www", cname.clone()),
            "r2".into(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        let made = create(&mut s, "z", &NewRecord::new("alias", cname), "r3".into()).unwrap();
        assert_eq!(made.data.presentation(), "web.example.org.");
    }

    #[test]
    fn soa_and_last_apex_ns_are_protected() {
        let mut s = state();
        assert!(delete(&mut s, "z", "z-soa").is_err());
        assert!(delete(&mut s, "z", "z-ns").is_err());
        let ns = RecordData::Ns {
            host: "ns2.example.net.".into(),
        };
        create(&mut s, "z", &NewRecord::new("@", ns), "ns2".into()).unwrap();
        delete(&mut s, "z", "z-ns").unwrap();
    }

    #[test]
    fn apply_is_all_or_nothing_in_the_caller_and_replaces_sets() {
        let mut s = state();
        create(
            &mut s,
            "z",
            &NewRecord::new("www", a("192.0.2.1")),
            "r1".into(),
        )
        .unwrap();
        let mut n = 0;
        let set = RecordSet::new("www", Some(30), vec![a("192.0.2.7"), a("192.0.2.8")]);
        apply(&mut s, "z", &[RecordSetChange::Upsert(set)], || {
            n += 1;
            format!("n{n}")
        })
        .unwrap();
        let www: Vec<String> = list(&s, "z")
            .unwrap()
            .into_iter()
            .filter(|r| r.name == "www")
            .map(|r| format!("{} {}", r.ttl.unwrap(), r.data))
            .collect();
        assert_eq!(www, ["30 192.0.2.7", "30 192.0.2.8"]);
        let soa = RecordSet::new("@", None, vec![]);
        let soa = RecordSet {
            rtype: RecordType::Soa,
            ..soa
        };
        assert!(apply(&mut s, "z", &[RecordSetChange::Delete(soa)], || "x".into()).is_err());
    }
}
