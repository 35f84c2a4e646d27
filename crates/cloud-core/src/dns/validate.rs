//! Record input made canonical before a driver sends or stores it: names relative to the
//! zone, host names in data fully qualified and lowercase, TXT strings within 255 bytes.

use super::{NewRecord, RecordData, names, txt};
use crate::Result;

/// `data` with every host name fully qualified against `zone` (a canonical zone domain)
/// and TXT/SPF strings checked. `InvalidInput` names what is wrong.
pub fn normalize_data(data: &RecordData, zone: &str) -> Result<RecordData> {
    let host = |name: &str| names::qualified_host(name, zone);
    Ok(match data {
        RecordData::Cname { target } => RecordData::Cname {
            target: host(target)?,
        },
        RecordData::Ptr { target } => RecordData::Ptr {
            target: host(target)?,
        },
        RecordData::Ns { host: ns } => RecordData::Ns { host: host(ns)? },
        RecordData::Mx { priority, exchange } => RecordData::Mx {
            priority: *priority,
            exchange: host(exchange)?,
        },
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => RecordData::Srv {
            priority: *priority,
            weight: *weight,
            port: *port,
            target: host(target)?,
        },
        RecordData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => RecordData::Soa {
            mname: host(mname)?,
            rname: host(rname)?,
            serial: *serial,
            refresh: *refresh,
            retry: *retry,
            expire: *expire,
            minimum: *minimum,
        },
        RecordData::Txt { strings } => {
            txt::check_strings(strings)?;
            data.clone()
        }
        RecordData::Spf { strings } => {
            txt::check_strings(strings)?;
            data.clone()
        }
        RecordData::Caa { tag, .. } => {
            if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(crate::Error::invalid_input(format!(
                    "CAA tag {tag:?} must be letters and digits (issue, issuewild, iodef, …)"
                )));
            }
            data.clone()
        }
        RecordData::A { .. } | RecordData::Aaaa { .. } | RecordData::Other { .. } => data.clone(),
    })
}

/// `record` with its name relative to `zone` (`@` for the apex) and its data normalised
/// by [`normalize_data`].
pub fn normalize_record(record: &NewRecord, zone: &str) -> Result<NewRecord> {
    Ok(NewRecord {
        name: names::relative_name(&record.name, zone)?,
        ttl: record.ttl,
        data: normalize_data(&record.data, zone)?,
        extra: record.extra.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hosts_are_qualified_and_names_made_relative() {
        let record = NewRecord::new(
            "Mail.Example.org.",
            RecordData::Mx {
                priority: 10,
                exchange: "MX1".into(),
            },
        );
        let normal = normalize_record(&record, "example.org").unwrap();
        assert_eq!(normal.name, "mail");
        assert_eq!(normal.data.presentation(), "10 mx1.example.org.");
    }

    #[test]
    fn bad_input_is_invalid() {
        let long = RecordData::Txt {
            strings: vec!["x".repeat(300)],
        };
        assert_eq!(
            normalize_data(&long, "example.org").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let caa = RecordData::Caa {
            flags: 0,
            tag: "is sue".into(),
            value: "ca".into(),
        };
        assert!(normalize_data(&caa, "example.org").is_err());
        let record = NewRecord::new(
            "x".repeat(64),
            RecordData::A {
                address: "192.0.2.1".parse().unwrap(),
            },
        );
        let err = normalize_record(&record, "example.org").unwrap_err();
        assert!(err.message().contains("label of 64 characters"), "{err}");
    }
}
