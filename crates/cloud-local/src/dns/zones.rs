//! Zone operations on the DNS state: a new zone gets an SOA, an apex NS record and the
//! name server's address (`ns1 A 127.0.0.1`, the glue an in-zone name server needs), as
//! a zone a real authoritative server loads has.

use cloud_core::dns::{CreateZone, RecordData, UpdateZone, Zone, names};
use cloud_core::{Error, ErrorKind, Result};

use super::records::{DnsState, StoredRecord, ZoneRecord};

/// The default TTL of a zone created without one.
pub(crate) const DEFAULT_ZONE_TTL: u32 = 3600;

/// The name server every simulated zone names.
fn name_server(domain: &str) -> String {
    format!("ns1.{domain}.")
}

/// `hostmaster@example.org` as an SOA mailbox name, `hostmaster.example.org.`; dots in
/// the local part are escaped.
pub(crate) fn mailbox_name(email: Option<&str>, domain: &str) -> String {
    match email.and_then(|e| e.split_once('@')) {
        Some((local, host)) if !local.is_empty() && !host.is_empty() => {
            format!(
                "{}.{}.",
                local.replace('.', "\\."),
                host.trim_end_matches('.')
            )
        }
        _ => format!("hostmaster.{domain}."),
    }
}

/// Every zone, in id order.
pub(crate) fn list(state: &DnsState) -> Vec<Zone> {
    state
        .zones
        .iter()
        .map(|(id, zone)| zone.to_zone(id))
        .collect()
}

/// One zone; `NotFound` naming it.
pub(crate) fn get(state: &DnsState, id: &str) -> Result<Zone> {
    Ok(zone(state, id)?.to_zone(id))
}

/// The stored zone `id`; `NotFound` naming it.
pub(crate) fn zone<'a>(state: &'a DnsState, id: &str) -> Result<&'a ZoneRecord> {
    state
        .zones
        .get(id)
        .ok_or_else(|| Error::not_found(format!("no zone {id}")))
}

/// The stored zone `id`, to change; `NotFound` naming it.
pub(crate) fn zone_mut<'a>(state: &'a mut DnsState, id: &str) -> Result<&'a mut ZoneRecord> {
    state
        .zones
        .get_mut(id)
        .ok_or_else(|| Error::not_found(format!("no zone {id}")))
}

/// Creates a zone with its SOA and apex NS; `AlreadyExists` when the domain has one.
pub(crate) fn create(state: &mut DnsState, request: &CreateZone, id: String) -> Result<Zone> {
    let domain = names::zone_domain(&request.domain)?;
    if state.zones.values().any(|z| z.domain == domain) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!("a zone for {domain} exists"),
        ));
    }
    if let Some(email) = &request.email
        && !email.contains('@')
    {
        return Err(Error::invalid_input(format!(
            "zone email {email:?} is not a mail address"
        )));
    }
    let ttl = request.ttl.unwrap_or(DEFAULT_ZONE_TTL);
    let mut zone = ZoneRecord {
        domain: domain.clone(),
        ttl: Some(ttl),
        email: request.email.clone(),
        records: Default::default(),
    };
    let soa = RecordData::Soa {
        mname: name_server(&domain),
        rname: mailbox_name(request.email.as_deref(), &domain),
        serial: 1,
        refresh: 10800,
        retry: 3600,
        expire: 604800,
        minimum: 300,
    };
    let ns = RecordData::Ns {
        host: name_server(&domain),
    };
    let glue = RecordData::A {
        address: std::net::Ipv4Addr::LOCALHOST,
    };
    for (suffix, name, data) in [("soa", "@", soa), ("ns", "@", ns), ("ns1", "ns1", glue)] {
        zone.records.insert(
            format!("{id}-{suffix}"),
            StoredRecord {
                name: name.to_string(),
                ttl: Some(ttl),
                data,
            },
        );
    }
    let out = zone.to_zone(&id);
    state.zones.insert(id, zone);
    Ok(out)
}

/// Changes a zone's TTL or email (the SOA follows the email).
pub(crate) fn update(state: &mut DnsState, id: &str, update: &UpdateZone) -> Result<Zone> {
    let zone = zone_mut(state, id)?;
    if let Some(ttl) = update.ttl {
        zone.ttl = Some(ttl);
    }
    if let Some(email) = &update.email {
        if !email.contains('@') {
            return Err(Error::invalid_input(format!(
                "zone email {email:?} is not a mail address"
            )));
        }
        zone.email = Some(email.clone());
        let rname = mailbox_name(Some(email), &zone.domain);
        for record in zone.records.values_mut() {
            if let RecordData::Soa { rname: old, .. } = &mut record.data {
                *old = rname.clone();
            }
        }
    }
    bump_serial(zone);
    Ok(zone.to_zone(id))
}

/// Deletes a zone with its records.
pub(crate) fn delete(state: &mut DnsState, id: &str) -> Result<()> {
    state
        .zones
        .remove(id)
        .map(|_| ())
        .ok_or_else(|| Error::not_found(format!("no zone {id}")))
}

/// Raises the SOA serial after a change, as an authoritative server does.
pub(crate) fn bump_serial(zone: &mut ZoneRecord) {
    for record in zone.records.values_mut() {
        if let RecordData::Soa { serial, .. } = &mut record.data {
            *serial = serial.wrapping_add(1).max(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_names_escape_dots_in_the_local_part() {
        assert_eq!(
            mailbox_name(Some("dns.admin@example.org"), "example.org"),
            "dns\\.admin.example.org."
        );
        assert_eq!(mailbox_name(None, "example.org"), "hostmaster.example.org.");
        assert_eq!(mailbox_name(Some("nobody"), "x.org"), "hostmaster.x.org.");
    }

    #[test]
    fn a_new_zone_has_soa_and_ns_and_domains_are_unique() {
        let mut state = DnsState::default();
        let zone = create(&mut state, &CreateZone::new("Example.org."), "z1".into()).unwrap();
        assert_eq!(zone.domain, "example.org");
        assert_eq!(zone.ttl, Some(DEFAULT_ZONE_TTL));
        let types: Vec<String> = state.zones["z1"]
            .records
            .values()
            .map(|r| r.data.rtype().to_string())
            .collect();
        assert_eq!(types, ["NS", "A", "SOA"]);
        let err = create(&mut state, &CreateZone::new("example.org"), "z2".into()).unwrap_err();
        assert_eq!(err.kind(), cloud_core::ErrorKind::AlreadyExists);
        assert_eq!(list(&state).len(), 1);
    }
}
