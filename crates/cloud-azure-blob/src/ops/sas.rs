//! Signed URLs for `storage url`: a service SAS signed with the account key, or, with
//! Azure AD credentials, a user delegation SAS signed with a key from `Get User
//! Delegation Key`. A download URL grants read; an upload URL grants create and write,
//! and is answered with the `x-ms-blob-type: BlockBlob` header its `Put Blob` must send.

use std::time::Duration;

use chrono::{DateTime, Utc};
use cloud_core::http::Method;
use cloud_core::storage::{SignedMethod, SignedUrl, SignedUrlRequest};
use cloud_core::{Error, ErrorKind, Result};

use super::{BLOB_TYPE, BLOCK_BLOB, ctx, validate_container, validate_key};
use crate::client::{request, with_query};
use crate::settings::Credentials;
use crate::sign::{BlobSas, sas_time};
use crate::{AzureBlobStorage, PROVIDER_ID, model};

const SIGN: &str = "signed_url";
const DELEGATION: &str = "Get User Delegation Key";

/// Longest life of a user delegation SAS: its key lives at most seven days.
const MAX_DELEGATION: Duration = Duration::from_secs(7 * 24 * 3600);

/// How far back a user delegation key starts, for clocks slightly ahead of the
/// service's.
const KEY_START_SKEW: Duration = Duration::from_secs(300);

/// The SAS permissions (`sp`) a URL for `method` needs: read to download; create and
/// write to upload a new blob or replace one.
fn permissions(method: SignedMethod) -> &'static str {
    match method {
        SignedMethod::Get => "r",
        SignedMethod::Put => "cw",
    }
}

impl AzureBlobStorage {
    /// A URL that reads (GET) or writes (PUT) `container/key` until
    /// `request.expires_in` has passed.
    pub(crate) async fn sign_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        ctx(
            validate_container(container).and_then(|()| validate_key(key)),
            SIGN,
        )?;
        if request.expires_in.is_zero() {
            return Err(Error::invalid_input(
                "a signed URL must live longer than 0 s",
            ));
        }
        let now: DateTime<Utc> = self.clock.now().into();
        let expiry = now
            + chrono::Duration::from_std(request.expires_in)
                .map_err(|_| Error::invalid_input("the signed URL's lifetime is too long"))?;
        let permissions = permissions(request.method);
        let base = self.client.blob_url(container, key);
        let protocol = (base.scheme() == "https").then_some("https");
        let query = match &self.settings.credentials {
            Credentials::SharedKey {
                account,
                key: secret,
            } => {
                let sas = BlobSas {
                    account,
                    container,
                    blob: key,
                    permissions,
                    start: None,
                    expiry,
                    protocol,
                };
                ctx(sas.service_query(secret), SIGN)?
            }
            Credentials::AzureAd(_) | Credentials::Token => {
                if request.expires_in > MAX_DELEGATION {
                    return Err(Error::invalid_input(
                        "a user delegation SAS lives at most 7 days",
                    ));
                }
                let account = self.account_name().ok_or_else(|| {
                    Error::new(
                        ErrorKind::Configuration,
                        "a user delegation SAS needs the account name (option account)",
                    )
                })?;
                let start = now - chrono::Duration::from_std(KEY_START_SKEW).unwrap_or_default();
                let delegation = self.user_delegation_key(start, expiry).await?;
                let sas = BlobSas {
                    account: &account,
                    container,
                    blob: key,
                    permissions,
                    start: None,
                    expiry,
                    protocol,
                };
                ctx(sas.delegation_query(&delegation), SIGN)?
            }
            Credentials::Sas(_) => {
                return Err(Error::unsupported(
                    PROVIDER_ID,
                    "signed_url with a SAS token (it needs an account key or Azure AD)",
                ));
            }
            Credentials::Unusable(why) => {
                return Err(Error::new(ErrorKind::InvalidCredentials, why.clone())
                    .in_context(PROVIDER_ID, SIGN));
            }
        };
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let signed = SignedUrl::new(with_query(base, &pairs), request.method);
        Ok(match request.method {
            SignedMethod::Get => signed,
            SignedMethod::Put => signed.with_header(BLOB_TYPE, BLOCK_BLOB),
        })
    }

    /// `Get User Delegation Key` for `start..expiry`.
    async fn user_delegation_key(
        &self,
        start: DateTime<Utc>,
        expiry: DateTime<Utc>,
    ) -> Result<crate::sign::UserDelegationKey> {
        let url = with_query(
            self.client.service_url(),
            &[("restype", "service"), ("comp", "userdelegationkey")],
        );
        let body = model::key_info_xml(&sas_time(start), &sas_time(expiry));
        let req = request(DELEGATION, Method::POST, url)
            .header("content-type", "application/xml")
            .body(body)
            .idempotent(true);
        let resp = self.client.send(req).await?;
        ctx(model::user_delegation_key(&resp.body), DELEGATION)
    }
}
