//! Route 53 settings carried in the portable requests' `extra`: a zone's comment, and a
//! record's routing policy and alias target.

use cloud_core::compute::Extra;
use cloud_core::{Error, Result};
use serde_json::Value;

use crate::model::{AliasTarget, GeoLocation, Routing};

/// What `CreateZone::extra` may say for Route 53.
///
/// | key | JSON | meaning |
/// | --- | --- | --- |
/// | `comment` | string | the hosted zone's comment |
/// | `allow_duplicate` | bool | create the zone even when one of the same domain exists (Route 53 allows several) |
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneOptions {
    /// `HostedZoneConfig.Comment`.
    pub comment: Option<String>,
    /// Skip the check for a zone of the same domain.
    pub allow_duplicate: bool,
}

impl ZoneOptions {
    /// Reads the options from a `CreateZone::extra`; an unknown key or a value of the
    /// wrong JSON type is `InvalidInput` naming it.
    pub fn from_extra(extra: &Extra) -> Result<Self> {
        let mut options = ZoneOptions::default();
        for (key, value) in extra {
            match key.as_str() {
                "comment" => options.comment = Some(string(key, value)?),
                "allow_duplicate" => options.allow_duplicate = boolean(key, value)?,
                other => return Err(unknown(other, "comment, allow_duplicate")),
            }
        }
        Ok(options)
    }
}

/// What `NewRecord::extra` may say for Route 53: the routing policy of the set the
/// record goes into, or an alias target. Records read back carry the same keys.
///
/// | key | JSON | meaning |
/// | --- | --- | --- |
/// | `set_identifier` | string | tells sets of one name and type apart (needed with any routing field) |
/// | `weight` | number | weighted routing |
/// | `region` | string | latency routing |
/// | `failover` | string | `PRIMARY` or `SECONDARY` |
/// | `multi_value_answer` | bool | multivalue answer routing |
/// | `health_check_id` | string | the health check of the set |
/// | `geo_location` | object | `continent_code`, `country_code`, `subdivision_code` |
/// | `alias_target` | object | `hosted_zone_id`, `dns_name`, `evaluate_target_health` (default false) |
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutingOptions {
    /// The set's routing fields.
    pub routing: Routing,
    /// Makes the record an alias to this target.
    pub alias_target: Option<AliasTarget>,
}

impl RoutingOptions {
    /// Reads the options from a `NewRecord::extra`; an unknown key or a value of the
    /// wrong JSON type is `InvalidInput` naming it.
    pub fn from_extra(extra: &Extra) -> Result<Self> {
        let mut o = RoutingOptions::default();
        let r = &mut o.routing;
        for (key, value) in extra {
            match key.as_str() {
                "set_identifier" => r.set_identifier = Some(string(key, value)?),
                "weight" => r.weight = Some(number(key, value)?),
                "region" => r.region = Some(string(key, value)?),
                "failover" => r.failover = Some(string(key, value)?),
                "multi_value_answer" => r.multi_value_answer = Some(boolean(key, value)?),
                "health_check_id" => r.health_check_id = Some(string(key, value)?),
                "geo_location" => r.geo_location = Some(geo_location(value)?),
                "alias_target" => o.alias_target = Some(alias_target(value)?),
                other => {
                    return Err(unknown(
                        other,
                        "set_identifier, weight, region, failover, multi_value_answer, \
                         health_check_id, geo_location, alias_target",
                    ));
                }
            }
        }
        let policy = r.weight.is_some()
            || r.region.is_some()
            || r.failover.is_some()
            || r.multi_value_answer.is_some()
            || r.geo_location.is_some();
        if policy && r.set_identifier.is_none() {
            return Err(Error::invalid_input(
                "a Route 53 routing policy (weight, region, failover, multi_value_answer, \
                 geo_location) needs a set_identifier in extra",
            ));
        }
        Ok(o)
    }
}

fn unknown(key: &str, known: &str) -> Error {
    Error::invalid_input(format!(
        "extra key {key:?} is not a Route 53 setting (known: {known})"
    ))
}

