//! Nova microversions: the number itself, the maximum a server names when it refuses
//! one, and the version document (`GET /v2.1/` or `GET /`).

use std::fmt;

use cloud_core::Result;
use serde_json::Value;

use super::common::document;

/// A Nova API microversion, `2.79`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    /// The major version (2).
    pub major: u16,
    /// The minor version.
    pub minor: u16,
}

impl Microversion {
    /// Microversion 2.1, which every Nova v2.1 endpoint serves.
    pub const BASE: Microversion = Microversion { major: 2, minor: 1 };

    /// `2.79` as a microversion; `None` for anything else (`latest`, `2`, `v2.1`).
    pub fn parse(text: &str) -> Option<Microversion> {
        let (major, minor) = text.trim().split_once('.')?;
        Some(Microversion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The maximum a refusal names: Nova answers a microversion it does not serve with
/// `Version 2.79 is not supported by the API. Minimum is 2.1 and maximum is 2.60.`
pub fn max_from_refusal(message: &str) -> Option<Microversion> {
    let lower = message.to_ascii_lowercase();
    let at = lower.find("maximum is")? + "maximum is".len();
    let rest = message.get(at..)?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    Microversion::parse(rest.get(..end)?.trim_end_matches('.'))
}

/// The highest microversion of a version document: `{"version": {"id": "v2.1",
/// "version": "2.60", "min_version": "2.1"}}` (one version) or `{"versions": [...]}`
/// (all of them; the `v2.1` entry counts). `Ok(None)` when the document names none (an
/// empty `version`: no microversions); `MalformedResponse` when the body is not a
/// version document.
pub fn version_document(body: &[u8]) -> Result<Option<Microversion>> {
    let doc = document(body, "version")?;
    let entries: Vec<&Value> = match (doc.get("version"), doc.get("versions")) {
        (Some(one), _) => vec![one],
        (None, Some(Value::Array(all))) => all.iter().collect(),
        _ => {
            return Err(cloud_core::Error::malformed(
                "the version answer has neither \"version\" nor \"versions\"",
            ));
        }
    };
    Ok(entries
        .into_iter()
        .filter(|v| {
            v.get("id")
                .and_then(Value::as_str)
                .is_none_or(|id| id.starts_with("v2"))
        })
        .filter_map(|v| v.get("version").and_then(Value::as_str))
        .filter_map(Microversion::parse)
        .max())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        let v = Microversion::parse("2.79").unwrap();
        assert_eq!(v.to_string(), "2.79");
        assert!(Microversion::parse("2.9").unwrap() < Microversion::parse("2.10").unwrap());
        for bad in ["latest", "2", "", "v2.1", "2.x"] {
            assert_eq!(Microversion::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn refusals_name_the_maximum() {
        assert_eq!(
            max_from_refusal(
                "Version 2.79 is not supported by the API. Minimum is 2.1 and maximum is 2.60."
            ),
            Microversion::parse("2.60")
        );
        assert_eq!(max_from_refusal("Invalid API version request"), None);
        assert_eq!(max_from_refusal("maximum is"), None);
        assert_eq!(max_from_refusal("Maximum is é"), None);
    }

    #[test]
    fn version_documents() {
        assert_eq!(
            version_document(
                br#"{"version": {"id": "v2.1", "version": "2.60", "min_version": "2.1"}}"#
            )
            .unwrap(),
            Microversion::parse("2.60")
        );
        assert_eq!(
            version_document(
                br#"{"versions": [{"id": "v2.0", "version": ""}, {"id": "v2.1", "version": "2.53"}]}"#
            )
            .unwrap(),
            Microversion::parse("2.53")
        );
        assert_eq!(
            version_document(br#"{"version": {"id": "v2.1", "version": ""}}"#).unwrap(),
            None
        );
        assert!(version_document(b"{}").is_err());
        assert!(version_document(b"<html>").is_err());
    }
}
