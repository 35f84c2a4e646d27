//! The client assertion a certificate credential sends in place of a secret: a JWT
//! signed RS256 with the certificate's key, header `{"alg":"RS256","typ":"JWT","x5t":…}`,
//! claims `aud` (the token endpoint), `iss` and `sub` (the client id), `jti`, `nbf`,
//! `iat`, `exp`.

use cloud_core::auth::jwt::compact_jwt;
use cloud_core::{Result, Secret};
use serde_json::json;

use crate::certificate::ClientCertificate;

/// How long an assertion is valid, in seconds: long enough for one token request.
pub const ASSERTION_LIFETIME_SECS: u64 = 600;

/// The signed assertion of application `client_id` for `token_endpoint`, issued at
/// `now` (Unix seconds), with the unique id `jti`.
pub fn client_assertion(
    certificate: &ClientCertificate,
    client_id: &str,
    token_endpoint: &str,
    now: u64,
    jti: &str,
) -> Result<Secret> {
    let header = json!({"alg": "RS256", "typ": "JWT", "x5t": certificate.x5t()});
    let claims = json!({
        "aud": token_endpoint,
        "iss": client_id,
        "sub": client_id,
        "jti": jti,
        "nbf": now,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECS,
    });
    compact_jwt(&header, &claims, |input| certificate.sign(input))
}
