//! Logging in with the Identity API v2.0 (`POST /v2.0/tokens`): Rackspace's identity
//! service (with its `RAX-KSKEY:apiKeyCredentials`) and Keystone before v3. The answer's
//! `serviceCatalog` becomes the same [`Catalog`] a v3 login gives.

use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::catalog::{Catalog, Interface, ServiceEndpoint};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth};
use cloud_core::{Error, ProviderConfig, Result, Secret};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::CatalogLogin;
use super::answer::{LoginAnswer, Service};
use super::latest::{LatestAnswer, login_failure};
use crate::errors::OpenStackErrorParser;

/// What a v2.0 login proves who it is with.
#[derive(Debug, Clone)]
pub enum V2Credentials {
    /// Rackspace's user name and API key (`RAX-KSKEY:apiKeyCredentials`).
    ApiKey {
        /// The user name.
        username: String,
        /// The API key.
        api_key: Secret,
    },
    /// A user name and password (`passwordCredentials`).
    Password {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

/// A v2.0 login's settings.
#[derive(Debug, Clone)]
pub struct V2Auth {
    /// The identity endpoint, ending in `/v2.0`.
    pub auth_url: Url,
    /// Who logs in.
    pub credentials: V2Credentials,
    /// The tenant (project) by name, for password logins that must name one.
    pub tenant_name: Option<String>,
    /// The region whose endpoints are used; `None` takes the user's default region
    /// from the answer (`RAX-AUTH:defaultRegion`).
    pub region: Option<String>,
    /// Which endpoints of the catalog are used.
    pub interface: Interface,
}

/// The request body of a v2.0 login.
pub fn v2_login_body(auth: &V2Auth) -> Value {
    let mut body = match &auth.credentials {
        V2Credentials::ApiKey { username, api_key } => json!({"auth": {
            "RAX-KSKEY:apiKeyCredentials": {"username": username, "apiKey": api_key.expose()}
        }}),
        V2Credentials::Password { username, password } => json!({"auth": {
            "passwordCredentials": {"username": username, "password": password.expose()}
        }}),
    };
    if let Some(tenant) = &auth.tenant_name {
        body["auth"]["tenantName"] = json!(tenant);
    }
    body
}

/// `POST {auth_url}/tokens`, as a token source for the core's cache.
pub struct KeystoneV2Login {
    provider: &'static str,
    http: HttpClient,
    auth: V2Auth,
    latest: LatestAnswer,
}

impl std::fmt::Debug for KeystoneV2Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeystoneV2Login")
            .field("provider", &self.provider)
            .field("auth_url", &self.auth.auth_url.as_str())
            .finish_non_exhaustive()
    }
}

impl KeystoneV2Login {
    /// A login for provider `provider` at `auth.auth_url` with `config`'s HTTP settings.
    /// A plain `http://` identity endpoint is accepted only when it came from an explicit
    /// endpoint override (`explicit`).
    pub fn new(
        provider: &'static str,
        config: &ProviderConfig,
        auth: V2Auth,
        explicit: bool,
    ) -> Result<Self> {
        let endpoint = Endpoint::new(auth.auth_url.clone(), explicit)?;
        let http = HttpClient::new(
            provider,
            endpoint,
            config.http_settings()?,
            Arc::new(NoAuth),
            Arc::new(OpenStackErrorParser),
        )?;
        Ok(KeystoneV2Login {
            provider,
            http,
            auth,
            latest: LatestAnswer::default(),
        })
    }
}

impl CatalogLogin for KeystoneV2Login {
    fn provider(&self) -> &'static str {
        self.provider
    }

    fn identity_endpoint(&self) -> &Endpoint {
        self.http.endpoint()
    }

    fn region(&self) -> Option<&str> {
        self.auth.region.as_deref()
    }

    fn interface(&self) -> Interface {
        self.auth.interface
    }

    fn latest(&self) -> Option<Arc<LoginAnswer>> {
        self.latest.get()
    }
}