fn wrong(key: &str, want: &str) -> Error {
    Error::invalid_input(format!("extra {key:?} must be {want}"))
}

fn string(key: &str, value: &Value) -> Result<String> {
    value
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| wrong(key, "a non-empty string"))
}

fn boolean(key: &str, value: &Value) -> Result<bool> {
    value.as_bool().ok_or_else(|| wrong(key, "true or false"))
}

fn number(key: &str, value: &Value) -> Result<u64> {
    value
        .as_u64()
        .ok_or_else(|| wrong(key, "a whole number of at least 0"))
}

fn optional_string(object: &Value, key: &str, shown: &str) -> Result<Option<String>> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => string(shown, v).map(Some),
    }
}

fn geo_location(value: &Value) -> Result<GeoLocation> {
    if !value.is_object() {
        return Err(wrong("geo_location", "an object"));
    }
    let geo = GeoLocation {
        continent_code: optional_string(value, "continent_code", "geo_location.continent_code")?,
        country_code: optional_string(value, "country_code", "geo_location.country_code")?,
        subdivision_code: optional_string(
            value,
            "subdivision_code",
            "geo_location.subdivision_code",
        )?,
    };
    if geo.is_empty() {
        return Err(wrong("geo_location", "an object with a code"));
    }
    Ok(geo)
}

fn alias_target(value: &Value) -> Result<AliasTarget> {
    if !value.is_object() {
        return Err(wrong("alias_target", "an object"));
    }
    let required = |key: &str| {
        optional_string(value, key, &format!("alias_target.{key}"))?
            .ok_or_else(|| wrong(&format!("alias_target.{key}"), "a non-empty string"))
    };
    let evaluate = match value.get("evaluate_target_health") {
        None | Some(Value::Null) => false,
        Some(v) => boolean("alias_target.evaluate_target_health", v)?,
    };
    let dns_name = required("dns_name")?.to_ascii_lowercase();
    Ok(AliasTarget {
        hosted_zone_id: required("hosted_zone_id")?,
        dns_name: if dns_name.ends_with('.') {
            dns_name
        } else {
            format!("{dns_name}.")
        },
        evaluate_target_health: evaluate,
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use serde_json::json;

    use super::*;

    fn extra(value: Value) -> Extra {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn zone_options() {
        let o = ZoneOptions::from_extra(&extra(json!({"comment": "c", "allow_duplicate": true})))
            .unwrap();
        assert_eq!(o.comment.as_deref(), Some("c"));
        assert!(o.allow_duplicate);
        for bad in [json!({"coment": "c"}), json!({"allow_duplicate": "yes"})] {
            let err = ZoneOptions::from_extra(&extra(bad)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
        }
    }

    #[test]
    fn routing_and_alias_options() {
        let o = RoutingOptions::from_extra(&extra(json!({
            "set_identifier": "blue",
            "weight": 10,
            "geo_location": {"country_code": "DE"},
            "alias_target": {"hosted_zone_id": "Z2FDTNDATAQYW2", "dns_name": "D1.CloudFront.net"},
        })))
        .unwrap();
        assert_eq!(o.routing.set_identifier.as_deref(), Some("blue"));
        assert_eq!(o.routing.weight, Some(10));
        assert_eq!(
            o.routing.geo_location.unwrap().country_code.as_deref(),
            Some("DE")
        );
        let alias = o.alias_target.unwrap();
        assert_eq!(alias.dns_name, "d1.cloudfront.net.");
        assert!(!alias.evaluate_target_health);
    }

    #[test]
    fn bad_routing_options_are_invalid_input() {
        for (bad, says) in [
            (json!({"weight": 5}), "set_identifier"),
            (json!({"weight": -1, "set_identifier": "a"}), "weight"),
            (
                json!({"alias_target": {"dns_name": "x."}}),
                "hosted_zone_id",
            ),
            (json!({"geo_location": {}}), "geo_location"),
            (json!({"ttl": 5}), "not a Route 53 setting"),
        ] {
            let err = RoutingOptions::from_extra(&extra(bad.clone())).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
            assert!(err.message().contains(says), "{bad}: {err}");
        }
    }
}
