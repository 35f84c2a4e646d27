//! The JSON bodies of the calls that change zones: a new zone, and RRset changes.

use serde_json::{Value, json};

use super::wire::RecordEntry;

/// One RRset change of a `PATCH …/zones/{zone_id}` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RRsetChange {
    /// Makes the set of `name` (absolute) and `rtype` exactly `records`, with `ttl`.
    Replace {
        /// The owner name, absolute.
        name: String,
        /// The type mnemonic.
        rtype: String,
        /// The set's TTL.
        ttl: u32,
        /// The records, disabled ones included.
        records: Vec<RecordEntry>,
    },
    /// Removes the set of `name` (absolute) and `rtype`.
    Delete {
        /// The owner name, absolute.
        name: String,
        /// The type mnemonic.
        rtype: String,
    },
}

impl RRsetChange {
    /// `Replace` with `records`, or `Delete` when there are none left.
    pub fn set_to(name: String, rtype: String, ttl: u32, records: Vec<RecordEntry>) -> Self {
        if records.is_empty() {
            RRsetChange::Delete { name, rtype }
        } else {
            RRsetChange::Replace {
                name,
                rtype,
                ttl,
                records,
            }
        }
    }

    fn to_json(&self) -> Value {
        match self {
            RRsetChange::Replace {
                name,
                rtype,
                ttl,
                records,
            } => {
                let records: Vec<Value> = records
                    .iter()
                    .map(|r| json!({ "content": r.content, "disabled": r.disabled }))
                    .collect();
                json!({
                    "name": name,
                    "type": rtype,
                    "ttl": ttl,
                    "changetype": "REPLACE",
                    "records": records,
                })
            }
            RRsetChange::Delete { name, rtype } => {
                json!({ "name": name, "type": rtype, "changetype": "DELETE" })
            }
        }
    }
}

/// The body of one `PATCH` applying `changes` together.
pub fn patch_body(changes: &[RRsetChange]) -> Value {
    let rrsets: Vec<Value> = changes.iter().map(RRsetChange::to_json).collect();
    json!({ "rrsets": rrsets })
}

/// The body creating a `Native` zone for `domain` (canonical) with `nameservers`
/// (absolute); with `soa`, that SOA content (with `soa_ttl`) instead of the server's
/// default one.
pub fn create_zone_body(domain: &str, nameservers: &[String], soa: Option<(&str, u32)>) -> Value {
    let mut body = json!({
        "name": format!("{domain}."),
        "kind": "Native",
        "nameservers": nameservers,
    });
    if let Some((content, ttl)) = soa {
        body["rrsets"] = json!([{
            "name": format!("{domain}."),
            "type": "SOA",
            "ttl": ttl,
            "changetype": "REPLACE",
            "records": [{ "content": content, "disabled": false }],
        }]);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_replace_or_delete() {
        let entry = |c: &str| RecordEntry {
            content: c.into(),
            disabled: false,
        };
        let replace = RRsetChange::set_to(
            "www.example.org.".into(),
            "A".into(),
            300,
            vec![entry("192.0.2.1")],
        );
        let delete = RRsetChange::set_to("old.example.org.".into(), "TXT".into(), 300, vec![]);
        assert_eq!(
            patch_body(&[replace, delete]),
            json!({"rrsets": [
                {"name": "www.example.org.", "type": "A", "ttl": 300, "changetype": "REPLACE",
                 "records": [{"content": "192.0.2.1", "disabled": false}]},
                {"name": "old.example.org.", "type": "TXT", "changetype": "DELETE"},
            ]})
        );
    }

    #[test]
    fn a_zone_is_native_with_name_servers_and_an_optional_soa() {
        let ns = vec!["ns1.example.org.".to_string()];
        let plain = create_zone_body("example.org", &ns, None);
        assert_eq!(
            plain,
            json!({"name": "example.org.", "kind": "Native", "nameservers": ["ns1.example.org."]})
        );
        let soa = create_zone_body(
            "example.org",
            &ns,
            Some(("ns1.example.org. h.example.org. 0 1 2 3 4", 3600)),
        );
        assert_eq!(soa["rrsets"][0]["type"], "SOA");
        assert_eq!(
            soa["rrsets"][0]["records"][0]["content"],
            "ns1.example.org. h.example.org. 0 1 2 3 4"
        );
    }
}
