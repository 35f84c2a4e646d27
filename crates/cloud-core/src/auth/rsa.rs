//! An RSA private key that signs with RSASSA-PKCS1-v1_5 and SHA-256 (RS256): the
//! signature of OAuth2 JWT assertions (Google service accounts, Azure AD client
//! certificates) and of signed URLs.

use std::fmt;
use std::sync::Arc;

use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

use super::pem::{KeyFormat, private_key_der};
use crate::{Error, ErrorKind, Result};

/// An RSA private key. `Debug` shows its size only. Cheap to clone.
#[derive(Clone)]
pub struct RsaSigningKey {
    key: Arc<RsaKeyPair>,
}

impl fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("bits", &(self.key.public().modulus_len() * 8))
            .finish_non_exhaustive()
    }
}

impl RsaSigningKey {
    /// The first private key of `pem` (unencrypted PKCS#8 or PKCS#1). A key that is not
    /// a usable RSA key is a `Configuration` error that does not quote it.
    pub fn from_pem(pem: &str) -> Result<Self> {
        let (format, der) = private_key_der(pem)?;
        let key = match format {
            KeyFormat::Pkcs8 => RsaKeyPair::from_pkcs8(&der),
            KeyFormat::Pkcs1 => RsaKeyPair::from_der(&der),
        }
        .map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!("the private key is not a usable RSA private key ({e})"),
            )
        })?;
        Ok(RsaSigningKey { key: Arc::new(key) })
    }

    /// The RS256 signature of `data`.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        let mut signature = vec![0; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                data,
                &mut signature,
            )
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidCredentials,
                    "signing with the RSA key failed",
                )
            })?;
        Ok(signature)
    }

    /// The public key's DER (`RSAPublicKey`, PKCS#1), to compare with a certificate's.
    pub fn public_key_der(&self) -> &[u8] {
        self.key.public().as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_configuration_error_that_does_not_quote_the_key() {
        let pem =
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";
        let err = RsaSigningKey::from_pem(pem).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
        assert!(!err.message().contains("c2VjcmV0"), "{err}");
        assert!(RsaSigningKey::from_pem("no pem here").is_err());
    }
}
