//! The v1.0 login every session starts with: `GET {auth}/v1.0` with the user name and
//! API key in headers, answered with a token and the account's Cloud Servers endpoint.
//! [`Identity`] keeps the token (logging in again before it expires and after a 401) and
//! the endpoint of the latest login.

mod answer;
mod login;

use std::sync::Arc;
use std::time::Duration;

use cloud_core::Result;
use cloud_core::auth::{TokenCache, TokenSigner, TokenSource};
use cloud_core::http::Endpoint;

pub use answer::{LoginAnswer, parse_login_answer};
pub(crate) use login::V1Login;

/// How long before a token's 24 hours are up it is replaced.
const REFRESH_AHEAD: Duration = Duration::from_secs(10 * 60);

/// A session's identity: the token cache the Cloud Servers client signs with, and the
/// endpoint the latest login named. Nothing is sent until the first call.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    login: Arc<V1Login>,
    cache: TokenCache,
}

impl Identity {
    /// The identity of a login.
    pub(crate) fn new(login: V1Login) -> Self {
        let login = Arc::new(login);
        let source: Arc<dyn TokenSource> = login.clone();
        Identity {
            login,
            cache: TokenCache::new(source).with_refresh_ahead(REFRESH_AHEAD),
        }
    }

    /// The signer of Cloud Servers requests: the token in `X-Auth-Token`, replaced
    /// once when the server answers 401.
    pub(crate) fn signer(&self) -> TokenSigner {
        TokenSigner::header(self.cache.clone(), "x-auth-token")
    }

    /// The Cloud Servers endpoint of the account (`X-Server-Management-Url`), logging in
    /// first when no login has happened yet.
    pub(crate) async fn servers_endpoint(&self) -> Result<Endpoint> {
        if let Some(endpoint) = self.login.latest_endpoint() {
            return Ok(endpoint);
        }
        self.cache.token().await?;
        self.login.latest_endpoint().ok_or_else(|| {
            cloud_core::Error::new(
                cloud_core::ErrorKind::Provider,
                "the login gave no Cloud Servers endpoint",
            )
        })
    }
}
