//! The calls, one file per resource: zones, records, and batched changes to record sets.
//! Record writes read the zone, change one RRset (or two, for a rename) and send the
//! change in one `PATCH`.

mod changes;
mod records;
mod zones;

use cloud_core::http::HttpResponse;
use cloud_core::{Error, ErrorKind, Result};

use crate::PowerDnsDns;
use crate::errors::reworded;
use crate::model::{self, RRsetChange, ZoneDoc};

/// Most characters of a refused id shown in an error.
const SHOWN: usize = 80;

/// A zone id as it may go into a path. PowerDNS's ids are zone names (trailing dot
/// included) with other characters escaped as `=XX`; an id with any other character
/// cannot name a zone: `NotFound`, without a request.
pub(crate) fn zone_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    let safe = !id.is_empty()
        && id.len() <= 1024
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'='));
    if safe {
        Ok(id)
    } else {
        let shown: String = id.chars().take(SHOWN).collect();
        Err(Error::not_found(format!("no zone {shown:?}"))
            .in_context(crate::PROVIDER_ID, operation))
    }
}

impl PowerDnsDns {
    /// The zone `id` with its RRsets (or, without `rrsets`, its settings alone);
    /// `NotFound` naming the zone and server when PowerDNS has none.
    pub(crate) async fn fetch(&self, id: &str, operation: &str, rrsets: bool) -> Result<ZoneDoc> {
        let path = self.api.zone_path(zone_id(id, operation)?);
        let query: &[(&str, &str)] = if rrsets { &[] } else { &[("rrsets", "false")] };
        self.api
            .get(operation, &path, query, |resp: &HttpResponse| {
                model::zone(resp)
            })
            .await
            .map_err(|e| self.missing_zone(e, id))
    }

    /// Sends `changes` to `zone` in one `PATCH`.
    pub(crate) async fn send(
        &self,
        zone: &ZoneDoc,
        operation: &str,
        changes: &[RRsetChange],
    ) -> Result<()> {
        let id = &zone.zone.id;
        let path = self.api.zone_path(zone_id(id, operation)?);
        self.api
            .patch(operation, &path, &model::patch_body(changes))
            .await
            .map_err(|e| self.missing_zone(e, id))
    }

    /// A `NotFound` answer (PowerDNS says just "Not Found") reworded to name the zone
    /// and the server; any other error as it is.
    pub(crate) fn missing_zone(&self, err: Error, id: &str) -> Error {
        if err.kind() == ErrorKind::NotFound {
            let shown: String = id.chars().take(SHOWN).collect();
            let message = format!(
                "no zone {shown} on PowerDNS server {}",
                self.api.server_id()
            );
            reworded(err, message)
        } else {
            err
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids_that_could_change_the_path_are_not_found() {
        for good in ["example.org.", "example.org", "a=2Fb.example.", "x_y-z~"] {
            assert_eq!(zone_id(good, "op").unwrap(), good);
        }
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "a%2Fb", "a b"] {
            let err = zone_id(bad, "get_zone").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}");
            assert_eq!(err.operation(), Some("get_zone"));
        }
    }
}
