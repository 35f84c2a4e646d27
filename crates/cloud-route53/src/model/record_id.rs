//! Record ids. Route 53 keeps whole record sets, with no id per value: a record's id
//! names its set (name, type, set identifier) and its value, base64url-encoded, so the
//! record calls can find the set again and rewrite it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloud_core::dns::RecordType;

/// Separates the parts of an id before encoding: no name, type or value in
/// presentation form holds a line break.
const SEPARATOR: char = '\n';

/// Most bytes of an id decoded: a name, a type, a set identifier and a value.
const MAX_ID_LEN: usize = 16 * 1024;

/// What a record id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKey {
    /// The name relative to the zone (`@` for the apex), or absolute when it cannot be
    /// made relative.
    pub name: String,
    /// The set's type.
    pub rtype: RecordType,
    /// The set identifier, for sets with a routing policy.
    pub set_identifier: Option<String>,
    /// The value in portable presentation form ([`RecordData::presentation`]); the
    /// alias's DNS name for an alias record.
    ///
    /// [`RecordData::presentation`]: cloud_core::dns::RecordData::presentation
    pub value: String,
}

impl RecordKey {
    /// The record id: `name`, type, set identifier and value joined by line breaks,
    /// base64url without padding.
    pub fn encode(&self) -> String {
        let text = format!(
            "{}{SEPARATOR}{}{SEPARATOR}{}{SEPARATOR}{}",
            self.name,
            self.rtype,
            self.set_identifier.as_deref().unwrap_or(""),
            self.value
        );
        URL_SAFE_NO_PAD.encode(text)
    }

    /// The key an id names; `None` for a string that is not an id this driver made.
    pub fn decode(id: &str) -> Option<RecordKey> {
        if id.is_empty() || id.len() > MAX_ID_LEN * 4 / 3 + 4 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut parts = text.splitn(4, SEPARATOR);
        let name = parts.next().filter(|n| !n.is_empty())?.to_string();
        let rtype: RecordType = parts.next()?.parse().ok()?;
        let set_identifier = parts.next()?;
        let value = parts.next()?.to_string();
        Some(RecordKey {
            name,
            rtype,
            set_identifier: (!set_identifier.is_empty()).then(|| set_identifier.to_string()),
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_foreign_strings_are_none() {
        let key = RecordKey {
            name: "*.dev".into(),
            rtype: RecordType::Txt,
            set_identifier: Some("eu | blue".into()),
            value: r#""a|b" "c""#.into(),
        };
        let id = key.encode();
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
        assert_eq!(RecordKey::decode(&id), Some(key));
        let plain = RecordKey {
            name: "@".into(),
            rtype: RecordType::A,
            set_identifier: None,
            value: "192.0.2.1".into(),
        };
        assert_eq!(RecordKey::decode(&plain.encode()), Some(plain));
        for foreign in ["", "no-such-record", "!!!", "Zm9v", &"A".repeat(40_000)] {
            assert_eq!(RecordKey::decode(foreign), None, "{foreign:?}");
        }
    }
}
