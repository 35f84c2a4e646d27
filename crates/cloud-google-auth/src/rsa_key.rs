//! A service account's RSA key: signs token request JWTs and V4 signed URLs.

use std::fmt;

use cloud_core::auth::rsa::RsaSigningKey;
use cloud_core::{Error, Result, Secret};

use crate::UrlSigner;

/// A service account's address and private key. `Debug` shows the address and key id
/// only. Cheap to clone.
#[derive(Clone)]
pub struct ServiceAccountSigner {
    client_email: String,
    key_id: Option<String>,
    key: RsaSigningKey,
}

impl fmt::Debug for ServiceAccountSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountSigner")
            .field("client_email", &self.client_email)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl ServiceAccountSigner {
    /// The signer of `client_email` with the PEM `private_key` (PKCS#8 as in Google's
    /// key files, or PKCS#1). A key that is not a usable RSA key is a `Configuration`
    /// error that does not quote it.
    pub fn from_pem(
        client_email: impl Into<String>,
        key_id: Option<String>,
        private_key: &Secret,
    ) -> Result<Self> {
        let key = RsaSigningKey::from_pem(private_key.expose())
            .map_err(|e| Error::new(e.kind(), format!("the private_key: {}", e.message())))?;
        Ok(ServiceAccountSigner {
            client_email: client_email.into(),
            key_id,
            key,
        })
    }

    /// The key's id (`private_key_id`), when the key file names it.
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.key.sign(data).map_err(|e| {
            Error::new(
                e.kind(),
                format!("signing with the key of {} failed", self.client_email),
            )
        })
    }
}

impl UrlSigner for ServiceAccountSigner {
    fn client_email(&self) -> &str {
        &self.client_email
    }

    fn sign_rsa_sha256(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.sign(data)
    }
}
