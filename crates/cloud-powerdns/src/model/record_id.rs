//! Record ids. PowerDNS keeps whole RRsets and gives single records no id, so a record's
//! id names its set and value: `<name>/<TYPE>/<value>`, the name relative to the zone
//! (`@` for the apex) and the value's presentation form in unpadded base64url
//! (`www/A/MTkyLjAuMi4x`). The same record always has the same id; a changed value is a
//! new id.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloud_core::dns::{RecordData, RecordType};

/// What a record id names: a set (relative name and type) and one value in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKey {
    /// The name relative to the zone, `@` for the apex.
    pub name: String,
    /// The record type.
    pub rtype: RecordType,
    /// The value's presentation form.
    pub value: String,
}

impl RecordKey {
    /// The key of `data` in the set `name`.
    pub fn new(name: &str, data: &RecordData) -> Self {
        RecordKey {
            name: name.to_string(),
            rtype: data.rtype(),
            value: data.presentation(),
        }
    }

    /// The record id.
    pub fn id(&self) -> String {
        format!(
            "{}/{}/{}",
            self.name,
            self.rtype,
            URL_SAFE_NO_PAD.encode(self.value.as_bytes())
        )
    }

    /// Reads a record id; `None` when it is not one this driver made.
    pub fn parse(id: &str) -> Option<Self> {
        let mut parts = id.rsplitn(3, '/');
        let value = parts.next()?;
        let rtype = parts.next()?;
        let name = parts.next()?;
        if name.is_empty() || rtype.is_empty() {
            return None;
        }
        let value = String::from_utf8(URL_SAFE_NO_PAD.decode(value).ok()?).ok()?;
        Some(RecordKey {
            name: name.to_string(),
            rtype: rtype.parse().ok()?,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let data = RecordData::txt("say \"hi\"; ok/then");
        let key = RecordKey::new("_sip._tcp", &data);
        let id = key.id();
        assert!(id.starts_with("_sip._tcp/TXT/"), "{id}");
        assert!(!id[14..].contains(['/', '+', '=']), "{id}");
        assert_eq!(RecordKey::parse(&id).unwrap(), key);
        let a = RecordData::A {
            address: "192.0.2.1".parse().unwrap(),
        };
        assert_eq!(RecordKey::new("www", &a).id(), "www/A/MTkyLjAuMi4x");
    }

    #[test]
    fn other_strings_are_not_ids() {
        for bad in [
            "no-such-record",
            "www/A",
            "/A/MTkyLjAuMi4x",
            "www//MTkyLjAuMi4x",
            "www/A/!!",
            "www/1A/MTkyLjAuMi4x",
            "www/A/_w",
        ] {
            assert_eq!(RecordKey::parse(bad), None, "{bad:?}");
        }
    }
}