#[async_trait]
impl TokenSource for KeystoneV2Login {
    async fn fetch(&self) -> Result<AccessToken> {
        let request = HttpRequest::new("login", Method::POST, self.http.url("tokens"))
            .json(&v2_login_body(&self.auth))
            .idempotent(true);
        let resp = self
            .http
            .send(request)
            .await
            .map_err(|e| login_failure(e, self.provider, &self.auth.auth_url))?;
        let (token, answer) =
            parse_v2_login(&resp.body).map_err(|e| e.in_context(self.provider, "login"))?;
        let expires_at = answer.expires_at;
        self.latest.set(answer);
        Ok(AccessToken::new(token, expires_at))
    }
}

#[derive(Deserialize)]
struct Body {
    access: Access,
}

#[derive(Deserialize)]
struct Access {
    token: Token,
    #[serde(default)]
    user: Option<User>,
    #[serde(default, rename = "serviceCatalog")]
    catalog: Vec<Service<EndpointEntry>>,
}

#[derive(Deserialize)]
struct Token {
    id: String,
    expires: String,
    #[serde(default)]
    tenant: Option<Tenant>,
}

#[derive(Deserialize)]
struct Tenant {
    id: String,
}

#[derive(Deserialize)]
struct User {
    #[serde(default, rename = "RAX-AUTH:defaultRegion")]
    default_region: Option<String>,
}

#[derive(Deserialize)]
struct EndpointEntry {
    #[serde(default)]
    region: Option<String>,
    #[serde(default, rename = "publicURL")]
    public: Option<String>,
    #[serde(default, rename = "internalURL")]
    internal: Option<String>,
    #[serde(default, rename = "adminURL")]
    admin: Option<String>,
}

