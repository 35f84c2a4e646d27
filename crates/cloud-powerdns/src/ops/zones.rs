//! Zones: listed, read, created (`Native`, with name servers and, given a mail address,
//! an SOA naming it), their mail address changed, and deleted.

use cloud_core::compute::Extra;
use cloud_core::dns::{CreateZone, RecordData, RecordType, UpdateZone, Zone, names};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::Value;

use crate::PowerDnsDns;
use crate::errors::{local, reworded};
use crate::model::{
    self, RRsetChange, RecordEntry, create_zone_body, data_of_content, rname_of_email,
};

/// The SOA timers of a zone created with a mail address (refresh, retry, expire,
/// negative TTL): PowerDNS's own defaults. The serial 0 is replaced by the server.
const SOA_TIMERS: &str = "0 10800 3600 604800 3600";

/// What a zone's TTL request gets: PowerDNS has no such setting.
const NO_ZONE_TTL: &str = "PowerDNS keeps no default TTL per zone: give records their \
                           own TTL (the default_ttl option sets the driver's default)";

impl PowerDnsDns {
    pub(crate) fn zones(&self) -> BoxStream<'_, Result<Zone>> {
        let path = self.api.zones_path();
        stream_of_list(async move { self.api.get("list_zones", &path, &[], model::zones).await })
    }

    pub(crate) async fn zone(&self, id: &str) -> Result<Zone> {
        Ok(self.fetch(id, "get_zone", true).await?.zone)
    }

    /// Checks the request, then creates the zone; `AlreadyExists` names the domain.
    pub(crate) async fn new_zone(&self, request: &CreateZone) -> Result<Zone> {
        const OP: &str = "create_zone";
        let domain = names::zone_domain(&request.domain).map_err(|e| local(e, OP))?;
        if request.ttl.is_some() {
            return Err(local(Error::new(ErrorKind::Unsupported, NO_ZONE_TTL), OP));
        }
        let nameservers = self
            .nameservers_of(&domain, &request.extra)
            .map_err(|e| local(e, OP))?;
        let soa = match &request.email {
            Some(email) => {
                let rname = rname_of_email(email).map_err(|e| local(e, OP))?;
                Some(format!("{} {rname} {SOA_TIMERS}", nameservers[0]))
            }
            None => None,
        };
        let soa = soa.as_deref().map(|content| (content, self.default_ttl));
        let body = create_zone_body(&domain, &nameservers, soa);
        match self
            .api
            .post(OP, &self.api.zones_path(), &body, model::zone)
            .await
        {
            Ok(doc) => Ok(doc.zone),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                Err(reworded(e, format!("a zone for {domain} already exists")))
            }
            Err(e) => Err(e),
        }
    }

    /// The name servers of a new zone of `domain`: `extra["nameservers"]` (a list of
    /// names) or the `nameservers` option, completed with the domain when relative.
    fn nameservers_of(&self, domain: &str, extra: &Extra) -> Result<Vec<String>> {
        let mut given = self.nameservers.clone();
        for (key, value) in extra {
            match (key.as_str(), value) {
                ("nameservers", Value::Array(items)) => {
                    given = items
                        .iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            Error::invalid_input("extra nameservers must be a list of names")
                        })?;
                }
                _ => {
                    return Err(Error::invalid_input(format!(
                        "PowerDNS zones take no extra setting {key:?} (they take: nameservers, \
                         a list of names)"
                    )));
                }
            }
        }
        if given.is_empty() {
            return Err(Error::invalid_input(
                "a zone needs at least one name server",
            ));
        }
        given
            .iter()
            .map(|ns| names::qualified_host(ns, domain))
            .collect()
    }

    /// Changes the zone's mail address (the SOA mailbox); a TTL is `Unsupported`.
    pub(crate) async fn change_zone(&self, id: &str, update: &UpdateZone) -> Result<Zone> {
        const OP: &str = "update_zone";
        if update.ttl.is_some() {
            return Err(local(Error::new(ErrorKind::Unsupported, NO_ZONE_TTL), OP));
        }
        let Some(email) = &update.email else {
            return self.zone(id).await;
        };
        let rname = rname_of_email(email).map_err(|e| local(e, OP))?;
        let doc = self.fetch(id, OP, true).await?;
        let no_soa = || local(Error::malformed(format!("zone {id} has no SOA record")), OP);
        let set = doc.set(names::APEX, &RecordType::Soa).ok_or_else(no_soa)?;
        let entry = set.records.first().ok_or_else(no_soa)?;
        let RecordData::Soa {
            mname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
            ..
        } = data_of_content(&RecordType::Soa, &entry.content, doc.domain())
        else {
            return Err(local(
                Error::malformed(format!("the SOA of zone {id} cannot be read")),
                OP,
            ));
        };
        let soa = RecordData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        };
        let entry = RecordEntry {
            content: soa.presentation(),
            disabled: entry.disabled,
        };
        let change = RRsetChange::set_to(set.name.clone(), set.rtype.clone(), set.ttl, vec![entry]);
        self.send(&doc, OP, &[change]).await?;
        Ok(self.fetch(&doc.zone.id, OP, true).await?.zone)
    }

    pub(crate) async fn remove_zone(&self, id: &str) -> Result<()> {
        const OP: &str = "delete_zone";
        let path = self.api.zone_path(super::zone_id(id, OP)?);
        self.api
            .delete(OP, &path)
            .await
            .map_err(|e| self.missing_zone(e, id))
    }
}
