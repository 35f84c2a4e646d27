//! Record sets as Route 53 keeps them, and the `ListResourceRecordSets` answer.

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::{flag, number, root, text, truncated};

/// Where an alias record points: another Route 53 record, a CloudFront distribution, a
/// load balancer, an S3 website, …
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AliasTarget {
    /// The hosted zone of the target (the target service's own zone for AWS resources).
    pub hosted_zone_id: String,
    /// The target's DNS name, absolute.
    pub dns_name: String,
    /// Whether Route 53 checks the target's health before answering with it.
    pub evaluate_target_health: bool,
}

/// Geolocation routing: which requesters a set answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GeoLocation {
    /// Two-letter continent code (`EU`).
    pub continent_code: Option<String>,
    /// Two-letter country code (`DE`, or `*` for the default).
    pub country_code: Option<String>,
    /// Subdivision code (a US state, `WA`).
    pub subdivision_code: Option<String>,
}

impl GeoLocation {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.continent_code.is_none()
            && self.country_code.is_none()
            && self.subdivision_code.is_none()
    }
}

/// The routing policy fields of a set: sets of one name and type are told apart by
/// `set_identifier` when one of the other fields is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Routing {
    /// Tells sets of one name and type apart.
    pub set_identifier: Option<String>,
    /// Weighted routing: this set's share.
    pub weight: Option<u64>,
    /// Latency routing: the AWS region of the resource.
    pub region: Option<String>,
    /// Geolocation routing.
    pub geo_location: Option<GeoLocation>,
    /// Failover routing: `PRIMARY` or `SECONDARY`.
    pub failover: Option<String>,
    /// Multivalue answer routing.
    pub multi_value_answer: Option<bool>,
    /// The health check that decides whether the set is answered.
    pub health_check_id: Option<String>,
}

/// One record set as Route 53 keeps it: a name, a type, routing, and either a TTL with
/// values or an alias target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceRecordSet {
    /// The name as Route 53 writes it: absolute, `\ooo` octal escapes (`\052` for `*`).
    pub name: String,
    /// The type's mnemonic (`A`, `MX`, …).
    pub rtype: String,
    /// Routing policy fields.
    pub routing: Routing,
    /// Seconds resolvers may cache the records (none for an alias).
    pub ttl: Option<u32>,
    /// The values, in presentation form as Route 53 writes them (TXT quoted, octal
    /// escapes).
    pub values: Vec<String>,
    /// Where an alias set points.
    pub alias_target: Option<AliasTarget>,
    /// The traffic policy instance that made the set, if one did.
    pub traffic_policy_instance_id: Option<String>,
}

/// Where the next page of a record set listing starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRecord {
    /// `<NextRecordName>`.
    pub name: String,
    /// `<NextRecordType>`.
    pub rtype: String,
    /// `<NextRecordIdentifier>`, for sets with a set identifier.
    pub identifier: Option<String>,
}

/// One page of `ListResourceRecordSets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSetPage {
    /// The sets on this page.
    pub sets: Vec<ResourceRecordSet>,
    /// Where the next page starts, when `<IsTruncated>` is true.
    pub next: Option<NextRecord>,
}

fn alias_target(el: &Element<'_>) -> Result<AliasTarget> {
    Ok(AliasTarget {
        hosted_zone_id: el.require_value("HostedZoneId")?.to_string(),
        dns_name: el.require_value("DNSName")?.to_string(),
        evaluate_target_health: flag(el, "EvaluateTargetHealth")?.unwrap_or(false),
    })
}

fn geo_location(el: &Element<'_>) -> GeoLocation {
    GeoLocation {
        continent_code: text(el, "ContinentCode"),
        country_code: text(el, "CountryCode"),
        subdivision_code: text(el, "SubdivisionCode"),
    }
}

/// Reads one `<ResourceRecordSet>`.
pub(crate) fn resource_record_set(el: &Element<'_>) -> Result<ResourceRecordSet> {
    let values = match el.child("ResourceRecords") {
        Some(list) => list
            .children_named("ResourceRecord")
            .map(|r| r.require_value("Value").map(str::to_string))
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    let set = ResourceRecordSet {
        name: el.require_value("Name")?.to_string(),
        rtype: el.require_value("Type")?.to_string(),
        routing: Routing {
            set_identifier: text(el, "SetIdentifier"),
            weight: number(el, "Weight")?,
            region: text(el, "Region"),
            geo_location: el.child("GeoLocation").map(geo_location),
            failover: text(el, "Failover"),
            multi_value_answer: flag(el, "MultiValueAnswer")?,
            health_check_id: text(el, "HealthCheckId"),
        },
        ttl: number(el, "TTL")?,
        values,
        alias_target: el.child("AliasTarget").map(alias_target).transpose()?,
        traffic_policy_instance_id: text(el, "TrafficPolicyInstanceId"),
    };
    if set.alias_target.is_none()
        && set.values.is_empty()
        && set.traffic_policy_instance_id.is_none()
    {
        return Err(Error::malformed(format!(
            "record set {} {} has neither values nor an alias target",
            set.name, set.rtype
        )));
    }
    Ok(set)
}

/// A `ListResourceRecordSetsResponse` page.
pub fn list_resource_record_sets(body: &[u8]) -> Result<RecordSetPage> {
    let root = root(body, "ListResourceRecordSetsResponse")?;
    let sets = match root.child("ResourceRecordSets") {
        Some(list) => list
            .children_named("ResourceRecordSet")
            .map(resource_record_set)
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    let next = if truncated(&root)? {
        Some(NextRecord {
            name: root.require_value("NextRecordName")?.to_string(),
            rtype: root.require_value("NextRecordType")?.to_string(),
            identifier: text(&root, "NextRecordIdentifier"),
        })
    } else {
        None
    };
    Ok(RecordSetPage { sets, next })
}
