//! A tenant's Azure AD token endpoint, `{authority}/{tenant}/oauth2/v2.0/token`, reached
//! through the project's HTTP pipeline (timeouts, retries, the loopback guard).

use std::sync::Arc;

use cloud_core::auth::AccessToken;
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, NoAuth};
use cloud_core::{Clock, Error, ErrorKind, Result};
use url::Url;

use crate::context::AzureContext;
use crate::error_answer::AadErrorParser;
use crate::token_answer::parse_token_answer;

/// Checks a tenant id (a GUID, or a domain such as `contoso.onmicrosoft.com`): letters,
/// digits, `-`, `.` and `_` only, so it cannot reach outside its path segment.
pub fn check_tenant(tenant: &str) -> Result<&str> {
    let tenant = tenant.trim();
    let ok = !tenant.is_empty()
        && tenant.len() <= 256
        && tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && tenant != "."
        && tenant != "..";
    if ok {
        Ok(tenant)
    } else {
        Err(Error::new(
            ErrorKind::Configuration,
            format!(
                "tenant_id {:?} is not a tenant id or domain (letters, digits, '-', '.', '_')",
                tenant.chars().take(80).collect::<String>()
            ),
        ))
    }
}

/// The token endpoint of `tenant` under `authority` (which ends in `/`).
pub fn token_endpoint_url(authority: &Url, tenant: &str) -> Result<Url> {
    let tenant = check_tenant(tenant)?;
    authority
        .join(&format!("{tenant}/oauth2/v2.0/token"))
        .map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!("the token endpoint of tenant {tenant} under {authority}: {e}"),
            )
        })
}

/// A token endpoint and the client that reaches it.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    url: Url,
    client: HttpClient,
    clock: Arc<dyn Clock>,
}

impl TokenEndpoint {
    /// The endpoint at `url` (https, or http on loopback: see
    /// [`authority_url`](crate::authority_url)) for provider `provider`, sent with the
    /// context's HTTP settings and guard.
    pub fn new(provider: &str, url: Url, ctx: &AzureContext) -> Result<Self> {
        // Plain http reaches the client only as an override (a loopback stand-in).
        let endpoint = Endpoint::new(url.clone(), url.scheme() != "https")?;
        let client = HttpClient::new(
            provider,
            endpoint,
            ctx.http_config(),
            Arc::new(NoAuth),
            Arc::new(AadErrorParser::new(origin(&url))),
        )?;
        Ok(TokenEndpoint {
            url,
            client,
            clock: ctx.clock(),
        })
    }

    /// The endpoint's URL (the audience of client assertions).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Posts `form` and reads the token. Asking again is harmless, so the request is
    /// retried like an idempotent one.
    pub async fn exchange(&self, form: &[(String, String)]) -> Result<AccessToken> {
        let request = HttpRequest::new("aad_token", Method::POST, self.url.clone())
            .header("accept", "application/json")
            .form(form)
            .idempotent(true);
        let answer = self.client.send(request).await?;
        let token = parse_token_answer(&answer.body, &origin(&self.url))?;
        Ok(token.into_access_token(self.clock.now()))
    }
}

/// How messages name the endpoint at `url`.
pub(crate) fn origin(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    format!("the Azure AD token endpoint {shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_endpoint_is_under_the_tenant() {
        let authority = Url::parse("https://login.microsoftonline.com/").unwrap();
        assert_eq!(
            token_endpoint_url(&authority, "72f988bf-86f1-41af-91ab-2d7cd011db47")
                .unwrap()
                .as_str(),
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token"
        );
        let pathed = Url::parse("http://127.0.0.1:9/aad/").unwrap();
        assert_eq!(
            token_endpoint_url(&pathed, "contoso.onmicrosoft.com")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/aad/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
    }

    #[test]
    fn tenants_cannot_leave_their_segment() {
        let authority = Url::parse("https://login.microsoftonline.com/").unwrap();
        for bad in ["", "..", "a/b", "evil.com?x=", "t#f", "a b", "//evil.com"] {
            let e = token_endpoint_url(&authority, bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Configuration, "{bad}");
        }
    }
}