/// Reads a v2.0 login answer: the token and what came with it. A body that is not an
/// `access` document, an empty token or an unreadable expiry is `MalformedResponse`;
/// endpoint URLs that do not parse are left out, and an empty region means none.
pub fn parse_v2_login(body: &[u8]) -> Result<(Secret, LoginAnswer)> {
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        Error::malformed(format!("the login answer is not an access document: {e}"))
    })?;
    let access = body.access;
    if access.token.id.is_empty() {
        return Err(Error::malformed("the login answer's token is empty"));
    }
    let expires = chrono::DateTime::parse_from_rfc3339(&access.token.expires).map_err(|e| {
        Error::malformed(format!(
            "the token's expires {:?} is not a time: {e}",
            access.token.expires
        ))
    })?;
    let expires_at = SystemTime::UNIX_EPOCH
        + std::time::Duration::from_millis(u64::try_from(expires.timestamp_millis()).unwrap_or(0));
    let mut entries = Vec::new();
    for service in access.catalog {
        for endpoint in service.endpoints {
            let region = endpoint.region.filter(|r| !r.is_empty());
            for (interface, url) in [
                (Interface::Public, endpoint.public),
                (Interface::Internal, endpoint.internal),
                (Interface::Admin, endpoint.admin),
            ] {
                let Some(Ok(url)) = url.map(|u| Url::parse(&u)) else {
                    continue;
                };
                entries.push(ServiceEndpoint {
                    service_type: service.service_type.clone(),
                    service_name: service.name.clone(),
                    region: region.clone(),
                    interface,
                    url,
                });
            }
        }
    }
    let answer = LoginAnswer {
        expires_at,
        project_id: access.token.tenant.map(|t| t.id),
        default_region: access.user.and_then(|u| u.default_region),
        catalog: Catalog::new(entries),
    };
    Ok((Secret::new(access.token.id), answer))
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::catalog::EndpointQuery;

    use super::*;

    const ANSWER: &str = r#"{"access": {
      "token": {"id": "tok-1", "expires": "2026-12-07T15:44:38.999-05:00",
                "tenant": {"id": "123456", "name": "123456"}},
      "user": {"id": "u", "name": "demo", "RAX-AUTH:defaultRegion": "DFW"},
      "serviceCatalog": [
        {"name": "cloudServersOpenStack", "type": "compute", "endpoints": [
          {"region": "DFW", "tenantId": "123456", "publicURL": "https://dfw.servers.api.rackspacecloud.com/v2/123456"},
          {"region": "ORD", "tenantId": "123456", "publicURL": "https://ord.servers.api.rackspacecloud.com/v2/123456"}]},
        {"name": "cloudServers", "type": "compute", "endpoints": [
          {"tenantId": "123456", "publicURL": "https://servers.api.rackspacecloud.com/v1.0/123456"}]},
        {"name": "cloudFiles", "type": "object-store", "endpoints": [
          {"region": "DFW", "publicURL": "https://storage101.dfw1.clouddrive.com/v1/MossoCloudFS_x",
           "internalURL": "https://snet-storage101.dfw1.clouddrive.com/v1/MossoCloudFS_x"}]},
        {"name": "cloudDNS", "type": "rax:dns", "endpoints": [
          {"region": "", "publicURL": "https://dns.api.rackspacecloud.com/v1.0/123456"},
          {"region": "DFW", "publicURL": "not a url"}]}
      ]}}"#;

    #[test]
    fn token_tenant_default_region_and_catalog() {
        let (token, answer) = parse_v2_login(ANSWER.as_bytes()).unwrap();
        assert_eq!(token.expose(), "tok-1");
        assert_eq!(answer.project_id.as_deref(), Some("123456"));
        assert_eq!(answer.default_region.as_deref(), Some("DFW"));
        let secs = answer
            .expires_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(secs, 1_796_676_278);
        let named = |name, region| {
            answer
                .catalog
                .find(&EndpointQuery::service(name, region).named())
                .map(|u| u.to_string())
        };
        assert_eq!(
            named("cloudServersOpenStack", Some("ORD")).unwrap(),
            "https://ord.servers.api.rackspacecloud.com/v2/123456"
        );
        assert_eq!(
            named("cloudDNS", Some("DFW")).unwrap(),
            "https://dns.api.rackspacecloud.com/v1.0/123456",
            "a service without a region serves every region"
        );
        let internal = answer
            .catalog
            .find(
                &EndpointQuery::service("cloudFiles", Some("DFW"))
                    .named()
                    .interface(Interface::Internal),
            )
            .unwrap();
        assert!(internal.as_str().starts_with("https://snet-"));
    }

    #[test]
    fn bodies_name_the_credentials() {
        let auth = |credentials| V2Auth {
            auth_url: Url::parse("https://identity.example/v2.0").unwrap(),
            credentials,
            tenant_name: None,
            region: None,
            interface: Interface::Public,
        };
        let key = v2_login_body(&auth(V2Credentials::ApiKey {
            username: "u".into(),
            api_key: Secret::new("k"),
        }));
        assert_eq!(
            key,
            json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "u", "apiKey": "k"}}})
        );
        let mut with_tenant = auth(V2Credentials::Password {
            username: "u".into(),
            password: Secret::new("p"),
        });
        with_tenant.tenant_name = Some("t".into());
        assert_eq!(
            v2_login_body(&with_tenant),
            json!({"auth": {"passwordCredentials": {"username": "u", "password": "p"},
                            "tenantName": "t"}})
        );
    }

    #[test]
    fn broken_answers_are_malformed() {
        for body in [
            "",
            "{}",
            r#"{"access": {}}"#,
            r#"{"access": {"token": {"id": "", "expires": "2026-12-07T15:44:38Z"}}}"#,
            r#"{"access": {"token": {"id": "t", "expires": "soon"}}}"#,
            &ANSWER[..ANSWER.len() / 3],
        ] {
            let err = parse_v2_login(body.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
    }
}
