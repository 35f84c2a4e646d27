//! Keystone's answer to a login: the token's expiry, the project it is scoped to, and
//! the service catalog.

use std::time::SystemTime;

use cloud_core::catalog::{Catalog, Interface, ServiceEndpoint};
use cloud_core::{Error, Result};
use serde::Deserialize;
use url::Url;

/// What a login answered, besides the token itself (which comes in `X-Subject-Token`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAnswer {
    /// When the token expires.
    pub expires_at: SystemTime,
    /// The project the token is scoped to, when it is.
    pub project_id: Option<String>,
    /// The user's default region, where the identity service names one (Rackspace's
    /// `RAX-AUTH:defaultRegion`).
    pub default_region: Option<String>,
    /// The endpoints of the services.
    pub catalog: Catalog,
}

#[derive(Deserialize)]
struct Body {
    token: Token,
}

#[derive(Deserialize)]
struct Token {
    expires_at: String,
    #[serde(default)]
    project: Option<Project>,
    #[serde(default)]
    catalog: Vec<Service<EndpointEntry>>,
}

#[derive(Deserialize)]
struct Project {
    id: String,
}

/// A catalog service as both identity API versions list it; `E` is the version's
/// endpoint entry.
#[derive(Deserialize)]
pub(super) struct Service<E> {
    #[serde(rename = "type")]
    pub(super) service_type: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default = "Vec::new")]
    pub(super) endpoints: Vec<E>,
}

#[derive(Deserialize)]
struct EndpointEntry {
    interface: String,
    #[serde(default)]
    region_id: Option<String>,
    #[serde(default)]
    region: Option<String>,
    url: String,
}

/// Reads a login answer's body. A body that is not Keystone's token document, or an
/// unreadable expiry, is `MalformedResponse`; catalog entries with an unknown interface
/// or a URL that does not parse are left out.
pub fn parse_login(body: &[u8]) -> Result<LoginAnswer> {
    let body: Body = serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("the login answer is not a token document: {e}")))?;
    let expires_at = chrono::DateTime::parse_from_rfc3339(&body.token.expires_at)
        .map_err(|e| {
            Error::malformed(format!(
                "the token's expires_at {:?} is not a time: {e}",
                body.token.expires_at
            ))
        })?
        .with_timezone(&chrono::Utc);
    let expires_at = SystemTime::UNIX_EPOCH
        + std::time::Duration::from_millis(
            u64::try_from(expires_at.timestamp_millis()).unwrap_or(0),
        );
    let mut entries = Vec::new();
    for service in body.token.catalog {
        for endpoint in service.endpoints {
            let (Some(interface), Ok(url)) = (
                Interface::parse(&endpoint.interface),
                Url::parse(&endpoint.url),
            ) else {
                continue;
            };
            entries.push(ServiceEndpoint {
                service_type: service.service_type.clone(),
                service_name: service.name.clone(),
                region: endpoint.region_id.or(endpoint.region),
                interface,
                url,
            });
        }
    }
    Ok(LoginAnswer {
        expires_at,
        project_id: body.token.project.map(|p| p.id),
        default_region: None,
        catalog: Catalog::new(entries),
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::catalog::EndpointQuery;

    use super::*;

    const ANSWER: &str = r#"{"token": {"methods": ["password"], "expires_at": "2026-12-06T13:00:00.000000Z",
      "project": {"id": "8a1b", "name": "demo", "domain": {"id": "default", "name": "Default"}},
      "user": {"id": "u1", "name": "demo"},
      "catalog": [
        {"type": "object-store", "name": "swift", "id": "s1", "endpoints": [
          {"id": "e1", "interface": "public", "region_id": "RegionOne", "region": "RegionOne",
           "url": "http://127.0.0.1:8080/v1/AUTH_8a1b"},
          {"id": "e2", "interface": "internal", "region_id": "RegionOne", "url": "http://10.0.0.1:8080/v1/AUTH_8a1b"},
          {"id": "e3", "interface": "weird", "region_id": "RegionOne", "url": "http://x"}]},
        {"type": "identity", "name": "keystone", "endpoints": [
          {"interface": "public", "region": "RegionOne", "url": "http://127.0.0.1:5000/v3/"}]}
      ]}}"#;

    #[test]
    fn expiry_project_and_catalog() {
        let answer = parse_login(ANSWER.as_bytes()).unwrap();
        assert_eq!(answer.project_id.as_deref(), Some("8a1b"));
        let secs = answer
            .expires_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(secs, 1_796_562_000);
        assert_eq!(
            answer.catalog.entries().len(),
            3,
            "the odd interface is left out"
        );
        let url = answer
            .catalog
            .find(&EndpointQuery::service("object-store", Some("RegionOne")))
            .unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/v1/AUTH_8a1b");
        let err = answer
            .catalog
            .find(&EndpointQuery::service("compute", Some("RegionOne")))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn broken_answers_are_malformed() {
        for body in [
            "",
            "{}",
            r#"{"token": {}}"#,
            r#"{"token": {"expires_at": "tomorrow"}}"#,
            "<html>",
            &ANSWER[..ANSWER.len() / 2],
        ] {
            let err = parse_login(body.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
    }
}
