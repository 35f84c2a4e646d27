//! The login itself: a `TokenSource` sending `X-Auth-User` and `X-Auth-Key`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenSource};
use cloud_core::http::{
    Endpoint, ErrorParser, HeaderMap, HeaderValue, HttpClient, HttpRequest, Method,
    OutgoingRequest, Signer, StatusCode, StatusErrorParser,
};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};

use super::answer::parse_login_answer;
use crate::PROVIDER_ID;
use crate::settings::{self, Account};

/// How long a v1.0 token is good for, as the developer guide gives it.
const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The v1.0 login at one authentication endpoint. `Debug` never shows the key.
#[derive(Debug)]
pub(crate) struct V1Login {
    http: HttpClient,
    /// The Cloud Servers endpoint of the latest successful login.
    latest: Mutex<Option<Endpoint>>,
}

impl V1Login {
    /// The login `config` describes: `endpoint` (else the account's authentication
    /// endpoint) and the user name and API key.
    pub(crate) fn new(config: &ProviderConfig) -> Result<Self> {
        let account = Account::from_config(config)?;
        let (user, key) = settings::credentials(config)?;
        let endpoint = Endpoint::choose(config.endpoint.as_ref(), account.auth_url())
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http_settings()?,
            Arc::new(KeyHeaders::new(&user, &key)?),
            Arc::new(LoginErrorParser),
        )?;
        Ok(V1Login {
            http,
            latest: Mutex::new(None),
        })
    }

    /// The Cloud Servers endpoint the latest login named.
    pub(crate) fn latest_endpoint(&self) -> Option<Endpoint> {
        self.latest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[async_trait]
impl TokenSource for V1Login {
    async fn fetch(&self) -> Result<AccessToken> {
        const OP: &str = "authenticate";
        let request = HttpRequest::new(OP, Method::GET, self.http.url("v1.0"));
        let resp = self.http.send(request).await?;
        let answer = parse_login_answer(resp.status, &resp.headers)
            .map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        let endpoint = Endpoint::discovered(answer.servers_url, self.http.endpoint())
            .map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        *self.latest.lock().unwrap_or_else(|p| p.into_inner()) = Some(endpoint);
        Ok(AccessToken::valid_for(
            answer.token,
            SystemTime::now(),
            TOKEN_LIFETIME,
        ))
    }
}

/// Puts the user name and API key in `X-Auth-User` and `X-Auth-Key`, both marked
/// sensitive.
#[derive(Clone)]
struct KeyHeaders {
    user: HeaderValue,
    key: HeaderValue,
}

impl KeyHeaders {
    fn new(user: &Secret, key: &Secret) -> Result<Self> {
        let sensitive = |secret: &Secret, what: &str| {
            let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    format!("the {what} holds characters not allowed in an HTTP header"),
                )
                .with_provider(PROVIDER_ID)
            })?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        Ok(KeyHeaders {
            user: sensitive(user, "user name")?,
            key: sensitive(key, "API key")?,
        })
    }
}

impl std::fmt::Debug for KeyHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyHeaders([redacted])")
    }
}

#[async_trait]
impl Signer for KeyHeaders {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        request
            .headers_mut()
            .insert("x-auth-user", self.user.clone());
        request.headers_mut().insert("x-auth-key", self.key.clone());
        Ok(())
    }
}

/// A refused login is one `InvalidCredentials` error that names neither the user name
/// nor the key; other failures are read from their status.
#[derive(Debug, Clone, Copy)]
struct LoginErrorParser;

impl ErrorParser for LoginErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Error::new(
                ErrorKind::InvalidCredentials,
                "Rackspace refused the user name and API key (v1.0 authentication); check \
                 RACKSPACE_USERNAME and RACKSPACE_API_KEY or the profile's credentials",
            ),
            _ => StatusErrorParser.parse(status, headers, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_key_headers_are_sensitive_and_hidden() {
        let signer = KeyHeaders::new(&Secret::new("bob"), &Secret::new("k3y-hidden-77")).unwrap();
        let mut request =
            OutgoingRequest::new(Method::GET, "http://127.0.0.1/v1.0".parse().unwrap());
        signer.sign(&mut request).await.unwrap();
        let key = request.headers().get("x-auth-key").unwrap();
        assert_eq!(key, "k3y-hidden-77");
        assert!(key.is_sensitive());
        assert!(request.headers().get("x-auth-user").unwrap().is_sensitive());
        assert!(!format!("{signer:?}").contains("k3y"));
        let err = KeyHeaders::new(&Secret::new("bob"), &Secret::new("line\nbreak")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(!err.to_string().contains("break"), "{err}");
    }

    #[test]
    fn a_refused_login_is_invalid_credentials() {
        let err =
            cloud_test::errors::parse_answer(&LoginErrorParser, 401, b"Bad username or password");
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.message().contains("refused"), "{err}");
        let err = cloud_test::errors::parse_answer(&LoginErrorParser, 503, b"down");
        assert!(err.is_retryable());
    }
}
