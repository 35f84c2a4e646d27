//! Record types.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// A DNS record type. The common types have their own variant; any other type a provider
/// serves (`DS`, `NAPTR`, `SSHFP`, provider extras such as `ALIAS`) is [`RecordType::Other`]
/// with its uppercase mnemonic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Canonical name (alias).
    Cname,
    /// Mail exchanger.
    Mx,
    /// Text.
    Txt,
    /// Service locator.
    Srv,
    /// Name server.
    Ns,
    /// Reverse pointer.
    Ptr,
    /// Certification authority authorisation.
    Caa,
    /// Sender policy framework (the old dedicated type; SPF policies now live in TXT).
    Spf,
    /// Start of authority.
    Soa,
    /// Any other type, by its uppercase mnemonic.
    Other(String),
}

impl RecordType {
    /// The mnemonic (`A`, `AAAA`, `MX`, …).
    pub fn as_str(&self) -> &str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Srv => "SRV",
            RecordType::Ns => "NS",
            RecordType::Ptr => "PTR",
            RecordType::Caa => "CAA",
            RecordType::Spf => "SPF",
            RecordType::Soa => "SOA",
            RecordType::Other(name) => name,
        }
    }

    /// The types with their own variant, in a stable order.
    pub const COMMON: [RecordType; 11] = [
        RecordType::Soa,
        RecordType::Ns,
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Cname,
        RecordType::Mx,
        RecordType::Txt,
        RecordType::Srv,
        RecordType::Ptr,
        RecordType::Caa,
        RecordType::Spf,
    ];
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordType {
    type Err = Error;

    /// Parses a mnemonic, in any case. A name that is not a plausible mnemonic (empty,
    /// or not letters and digits) is `InvalidInput`.
    fn from_str(text: &str) -> Result<Self> {
        let upper = text.trim().to_ascii_uppercase();
        if let Some(common) = RecordType::COMMON.iter().find(|t| t.as_str() == upper) {
            return Ok(common.clone());
        }
        let plausible = !upper.is_empty()
            && upper.len() <= 16
            && upper.starts_with(|c: char| c.is_ascii_alphabetic())
            && upper.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if plausible {
            Ok(RecordType::Other(upper))
        } else {
            Err(Error::invalid_input(format!(
                "{text:?} is not a DNS record type (A, AAAA, CNAME, MX, TXT, SRV, NS, PTR, CAA, SPF, SOA, …)"
            )))
        }
    }
}

impl Serialize for RecordType {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RecordType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_round_trip_in_any_case() {
        for t in RecordType::COMMON {
            assert_eq!(t.as_str().to_lowercase().parse::<RecordType>().unwrap(), t);
        }
        assert_eq!(
            "naptr".parse::<RecordType>().unwrap(),
            RecordType::Other("NAPTR".into())
        );
        assert_eq!(
            serde_json::to_string(&RecordType::Aaaa).unwrap(),
            "\"AAAA\""
        );
        assert_eq!(
            serde_json::from_str::<RecordType>("\"mx\"").unwrap(),
            RecordType::Mx
        );
    }

    #[test]
    fn implausible_types_are_refused() {
        for bad in ["", "1A", "A B", "TOOLONGTYPENAME12345"] {
            assert!(bad.parse::<RecordType>().is_err(), "{bad:?}");
        }
    }
}
