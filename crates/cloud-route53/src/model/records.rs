//! Record sets as portable records: one [`Record`] per value, named relative to the zone,
//! with routing fields and alias targets in `extra`.

use cloud_core::compute::Extra;
use cloud_core::dns::{Record, RecordData, RecordType, names};
use serde_json::{Value, json};

use super::record_id::RecordKey;
use super::record_sets::{ResourceRecordSet, Routing};
use super::values::{decode_name, record_data};

impl ResourceRecordSet {
    /// The set's type; a mnemonic that is not a plausible type is kept upper-cased.
    pub fn record_type(&self) -> RecordType {
        self.rtype
            .parse()
            .unwrap_or_else(|_| RecordType::Other(self.rtype.to_ascii_uppercase()))
    }

    /// The set's name relative to the zone `domain` (`@` for the apex, `*.dev` for a
    /// wildcard); the absolute name (with its escapes) when it cannot be made relative.
    pub fn relative_name(&self, domain: &str) -> String {
        let absolute = decode_name(&self.name);
        names::relative_name(&absolute, domain).unwrap_or(absolute)
    }

    /// The typed data of each value; one alias-form value for an alias set
    /// ([`RecordData::Other`] with the set's type and the alias's DNS name).
    pub fn data(&self) -> Vec<RecordData> {
        let rtype = self.record_type();
        match &self.alias_target {
            Some(alias) => vec![RecordData::Other {
                rtype,
                data: decode_name(&alias.dns_name),
            }],
            None => self.values.iter().map(|v| record_data(&rtype, v)).collect(),
        }
    }
}

/// The `extra` of every record of `set`: its routing fields, its alias target and its
/// traffic policy instance, under the names [`RoutingOptions`](crate::RoutingOptions)
/// reads back.
pub fn record_extra(set: &ResourceRecordSet) -> Extra {
    let mut extra = Extra::new();
    let Routing {
        set_identifier,
        weight,
        region,
        geo_location,
        failover,
        multi_value_answer,
        health_check_id,
    } = &set.routing;
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            extra.insert(key.to_string(), v);
        }
    };
    put("set_identifier", set_identifier.clone().map(Value::from));
    put("weight", weight.map(Value::from));
    put("region", region.clone().map(Value::from));
    put("failover", failover.clone().map(Value::from));
    put("multi_value_answer", multi_value_answer.map(Value::from));
    put("health_check_id", health_check_id.clone().map(Value::from));
    put(
        "geo_location",
        geo_location.as_ref().map(|g| {
            json!({
                "continent_code": g.continent_code,
                "country_code": g.country_code,
                "subdivision_code": g.subdivision_code,
            })
        }),
    );
    put(
        "alias_target",
        set.alias_target.as_ref().map(|a| {
            json!({
                "hosted_zone_id": a.hosted_zone_id,
                "dns_name": a.dns_name,
                "evaluate_target_health": a.evaluate_target_health,
            })
        }),
    );
    put(
        "traffic_policy_instance_id",
        set.traffic_policy_instance_id.clone().map(Value::from),
    );
    extra
}

/// The records of `set` in zone `zone_id` of domain `domain`: one per value, each with
/// an id naming the set and the value.
pub fn records(set: &ResourceRecordSet, zone_id: &str, domain: &str) -> Vec<Record> {
    let name = set.relative_name(domain);
    let rtype = set.record_type();
    let extra = record_extra(set);
    set.data()
        .into_iter()
        .map(|data| {
            let key = RecordKey {
                name: name.clone(),
                rtype: rtype.clone(),
                set_identifier: set.routing.set_identifier.clone(),
                value: data.presentation(),
            };
            Record {
                id: key.encode(),
                zone_id: zone_id.to_string(),
                name: name.clone(),
                ttl: set.ttl,
                data,
                extra: extra.clone(),
            }
        })
        .collect()
}
