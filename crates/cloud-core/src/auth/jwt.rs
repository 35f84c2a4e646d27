//! Compact JWTs signed by the caller (RFC 7515 and 7519): the signed assertions OAuth2
//! token endpoints take in place of a password (Google service accounts' JWT grant,
//! Azure AD's client assertions, RFC 7523).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::{Result, Secret};

/// `bytes` in unpadded base64url, the encoding of every JWT part.
pub fn base64url(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The compact JWT `header.claims.signature`: the base64url JSON of `header` and
/// `claims`, signed by `sign` (which gets the `header.claims` signing input and
/// returns the raw signature, RSASSA-PKCS1-v1_5 SHA-256 for `"alg":"RS256"`). The
/// result is a [`Secret`]: whoever holds it can use it until it expires.
pub fn compact_jwt(
    header: &Value,
    claims: &Value,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>>,
) -> Result<Secret> {
    let signing_input = format!(
        "{}.{}",
        base64url(header.to_string()),
        base64url(claims.to_string())
    );
    let signature = sign(signing_input.as_bytes())?;
    Ok(Secret::new(format!(
        "{signing_input}.{}",
        base64url(signature)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_parts_are_base64url_json_and_the_signature_covers_the_first_two() {
        let jwt = compact_jwt(
            &json!({"alg": "RS256", "typ": "JWT"}),
            &json!({"iss": "a?b>", "exp": 2}),
            |input| {
                assert_eq!(input.iter().filter(|b| **b == b'.').count(), 1);
                Ok(vec![0xfb, 0xff, 0x01])
            },
        )
        .unwrap();
        let parts: Vec<&str> = jwt.expose().split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], "a?b>");
        assert_eq!(parts[2], "-_8B");
        assert!(!jwt.expose().contains('='));
    }

    #[test]
    fn a_signing_failure_is_returned() {
        let e = compact_jwt(&json!({}), &json!({}), |_| {
            Err(crate::Error::new(
                crate::ErrorKind::InvalidCredentials,
                "no",
            ))
        })
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidCredentials);
    }
}
