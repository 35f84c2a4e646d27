//! The sans-IO heart of SigV4: canonical request → string to sign → signature.

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use cloud_core::{Error, Result};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::SigningOptions;
use super::canonical::{SignableRequest, canonical_request};
use crate::Credentials;

/// The algorithm name SigV4 puts in front of every signature.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Where and when a signature is valid: the credential scope.
#[derive(Debug, Clone, Copy)]
pub struct SigningScope<'a> {
    /// Region, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name of the service, e.g. `ec2`, `s3`.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

impl SigningScope<'_> {
    /// `YYYYMMDD/region/service/aws4_request`.
    pub fn credential_scope(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            date_stamp(self.time),
            self.region,
            self.service
        )
    }

    fn validate(&self) -> Result<()> {
        for (what, value) in [("region", self.region), ("service", self.service)] {
            let ok = !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if !ok {
                return Err(Error::invalid_input(format!(
                    "signing {what} {value:?} is empty or has characters outside [A-Za-z0-9._-]"
                )));
            }
        }
        Ok(())
    }
}

/// Everything signing produced, intermediate strings included.
#[derive(Clone)]
pub struct SigningOutput {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signed header names, `;`-separated.
    pub signed_headers: String,
    /// The signature, lower-case hex.
    pub signature: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
    /// The signing time as `YYYYMMDDTHHMMSSZ` (the `x-amz-date` value).
    pub amz_date: String,
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("canonical_request", &self.canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signed_headers", &self.signed_headers)
            .field("signature", &"[redacted]")
            .field("authorization", &"[redacted]")
            .field("amz_date", &self.amz_date)
            .finish()
    }
}

/// Signs `request`: builds the canonical request, the string to sign, the signature and
/// the `Authorization` header value. Reads nothing but its arguments.
pub fn sign(
    request: &SignableRequest<'_>,
    credentials: &Credentials,
    scope: &SigningScope<'_>,
    options: &SigningOptions,
) -> Result<SigningOutput> {
    scope.validate()?;
    let amz_date = amz_date(scope.time);
    if let Some(given) = request.headers.get("x-amz-date")
        && given.as_bytes() != amz_date.as_bytes()
    {
        return Err(Error::invalid_input(format!(
            "x-amz-date header {given:?} does not match the signing time {amz_date}"
        )));
    }
    let creq = canonical_request(request, options)?;
    let string_to_sign = string_to_sign(&amz_date, &scope.credential_scope(), &creq.text);
    let signature = signature(credentials, scope, &string_to_sign);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={}, Signature={}",
        credentials.access_key_id(),
        scope.credential_scope(),
        creq.signed_headers,
        signature
    );
    Ok(SigningOutput {
        canonical_request: creq.text,
        string_to_sign,
        signed_headers: creq.signed_headers,
        signature,
        authorization,
        amz_date,
    })
}

/// `ALGORITHM \n amz-date \n scope \n hex(sha256(canonical request))`.
pub(crate) fn string_to_sign(amz_date: &str, credential_scope: &str, creq: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{credential_scope}\n{}",
        hex::encode(Sha256::digest(creq.as_bytes()))
    )
}

/// The hex signature of `string_to_sign` under the key derived for `scope`.
pub(crate) fn signature(
    credentials: &Credentials,
    scope: &SigningScope<'_>,
    string_to_sign: &str,
) -> String {
    let secret = format!("AWS4{}", credentials.secret_access_key().expose());
    let k_date = hmac(secret.as_bytes(), date_stamp(scope.time).as_bytes());
    let k_region = hmac(&k_date, scope.region.as_bytes());
    let k_service = hmac(&k_region, scope.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this never fails.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The time as `YYYYMMDDTHHMMSSZ`, the `x-amz-date` format.
pub fn amz_date(time: SystemTime) -> String {
    DateTime::<Utc>::from(time)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// The date as `YYYYMMDD`, the credential scope format.
fn date_stamp(time: SystemTime) -> String {
    DateTime::<Utc>::from(time).format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn date_formats() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        assert_eq!(amz_date(t), "20150830T123600Z");
        assert_eq!(date_stamp(t), "20150830");
    }

    #[test]
    fn derived_key_matches_the_documented_example() {
        // The signing-key example of the SigV4 documentation: secret
        // wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
        let secret = b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let k = hmac(secret, b"20120215");
        let k = hmac(&k, b"us-east-1");
        let k = hmac(&k, b"iam");
        let k = hmac(&k, b"aws4_request");
        assert_eq!(
            hex::encode(k),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn scope_rejects_odd_region_or_service() {
        let t = SystemTime::UNIX_EPOCH;
        for (region, service) in [("", "ec2"), ("us east", "ec2"), ("us-east-1", "ec2/x")] {
            let scope = SigningScope {
                region,
                service,
                time: t,
            };
            assert!(scope.validate().is_err(), "{region:?} {service:?}");
        }
    }
}
