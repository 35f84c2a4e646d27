//! V4 signed URLs (`GOOG4-RSA-SHA256`), following Google's "V4 signing process":
//! a canonical request (method, path, sorted query, `host` header, `UNSIGNED-PAYLOAD`),
//! its SHA-256 in a string to sign with the credential scope, signed with the service
//! account's RSA key (`UrlSigner`), the hex signature appended as `X-Goog-Signature`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use cloud_core::storage::{SignedMethod, SignedUrlRequest};
use cloud_core::{Error, ErrorKind, Result};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};
use url::Url;

use crate::ops::{query_value, validate_bucket, validate_key};
use crate::{GcsStorage, PROVIDER_ID};

/// The longest a V4 signed URL may stay valid: seven days.
pub const MAX_SIGNED_URL_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

const ALGORITHM: &str = "GOOG4-RSA-SHA256";

/// A path: everything but unreserved characters and `/` encoded.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The parts of a V4 signed URL before it is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsigned {
    /// `GET` or `PUT`.
    pub method: &'static str,
    /// `host` or `host:port`, as in the URL.
    pub host: String,
    /// `/bucket/object`, encoded.
    pub path: String,
    /// The canonical query string (sorted, encoded), without the signature.
    pub query: String,
    /// `YYYYMMDD/auto/storage/goog4_request`.
    pub scope: String,
    /// `YYYYMMDDTHHMMSSZ`.
    pub timestamp: String,
}

impl Unsigned {
    /// Builds the parts for `email` at `now`.
    pub fn new(
        method: SignedMethod,
        host: &str,
        bucket: &str,
        key: &str,
        email: &str,
        now: DateTime<Utc>,
        expires_in: Duration,
    ) -> Unsigned {
        let timestamp = now.format("%Y%m%dT%H%M%SZ").to_string();
        let scope = format!("{}/auto/storage/goog4_request", now.format("%Y%m%d"));
        let credential = format!("{email}/{scope}");
        let expires = expires_in.as_secs().to_string();
        let mut pairs = [
            ("X-Goog-Algorithm", ALGORITHM),
            ("X-Goog-Credential", credential.as_str()),
            ("X-Goog-Date", timestamp.as_str()),
            ("X-Goog-Expires", expires.as_str()),
            ("X-Goog-SignedHeaders", "host"),
        ];
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", query_value(k), query_value(v)))
            .collect::<Vec<_>>()
            .join("&");
        Unsigned {
            method: match method {
                SignedMethod::Get => "GET",
                SignedMethod::Put => "PUT",
            },
            host: host.to_string(),
            path: format!(
                "/{}/{}",
                utf8_percent_encode(bucket, PATH),
                utf8_percent_encode(key, PATH)
            ),
            query,
            scope,
            timestamp,
        }
    }

    /// The canonical request.
    pub fn canonical_request(&self) -> String {
        format!(
            "{}\n{}\n{}\nhost:{}\n\nhost\nUNSIGNED-PAYLOAD",
            self.method, self.path, self.query, self.host
        )
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> String {
        let hash = hex::encode(Sha256::digest(self.canonical_request().as_bytes()));
        format!("{ALGORITHM}\n{}\n{}\n{hash}", self.timestamp, self.scope)
    }
}

impl GcsStorage {
    /// A V4 signed URL for one object; `Unsupported` without a service-account key.
    pub(crate) fn sign_url(
        &self,
        bucket: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<Url> {
        const OP: &str = "signed_url";
        let checked = validate_bucket(bucket).and_then(|()| validate_key(key));
        checked.map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        let Some(signer) = &self.url_signer else {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "signed URLs need a service-account key (a JSON key file in \
                 GOOGLE_APPLICATION_CREDENTIALS or the `credentials_file` option); the \
                 credentials in use cannot sign",
            )
            .in_context(PROVIDER_ID, OP));
        };
        let lifetime = request.expires_in;
        if lifetime.is_zero() || lifetime > MAX_SIGNED_URL_LIFETIME {
            return Err(Error::invalid_input(format!(
                "a signed URL lives from 1 second to 7 days, not {}s",
                lifetime.as_secs()
            ))
            .in_context(PROVIDER_ID, OP));
        }
        let base = &self.settings.endpoint;
        let host = match (base.host_str(), base.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => {
                return Err(
                    Error::new(ErrorKind::Configuration, "the endpoint has no host")
                        .in_context(PROVIDER_ID, OP),
                );
            }
        };
        let now: DateTime<Utc> = self.clock.now().into();
        let unsigned = Unsigned::new(
            request.method,
            &host,
            bucket,
            key,
            signer.client_email(),
            now,
            lifetime,
        );
        let signature = signer
            .sign_rsa_sha256(unsigned.string_to_sign().as_bytes())
            .map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        let text = format!(
            "{}://{host}{}?{}&X-Goog-Signature={}",
            base.scheme(),
            unsigned.path,
            unsigned.query,
            hex::encode(signature)
        );
        Url::parse(&text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("cannot build the signed URL: {e}"),
            )
            .in_context(PROVIDER_ID, OP)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_canonical_request_follows_the_v4_layout() {
        let now = Utc.with_ymd_and_hms(2019, 2, 1, 9, 0, 0).unwrap();
        let u = Unsigned::new(
            SignedMethod::Get,
            "storage.googleapis.com",
            "example-bucket",
            "cat pics/tabby+1.jpeg",
            "example@example-project.iam.gserviceaccount.com",
            now,
            Duration::from_secs(900),
        );
        assert_eq!(
            u.canonical_request(),
            "GET\n/example-bucket/cat%20pics/tabby%2B1.jpeg\n\
             X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=example%40example-project.iam.\
             gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=\
             20190201T090000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host\n\
             host:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD"
        );
        let to_sign = u.string_to_sign();
        let lines: Vec<&str> = to_sign.lines().collect();
        assert_eq!(
            lines[..3],
            [
                "GOOG4-RSA-SHA256",
                "20190201T090000Z",
                "20190201/auto/storage/goog4_request"
            ]
        );
        assert_eq!(lines[3].len(), 64);
    }
}
