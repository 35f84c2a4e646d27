//! The XML documents Route 53 requests carry, written with every text escaped and the
//! elements in the order the API's schema lists them.

use cloud_core::xml::escape;

use super::NAMESPACE;
use super::record_sets::{AliasTarget, GeoLocation, ResourceRecordSet, Routing};

/// What one change does to its set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeAction {
    /// Adds a set that must not exist yet.
    Create,
    /// Removes a set, which must hold exactly the values (and TTL) given.
    Delete,
    /// Creates the set or replaces it whole.
    Upsert,
}

impl ChangeAction {
    /// The word the API takes.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Create => "CREATE",
            ChangeAction::Delete => "DELETE",
            ChangeAction::Upsert => "UPSERT",
        }
    }
}

/// One change of a change batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it does.
    pub action: ChangeAction,
    /// The set, as it is to be (or, for a delete, as it is).
    pub set: ResourceRecordSet,
}

/// Writes `<name>text</name>` with the text escaped.
fn element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn optional(out: &mut String, name: &str, text: Option<&str>) {
    if let Some(t) = text {
        element(out, name, t);
    }
}

/// The `<CreateHostedZoneRequest>` for a zone `name` (absolute), made once per
/// `caller_reference`.
pub fn create_hosted_zone_document(
    name: &str,
    caller_reference: &str,
    comment: Option<&str>,
) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateHostedZoneRequest xmlns=\"{NAMESPACE}\">"
    );
    element(&mut out, "Name", name);
    element(&mut out, "CallerReference", caller_reference);
    if let Some(c) = comment {
        out.push_str("<HostedZoneConfig>");
        element(&mut out, "Comment", c);
        out.push_str("</HostedZoneConfig>");
    }
    out.push_str("</CreateHostedZoneRequest>");
    out
}

/// The `<ChangeResourceRecordSetsRequest>` carrying `changes` in order.
pub fn change_batch_document(changes: &[Change], comment: Option<&str>) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsRequest xmlns=\"{NAMESPACE}\"><ChangeBatch>"
    );
    optional(&mut out, "Comment", comment);
    out.push_str("<Changes>");
    for change in changes {
        out.push_str("<Change>");
        element(&mut out, "Action", change.action.as_str());
        write_set(&mut out, &change.set);
        out.push_str("</Change>");
    }
    out.push_str("</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
    out
}

fn write_set(out: &mut String, set: &ResourceRecordSet) {
    out.push_str("<ResourceRecordSet>");
    element(out, "Name", &set.name);
    element(out, "Type", &set.rtype);
    write_routing_head(out, &set.routing);
    if let Some(ttl) = set.ttl {
        element(out, "TTL", &ttl.to_string());
    }
    if !set.values.is_empty() {
        out.push_str("<ResourceRecords>");
        for value in &set.values {
            out.push_str("<ResourceRecord>");
            element(out, "Value", value);
            out.push_str("</ResourceRecord>");
        }
        out.push_str("</ResourceRecords>");
    }
    if let Some(alias) = &set.alias_target {
        write_alias(out, alias);
    }
    optional(out, "HealthCheckId", set.routing.health_check_id.as_deref());
    optional(
        out,
        "TrafficPolicyInstanceId",
        set.traffic_policy_instance_id.as_deref(),
    );
    out.push_str("</ResourceRecordSet>");
}

/// The routing fields that come before the TTL in the schema.
fn write_routing_head(out: &mut String, routing: &Routing) {
    optional(out, "SetIdentifier", routing.set_identifier.as_deref());
    if let Some(w) = routing.weight {
        element(out, "Weight", &w.to_string());
    }
    optional(out, "Region", routing.region.as_deref());
    if let Some(geo) = routing.geo_location.as_ref().filter(|g| !g.is_empty()) {
        write_geo(out, geo);
    }
    optional(out, "Failover", routing.failover.as_deref());
    if let Some(m) = routing.multi_value_answer {
        element(out, "MultiValueAnswer", if m { "true" } else { "false" });
    }
}

fn write_geo(out: &mut String, geo: &GeoLocation) {
    out.push_str("<GeoLocation>");
    optional(out, "ContinentCode", geo.continent_code.as_deref());
    optional(out, "CountryCode", geo.country_code.as_deref());
    optional(out, "SubdivisionCode", geo.subdivision_code.as_deref());
    out.push_str("</GeoLocation>");
}

fn write_alias(out: &mut String, alias: &AliasTarget) {
    out.push_str("<AliasTarget>");
    element(out, "HostedZoneId", &alias.hosted_zone_id);
    element(out, "DNSName", &alias.dns_name);
    element(
        out,
        "EvaluateTargetHealth",
        if alias.evaluate_target_health {
            "true"
        } else {
            "false"
        },
    );
    out.push_str("</AliasTarget>");
}
