//! Typed records as Linode's request fields (`POST` and `PUT` of a Domain Record): the
//! reverse of [`crate::model`]'s reading. Input comes normalised (names relative with
//! `@` for the apex, hosts fully qualified), from `cloud_core::dns::validate`.

use cloud_core::dns::{NewRecord, RecordData, RecordType, names};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::{Map, Value, json};

use super::ttl::record_ttl;

/// Highest MX or SRV priority Linode takes.
const MAX_PRIORITY: u16 = 255;

/// The CAA tags Linode takes.
const CAA_TAGS: [&str; 3] = ["issue", "issuewild", "iodef"];

/// The body of `POST /domains/{id}/records` for a normalised record.
pub(crate) fn create_body(record: &NewRecord) -> Result<Value> {
    let rtype = record.data.rtype();
    let mut body = Map::new();
    body.insert("type".into(), json!(rtype.as_str()));
    name_fields(&mut body, &record.name, &rtype)?;
    data_fields(&mut body, &record.data)?;
    if let Some(ttl) = record.ttl {
        body.insert("ttl_sec".into(), json!(record_ttl(ttl)?));
    }
    Ok(Value::Object(body))
}

/// The body of `PUT /domains/{id}/records/{id}` for a record of `rtype`: only what
/// changes (a normalised name, a TTL, data of that type).
pub(crate) fn update_body(
    rtype: &RecordType,
    name: Option<&str>,
    ttl: Option<u32>,
    data: Option<&RecordData>,
) -> Result<Value> {
    let mut body = Map::new();
    if let Some(name) = name {
        name_fields(&mut body, name, rtype)?;
    }
    if let Some(data) = data {
        if data.rtype() != *rtype {
            return Err(Error::invalid_input(format!(
                "the record is {rtype}; its data cannot become {}",
                data.rtype()
            )));
        }
        data_fields(&mut body, data)?;
    }
    if let Some(ttl) = ttl {
        body.insert("ttl_sec".into(), json!(record_ttl(ttl)?));
    }
    Ok(Value::Object(body))
}

/// `name` (empty for the apex), or for SRV the `service` and `protocol` Linode builds the
/// name `_service._protocol` from (it adds the underscores itself).
fn name_fields(body: &mut Map<String, Value>, name: &str, rtype: &RecordType) -> Result<()> {
    if *rtype != RecordType::Srv {
        let name = if name == names::APEX { "" } else { name };
        body.insert("name".into(), json!(name));
        return Ok(());
    }
    let labels: Vec<&str> = name.split('.').collect();
    match labels.as_slice() {
        [service, protocol]
            if service.len() > 1
                && protocol.len() > 1
                && service.starts_with('_')
                && protocol.starts_with('_') =>
        {
            body.insert("service".into(), json!(&service[1..]));
            body.insert("protocol".into(), json!(&protocol[1..]));
            Ok(())
        }
        _ => Err(Error::invalid_input(format!(
            "name: Linode builds an SRV record's name from its service and protocol, so it \
             must be _service._protocol directly under the zone, not {name}"
        ))),
    }
}

/// `target` and the fields beside it that the data's type uses.
fn data_fields(body: &mut Map<String, Value>, data: &RecordData) -> Result<()> {
    let mut set = |field: &str, value: Value| {
        body.insert(field.into(), value);
    };
    match data {
        RecordData::A { address } => set("target", json!(address.to_string())),
        RecordData::Aaaa { address } => set("target", json!(address.to_string())),
        RecordData::Cname { target } | RecordData::Ptr { target } => {
            set("target", json!(host(target, false)?));
        }
        RecordData::Ns { host: ns } => set("target", json!(host(ns, false)?)),
        RecordData::Mx { priority, exchange } => {
            set("target", json!(host(exchange, true)?));
            set("priority", json!(priority_of(*priority)?));
        }
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => {
            set("target", json!(host(target, false)?));
            set("priority", json!(priority_of(*priority)?));
            set("weight", json!(weight));
            set("port", json!(port));
        }
        RecordData::Txt { strings } => set("target", json!(strings.concat())),
        RecordData::Caa { flags, tag, value } => {
            if *flags != 0 {
                return Err(Error::invalid_input(format!(
                    "flags: Linode's CAA records have no flags; they must be 0, not {flags}"
                )));
            }
            if !CAA_TAGS.contains(&tag.as_str()) {
                return Err(Error::invalid_input(format!(
                    "tag: Linode takes the CAA tags {}, not {tag:?}",
                    CAA_TAGS.join(", ")
                )));
            }
            set("tag", json!(tag));
            set("target", json!(value));
        }
        RecordData::Spf { .. } | RecordData::Soa { .. } | RecordData::Other { .. } => {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!("Linode does not take {} records", data.rtype()),
            ));
        }
    }
    Ok(())
}

/// A fully qualified host as Linode takes it, without the trailing dot. The root (`.`)
/// is the empty target where `root_allowed` (a null MX record) and refused elsewhere.
fn host(host: &str, root_allowed: bool) -> Result<String> {
    if host == "." {
        return if root_allowed {
            Ok(String::new())
        } else {
            Err(Error::invalid_input(
                "target: Linode cannot point this record at the root (.)",
            ))
        };
    }
    Ok(host.strip_suffix('.').unwrap_or(host).to_string())
}

fn priority_of(priority: u16) -> Result<u16> {
    if priority > MAX_PRIORITY {
        return Err(Error::invalid_input(format!(
            "priority: Linode takes 0 to {MAX_PRIORITY}, not {priority}"
        )));
    }
    Ok(priority)
}

#[cfg(test)]
mod tests;
