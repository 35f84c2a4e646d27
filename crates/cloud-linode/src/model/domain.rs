//! Linode Domains as DNS zones.

use cloud_core::dns::{Zone, names};
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::Value;

use super::{Convert, extra_from};

/// The TTL Linode gives a domain's records when the domain's `ttl_sec` is 0 (its
/// default): 86 400 seconds, per the `ttl_sec` field of the Domain object.
pub(crate) const DEFAULT_DOMAIN_TTL: u32 = 86_400;

/// A Domain as the API returns it.
#[derive(Debug, Deserialize)]
pub(crate) struct RawDomain {
    id: u64,
    domain: String,
    #[serde(default)]
    soa_email: Option<String>,
    #[serde(default)]
    ttl_sec: Option<u64>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl Convert for RawDomain {
    type Item = Zone;

    /// The domain becomes the zone's canonical domain, `soa_email` its email and
    /// `ttl_sec` its TTL (0, Linode's default, is the 86 400 seconds it stands for).
    /// `type`, `status`, `refresh_sec`, `retry_sec`, `expire_sec`, `tags` and the other
    /// fields go to `extra`.
    fn convert(self) -> Result<Zone> {
        let domain = names::zone_domain(&self.domain)
            .map_err(|e| Error::malformed(format!("domain {}: {}", self.id, e.message())))?;
        let ttl = match self.ttl_sec {
            None | Some(0) => DEFAULT_DOMAIN_TTL,
            Some(ttl) => u32::try_from(ttl).map_err(|_| {
                Error::malformed(format!("domain {}: ttl_sec {ttl} is out of range", self.id))
            })?,
        };
        Ok(Zone {
            id: self.id.to_string(),
            domain,
            ttl: Some(ttl),
            email: self.soa_email.filter(|e| !e.is_empty()),
            extra: extra_from(self.rest),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn parse(json: &str) -> Result<Zone> {
        serde_json::from_str::<RawDomain>(json).unwrap().convert()
    }

    #[test]
    fn converts_a_domain() {
        let zone = parse(
            r#"{"id": 1234, "domain": "Example.ORG", "type": "master", "status": "active",
                "soa_email": "admin@example.org", "ttl_sec": 300, "refresh_sec": 0,
                "tags": ["dns"], "description": null}"#,
        )
        .unwrap();
        assert_eq!(zone.id, "1234");
        assert_eq!(zone.domain, "example.org");
        assert_eq!(zone.ttl, Some(300));
        assert_eq!(zone.email.as_deref(), Some("admin@example.org"));
        assert_eq!(zone.extra["type"], "master");
        assert_eq!(zone.extra["tags"][0], "dns");
        assert!(!zone.extra.contains_key("description"));
    }

    #[test]
    fn ttl_zero_is_linodes_default() {
        let zone =
            parse(r#"{"id": 1, "domain": "example.org", "ttl_sec": 0, "soa_email": ""}"#).unwrap();
        assert_eq!(zone.ttl, Some(DEFAULT_DOMAIN_TTL));
        assert_eq!(zone.email, None);
    }

    #[test]
    fn impossible_values_are_malformed() {
        for json in [
            r#"{"id": 1, "domain": "a..b"}"#,
            r#"{"id": 1, "domain": ""}"#,
            r#"{"id": 1, "domain": "example.org", "ttl_sec": 99999999999}"#,
        ] {
            assert_eq!(
                parse(json).unwrap_err().kind(),
                ErrorKind::MalformedResponse,
                "{json}"
            );
        }
    }
}
