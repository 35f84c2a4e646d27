//! Finding a zone by id or by domain.

use futures::TryStreamExt;

use super::{Dns, Zone, names};
use crate::{Error, ErrorKind, Result};

/// The zone `id_or_domain` names: the zone with that id, else the zone whose domain it is
/// (a trailing dot and any case accepted). `NotFound` names what was looked for.
pub async fn find_zone<D: Dns + ?Sized>(dns: &D, id_or_domain: &str) -> Result<Zone> {
    match dns.get_zone(id_or_domain).await {
        Ok(zone) => return Ok(zone),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::InvalidInput) => {}
        Err(e) => return Err(e),
    }
    let Ok(domain) = names::zone_domain(id_or_domain) else {
        return Err(not_found(dns, id_or_domain));
    };
    let mut zones = dns.list_zones();
    while let Some(zone) = zones.try_next().await? {
        if zone.domain == domain {
            return Ok(zone);
        }
    }
    Err(not_found(dns, id_or_domain))
}

fn not_found<D: Dns + ?Sized>(dns: &D, wanted: &str) -> Error {
    Error::not_found(format!("no zone with id or domain {wanted}")).with_provider(dns.provider_id())
}
