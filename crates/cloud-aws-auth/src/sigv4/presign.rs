//! Query-string signing: a URL that carries its own signature.

use std::time::{Duration, SystemTime};

use cloud_core::http::Method;
use cloud_core::http::header::HOST;
use cloud_core::http::{HeaderMap, HeaderValue};
use cloud_core::{Error, Result};
use url::Url;

use super::SigningOptions;
use super::canonical::{PayloadHash, SignableRequest};
use super::encode::{canonical_query, uri_encode};
use super::signer::host_header;
use super::signing::{ALGORITHM, SigningScope, amz_date, sign};
use crate::Credentials;

/// The longest validity SigV4 allows a presigned URL: seven days.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// Presigns `url` for `method`: returns it with `X-Amz-Algorithm`, `X-Amz-Credential`,
/// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders=host`, `X-Amz-Security-Token`
/// (when the credentials have a session token) and `X-Amz-Signature` added to its
/// query. The payload is `UNSIGNED-PAYLOAD`, as S3 expects; the path follows
/// [`SigningOptions::for_service`].
///
/// `expires_in` must be between one second and seven days. The URL's own query
/// parameters are kept and signed; any `X-Amz-*` authentication parameters already in
/// it are an error.
pub fn presign_url(
    method: &Method,
    url: &Url,
    region: &str,
    service: &str,
    credentials: &Credentials,
    expires_in: Duration,
    now: SystemTime,
) -> Result<Url> {
    let seconds = expires_in.as_secs();
    if seconds == 0 || expires_in > MAX_PRESIGN_EXPIRY {
        return Err(Error::invalid_input(format!(
            "a presigned URL must expire between 1 second and 7 days; {expires_in:?} asked"
        )));
    }
    if url.query_pairs().any(|(k, _)| is_auth_param(&k)) {
        return Err(Error::invalid_input(
            "the URL already carries X-Amz-* signing parameters",
        ));
    }
    let scope = SigningScope {
        region,
        service,
        time: now,
    };
    let credential = format!(
        "{}/{}",
        credentials.access_key_id(),
        scope.credential_scope()
    );
    let mut params = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_string()),
        ("X-Amz-Credential", credential),
        ("X-Amz-Date", amz_date(now)),
        ("X-Amz-Expires", seconds.to_string()),
        ("X-Amz-SignedHeaders", "host".to_string()),
    ];
    if let Some(token) = credentials.session_token() {
        params.push(("X-Amz-Security-Token", token.expose().to_string()));
    }
    let mut signed = url.clone();
    let mut query = url.query().unwrap_or("").to_string();
    for (name, value) in &params {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(name);
        query.push('=');
        query.push_str(&uri_encode(value.as_bytes()));
    }
    signed.set_query(Some(&query));
    let canonical = canonical_query(&signed);
    signed.set_query(Some(&canonical));

    let mut headers = HeaderMap::new();
    let host = host_header(url)?;
    headers.insert(
        HOST,
        HeaderValue::from_str(&host)
            .map_err(|_| Error::invalid_input(format!("host {host:?} cannot be signed")))?,
    );
    let request = SignableRequest {
        method,
        url: &signed,
        headers: &headers,
        payload: PayloadHash::UnsignedPayload,
    };
    let output = sign(
        &request,
        credentials,
        &scope,
        &SigningOptions::for_service(service),
    )?;
    signed.set_query(Some(&format!(
        "{canonical}&X-Amz-Signature={}",
        output.signature
    )));
    Ok(signed)
}

fn is_auth_param(name: &str) -> bool {
    [
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-expires",
        "x-amz-signedheaders",
        "x-amz-security-token",
        "x-amz-signature",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(name))
}
