//! Linode Domain Records as typed DNS records.
//!
//! Linode keeps a record's data in separate fields: `target` (the address, host or text),
//! `priority` (MX and SRV), `weight` and `port` (SRV), `tag` (CAA), and for SRV the
//! `service` and `protocol` its name is built from. Names are relative to the domain,
//! empty for the apex; hosts come without the trailing dot.

use cloud_core::dns::{Record, RecordData, RecordType, names};
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::Value;

use super::{extra_from, parse_time};

/// A Domain Record as the API returns it.
#[derive(Debug, Deserialize)]
pub(crate) struct RawRecord {
    id: u64,
    #[serde(rename = "type")]
    rtype: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    priority: Option<u64>,
    #[serde(default)]
    weight: Option<u64>,
    #[serde(default)]
    port: Option<u64>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    protocol: Option<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    ttl_sec: Option<u64>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl RawRecord {
    /// The record in zone `zone_id`: the name relative with `@` for the apex (an SRV
    /// record's built from `service` and `protocol` when Linode leaves it empty), hosts
    /// fully qualified, TXT text split into 255-byte strings, CAA flags 0 (Linode has
    /// none), `ttl_sec` 0 (the domain's default) as no TTL. `MalformedResponse` when a
    /// field holds something the type cannot have.
    pub(crate) fn into_record(self, zone_id: &str) -> Result<Record> {
        let rtype: RecordType = self
            .rtype
            .parse()
            .map_err(|_| self.bad(format!("type {:?} is not a record type", self.rtype)))?;
        let data = self.data(&rtype)?;
        let name = self.relative_name(&rtype);
        let ttl = match self.ttl_sec {
            None | Some(0) => None,
            Some(ttl) => Some(
                u32::try_from(ttl)
                    .map_err(|_| self.bad(format!("ttl_sec {ttl} is out of range")))?,
            ),
        };
        let mut extra = extra_from(self.rest);
        for (field, value) in [("created", &self.created), ("updated", &self.updated)] {
            if let Some(time) = parse_time(field, value.as_deref())? {
                extra.insert(field.into(), Value::String(time.to_rfc3339()));
            }
        }
        Ok(Record {
            id: self.id.to_string(),
            zone_id: zone_id.to_string(),
            name,
            ttl,
            data,
            extra,
        })
    }

    /// The name relative to the domain, `@` for the apex.
    fn relative_name(&self, rtype: &RecordType) -> String {
        let name = self.name.as_deref().unwrap_or_default().trim();
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.is_empty() && *rtype == RecordType::Srv {
            let part = |p: &Option<String>| {
                p.as_deref()
                    .unwrap_or_default()
                    .trim()
                    .trim_start_matches('_')
                    .trim_end_matches('.')
                    .to_ascii_lowercase()
            };
            let (service, protocol) = (part(&self.service), part(&self.protocol));
            if !service.is_empty() && !protocol.is_empty() {
                return format!("_{service}._{protocol}");
            }
        }
        if name.is_empty() {
            names::APEX.to_string()
        } else {
            name.to_ascii_lowercase()
        }
    }

    /// The typed data, from the fields the type uses.
    fn data(&self, rtype: &RecordType) -> Result<RecordData> {
        let target = self.target.as_deref().unwrap_or_default().trim();
        Ok(match rtype {
            RecordType::A => RecordData::A {
                address: target
                    .parse()
                    .map_err(|_| self.bad(format!("A target {target:?} is not an IPv4 address")))?,
            },
            RecordType::Aaaa => RecordData::Aaaa {
                address: target.parse().map_err(|_| {
                    self.bad(format!("AAAA target {target:?} is not an IPv6 address"))
                })?,
            },
            RecordType::Cname => RecordData::Cname {
                target: self.host(target, false)?,
            },
            RecordType::Ns => RecordData::Ns {
                host: self.host(target, false)?,
            },
            RecordType::Ptr => RecordData::Ptr {
                target: self.host(target, false)?,
            },
            RecordType::Mx => RecordData::Mx {
                priority: self.number("priority", self.priority)?,
                exchange: self.host(target, true)?,
            },
            RecordType::Srv => RecordData::Srv {
                priority: self.number("priority", self.priority)?,
                weight: self.number("weight", self.weight)?,
                port: self.number("port", self.port)?,
                target: self.host(target, false)?,
            },
            RecordType::Txt => RecordData::txt(target),
            RecordType::Caa => {
                let tag = self.tag.as_deref().unwrap_or_default().trim();
                if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(self.bad(format!("CAA tag {tag:?} is not a property name")));
                }
                RecordData::Caa {
                    flags: 0,
                    tag: tag.to_ascii_lowercase(),
                    value: target.to_string(),
                }
            }
            other => RecordData::Other {
                rtype: other.clone(),
                data: target.to_string(),
            },
        })
    }

    /// A host as Linode sends it (no trailing dot), fully qualified and lowercase. An
    /// empty target is the root (`.`) where `root_allowed` (a null MX record).
    fn host(&self, target: &str, root_allowed: bool) -> Result<String> {
        let host = target.strip_suffix('.').unwrap_or(target);
        if host.is_empty() {
            return if root_allowed {
                Ok(".".to_string())
            } else {
                Err(self.bad(format!("{} record has no target", self.rtype)))
            };
        }
        Ok(format!("{}.", host.to_ascii_lowercase()))
    }

    /// A priority, weight or port: absent is 0, above 65 535 is impossible.
    fn number(&self, field: &str, value: Option<u64>) -> Result<u16> {
        u16::try_from(value.unwrap_or(0))
            .map_err(|_| self.bad(format!("{field} {} is out of range", value.unwrap_or(0))))
    }

    /// `MalformedResponse` naming this record.
    fn bad(&self, reason: String) -> Error {
        Error::malformed(format!("domain record {}: {reason}", self.id))
    }
}

#[cfg(test)]
mod tests;
