//! Request authorisation: Shared Key signatures, SAS tokens and Azure AD bearer tokens
//! behind one [`Signer`], and the shared access signatures of signed URLs.

mod sas;
mod shared_key;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::auth::TokenSigner;
use cloud_core::http::{HeaderValue, OutgoingRequest, Signer};
use cloud_core::{Clock, Error, ErrorKind, Result, Secret};

pub use sas::{BlobSas, UserDelegationKey, sas_time};
pub use shared_key::{authorization, signature, string_to_sign};

use crate::PROVIDER_ID;

/// How [`AzureSigner`] authorises.
#[derive(Debug, Clone)]
pub(crate) enum Scheme {
    /// Shared Key with the account's key.
    SharedKey {
        /// The account name.
        account: String,
        /// The base64 key.
        key: Secret,
    },
    /// A SAS token appended to the query.
    Sas(Secret),
    /// Azure AD bearer tokens.
    Bearer(TokenSigner),
    /// Nothing usable: every request fails with this message.
    Unusable(String),
}

/// Adds `x-ms-date` (fresh for every attempt) and the credentials to each request.
#[derive(Debug, Clone)]
pub(crate) struct AzureSigner {
    scheme: Scheme,
    clock: Arc<dyn Clock>,
}

impl AzureSigner {
    /// A signer for `scheme`, reading the time from `clock`.
    pub(crate) fn new(scheme: Scheme, clock: Arc<dyn Clock>) -> Self {
        AzureSigner { scheme, clock }
    }
}

#[async_trait]
impl Signer for AzureSigner {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        let date = httpdate::fmt_http_date(self.clock.now());
        let date = HeaderValue::from_str(&date)
            .map_err(|_| Error::new(ErrorKind::Configuration, "cannot format the date"))?;
        request.headers_mut().insert("x-ms-date", date);
        match &self.scheme {
            Scheme::SharedKey { account, key } => {
                let value = authorization(request, account, key)?;
                let mut value = HeaderValue::from_str(&value).map_err(|_| {
                    Error::new(
                        ErrorKind::InvalidCredentials,
                        "the storage account name holds characters not allowed in a header",
                    )
                })?;
                value.set_sensitive(true);
                request
                    .headers_mut()
                    .insert(cloud_core::http::header::AUTHORIZATION, value);
                Ok(())
            }
            Scheme::Sas(token) => {
                let url = request.url_mut();
                let query = match url.query().filter(|q| !q.is_empty()) {
                    Some(q) => format!("{q}&{}", token.expose()),
                    None => token.expose().to_string(),
                };
                url.set_query(Some(&query));
                Ok(())
            }
            Scheme::Bearer(signer) => signer.sign(request).await,
            Scheme::Unusable(why) => {
                Err(Error::new(ErrorKind::InvalidCredentials, why.clone())
                    .with_provider(PROVIDER_ID))
            }
        }
    }

    async fn refresh_after_unauthorized(&self, rejected: &OutgoingRequest) -> Result<bool> {
        match &self.scheme {
            Scheme::Bearer(signer) => signer.refresh_after_unauthorized(rejected).await,
            _ => Ok(false),
        }
    }
}
