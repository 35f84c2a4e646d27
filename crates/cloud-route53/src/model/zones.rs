//! Hosted zones: `GetHostedZone`, `CreateHostedZone`, `ListHostedZones` and
//! `ListHostedZonesByName` answers.

use cloud_core::compute::Extra;
use cloud_core::dns::Zone;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::change::{ChangeInfo, read_change_info};
use super::{flag, number, root, text, truncated};

/// The prefix Route 53 puts before zone ids.
const ZONE_PREFIX: &str = "/hostedzone/";

/// A hosted zone as Route 53 describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedZone {
    /// The zone id without the `/hostedzone/` prefix (`Z1D633PJN98FT9`).
    pub id: String,
    /// The zone's name as Route 53 writes it: absolute, with `\ooo` octal escapes.
    pub name: String,
    /// The unique string the zone was created with.
    pub caller_reference: Option<String>,
    /// `<Config><Comment>`.
    pub comment: Option<String>,
    /// `<Config><PrivateZone>`: a zone served only inside VPCs.
    pub private_zone: bool,
    /// How many record sets the zone holds.
    pub record_set_count: Option<u64>,
}

impl HostedZone {
    /// The domain: the name lowercase, without the trailing dot, escapes decoded.
    pub fn domain(&self) -> String {
        let name = super::values::decode_name(&self.name);
        name.strip_suffix('.').unwrap_or(&name).to_string()
    }

    /// The zone as the portable API shows it; `name_servers` (from the delegation set)
    /// go into `extra` when there are any.
    pub fn to_zone(&self, name_servers: &[String]) -> Zone {
        let mut extra = Extra::new();
        if let Some(c) = &self.comment {
            extra.insert("comment".into(), c.clone().into());
        }
        if let Some(r) = &self.caller_reference {
            extra.insert("caller_reference".into(), r.clone().into());
        }
        extra.insert("private_zone".into(), self.private_zone.into());
        if let Some(n) = self.record_set_count {
            extra.insert("record_set_count".into(), n.into());
        }
        if !name_servers.is_empty() {
            extra.insert("name_servers".into(), name_servers.to_vec().into());
        }
        Zone {
            id: self.id.clone(),
            domain: self.domain(),
            ttl: None,
            email: None,
            extra,
        }
    }
}

/// A zone with what `GetHostedZone` and `CreateHostedZone` say beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneDetails {
    /// The zone.
    pub zone: HostedZone,
    /// The name servers of its delegation set (empty for a private zone).
    pub name_servers: Vec<String>,
    /// The change that created it (`CreateHostedZone` only).
    pub change: Option<ChangeInfo>,
}

/// One page of a zone listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonePage {
    /// The zones on this page.
    pub zones: Vec<HostedZone>,
    /// `<NextMarker>` when the listing goes on.
    pub next_marker: Option<String>,
}

/// A zone id without the `/hostedzone/` prefix.
pub(crate) fn bare_zone_id(id: &str) -> &str {
    id.strip_prefix(ZONE_PREFIX).unwrap_or(id)
}

/// Reads one `<HostedZone>`.
fn hosted_zone(el: &Element<'_>) -> Result<HostedZone> {
    let id = bare_zone_id(el.require_value("Id")?).to_string();
    if id.is_empty() {
        return Err(Error::malformed("a hosted zone has an empty <Id>"));
    }
    let config = el.child("Config");
    Ok(HostedZone {
        id,
        name: el.require_value("Name")?.to_string(),
        caller_reference: text(el, "CallerReference"),
        comment: config.and_then(|c| text(c, "Comment")),
        private_zone: match config {
            Some(c) => flag(c, "PrivateZone")?.unwrap_or(false),
            None => false,
        },
        record_set_count: number(el, "ResourceRecordSetCount")?,
    })
}

/// The name servers of a `<DelegationSet>`, if the document has one.
fn name_servers(root: &Element<'_>) -> Vec<String> {
    root.path(&["DelegationSet", "NameServers"])
        .map(|ns| {
            ns.children_named("NameServer")
                .map(|n| n.text.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A `GetHostedZoneResponse`.
pub fn get_hosted_zone(body: &[u8]) -> Result<ZoneDetails> {
    let root = root(body, "GetHostedZoneResponse")?;
    Ok(ZoneDetails {
        zone: hosted_zone(root.require("HostedZone")?)?,
        name_servers: name_servers(&root),
        change: None,
    })
}

/// A `CreateHostedZoneResponse`.
pub fn create_hosted_zone(body: &[u8]) -> Result<ZoneDetails> {
    let root = root(body, "CreateHostedZoneResponse")?;
    Ok(ZoneDetails {
        zone: hosted_zone(root.require("HostedZone")?)?,
        name_servers: name_servers(&root),
        change: root.child("ChangeInfo").map(read_change_info).transpose()?,
    })
}

/// The zones of a listing answer whose root is `name`.
fn zones_of(root: &Element<'_>) -> Result<Vec<HostedZone>> {
    match root.child("HostedZones") {
        Some(list) => list.children_named("HostedZone").map(hosted_zone).collect(),
        None => Ok(Vec::new()),
    }
}

/// A `ListHostedZonesResponse` page; the next marker only when `<IsTruncated>` is true.
pub fn list_hosted_zones(body: &[u8]) -> Result<ZonePage> {
    let root = root(body, "ListHostedZonesResponse")?;
    let zones = zones_of(&root)?;
    let next_marker = if truncated(&root)? {
        Some(root.require_value("NextMarker")?.to_string())
    } else {
        None
    };
    Ok(ZonePage { zones, next_marker })
}

/// A `ListHostedZonesByNameResponse` (its first page: the zones from the name asked
/// for on, in name order).
pub fn list_hosted_zones_by_name(body: &[u8]) -> Result<ZonePage> {
    let root = root(body, "ListHostedZonesByNameResponse")?;
    let zones = zones_of(&root)?;
    let next_marker = if truncated(&root)? {
        text(&root, "NextDNSName")
    } else {
        None
    };
    Ok(ZonePage { zones, next_marker })
}
