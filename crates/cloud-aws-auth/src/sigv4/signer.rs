//! SigV4 for the HTTP pipeline: signs an [`OutgoingRequest`] in place.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::http::header::{AUTHORIZATION, HOST};
use cloud_core::http::{HeaderName, HeaderValue, OutgoingRequest, Payload, Signer};
use cloud_core::{Clock, Error, ErrorKind, Result, SystemClock};
use sha2::{Digest, Sha256};
use url::Url;

use super::SigningOptions;
use super::canonical::{PayloadHash, SignableRequest, UNSIGNED_PAYLOAD};
use super::encode::canonical_query;
use super::signing::{SigningOutput, SigningScope, sign};
use crate::{Credentials, CredentialsProvider};

const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-amz-security-token");
const X_AMZ_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");

/// Signs requests with AWS Signature Version 4, fetching credentials from a provider
/// before every request (so refreshed credentials are picked up).
///
/// It edits only the request's parts: it adds `host`, `x-amz-date`,
/// `x-amz-security-token` (when the credentials have a session token),
/// `x-amz-content-sha256` (S3, or when the caller set one) and `authorization`, and
/// rewrites the query string into its canonical order and encoding so the server sees
/// exactly what was signed.
///
/// The payload hash is that of the in-memory body. For a streamed body it is the
/// `x-amz-content-sha256` value the caller set, else `UNSIGNED-PAYLOAD` for S3; other
/// services cannot sign a streamed body without that header.
#[derive(Debug, Clone)]
pub struct SigV4Signer {
    credentials: Arc<dyn CredentialsProvider>,
    region: String,
    service: String,
    options: SigningOptions,
    clock: Arc<dyn Clock>,
}

impl SigV4Signer {
    /// A signer for `service` (the signing name, e.g. `ec2`, `s3`) in `region`, with
    /// the options [`SigningOptions::for_service`] picks and the system clock.
    pub fn new(
        credentials: Arc<dyn CredentialsProvider>,
        region: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        let service = service.into();
        SigV4Signer {
            credentials,
            region: region.into(),
            options: SigningOptions::for_service(&service),
            service,
            clock: Arc::new(SystemClock),
        }
    }

    /// The same signer with other options.
    pub fn with_options(mut self, options: SigningOptions) -> Self {
        self.options = options;
        self
    }

    /// The same signer reading time from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The region signatures are scoped to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The service signing name.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The options in force.
    pub fn options(&self) -> SigningOptions {
        self.options
    }

    /// Signs `request` in place with the given credentials at the clock's time, and
    /// returns what signing produced.
    pub fn sign_with(
        &self,
        request: &mut OutgoingRequest,
        credentials: &Credentials,
    ) -> Result<SigningOutput> {
        let time = self.clock.now();
        let payload = self.payload_hash(request)?;
        let headers = request.headers_mut();
        headers.remove(AUTHORIZATION);
        headers.remove(X_AMZ_SECURITY_TOKEN);
        let amz_date = super::amz_date(time);
        headers.insert(X_AMZ_DATE, header_value(&amz_date, "x-amz-date")?);
        if let Some(token) = credentials.session_token() {
            let value = HeaderValue::from_str(token.expose()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    "the session token has characters a header cannot carry",
                )
            })?;
            headers.insert(X_AMZ_SECURITY_TOKEN, value);
        }
        if self.options.content_sha256_header {
            headers.insert(
                X_AMZ_CONTENT_SHA256,
                header_value(&payload, "x-amz-content-sha256")?,
            );
        }
        let host = host_header(request.url())?;
        request
            .headers_mut()
            .insert(HOST, header_value(&host, "host")?);
        canonicalize_query(request.url_mut());

        let scope = SigningScope {
            region: &self.region,
            service: &self.service,
            time,
        };
        let signable = SignableRequest {
            method: request.method(),
            url: request.url(),
            headers: request.headers(),
            payload: PayloadHash::Precomputed(&payload),
        };
        let output = sign(&signable, credentials, &scope, &self.options)?;
        let mut auth = header_value(&output.authorization, "authorization")?;
        auth.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, auth);
        Ok(output)
    }

    /// The payload hash for the request's body, per the rules in the type's docs.
    fn payload_hash(&self, request: &OutgoingRequest) -> Result<String> {
        let preset = request
            .headers()
            .get(&X_AMZ_CONTENT_SHA256)
            .map(|v| {
                v.to_str().map(str::to_string).map_err(|_| {
                    Error::invalid_input("x-amz-content-sha256 header is not visible ASCII")
                })
            })
            .transpose()?;
        if let Some(value) = preset {
            return PayloadHash::Precomputed(&value).value();
        }
        match request.payload() {
            Payload::Empty => Ok(hex::encode(Sha256::digest(b""))),
            Payload::Bytes(bytes) => Ok(hex::encode(Sha256::digest(bytes))),
            Payload::Streamed if self.options.content_sha256_header => {
                Ok(UNSIGNED_PAYLOAD.to_string())
            }
            Payload::Streamed => Err(Error::invalid_input(format!(
                "a streamed body sent to {} needs its SHA-256 in an \
                 x-amz-content-sha256 header to be signed",
                self.service
            ))),
        }
    }
}

#[async_trait]
impl Signer for SigV4Signer {
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()> {
        let credentials = self.credentials.credentials().await?;
        self.sign_with(request, &credentials).map(|_| ())
    }
}

fn header_value(value: &str, name: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::invalid_input(format!("cannot build the {name} header")))
}

/// The `host` header value for `url`: the host, with the port when it is not the
/// scheme's default.
pub(crate) fn host_header(url: &Url) -> Result<String> {
    let host = url
        .host_str()
        .ok_or_else(|| Error::invalid_input(format!("URL {url} has no host to sign")))?;
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// Rewrites the URL's query into its canonical form (sorted, SigV4-encoded).
fn canonicalize_query(url: &mut Url) {
    if url.query().is_some() {
        let canonical = canonical_query(url);
        url.set_query((!canonical.is_empty()).then_some(canonical.as_str()));
    }
}
