//! The signed JWT a service account exchanges for an access token (RFC 7523): header
//! `{"alg":"RS256","typ":"JWT","kid":…}`, claims `iss`, `scope`, `aud`, `iat`, `exp`.

use cloud_core::auth::jwt::compact_jwt;
use cloud_core::{Result, Secret};
use serde_json::json;

use crate::rsa_key::ServiceAccountSigner;

/// How long the JWT is valid, in seconds: Google accepts at most an hour.
pub const JWT_LIFETIME_SECS: u64 = 3600;

/// The grant type of the JWT exchange.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The compact JWT `header.claims.signature`, issued at `iat` (Unix seconds) for
/// `scopes` and audience `token_uri`, signed RS256 by `signer`.
pub fn assertion(
    signer: &ServiceAccountSigner,
    scopes: &[&str],
    token_uri: &str,
    iat: u64,
) -> Result<Secret> {
    let mut header = json!({"alg": "RS256", "typ": "JWT"});
    if let Some(kid) = signer.key_id() {
        header["kid"] = json!(kid);
    }
    let claims = json!({
        "iss": crate::UrlSigner::client_email(signer),
        "scope": scopes.join(" "),
        "aud": token_uri,
        "iat": iat,
        "exp": iat + JWT_LIFETIME_SECS,
    });
    compact_jwt(&header, &claims, |input| signer.sign(input))
}
