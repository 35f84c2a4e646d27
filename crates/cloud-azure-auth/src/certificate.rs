//! A service principal's certificate credential: the PEM file
//! `AZURE_CLIENT_CERTIFICATE_PATH` names, holding the private key and the certificate.
//! The key signs client assertions; the certificate's SHA-1 thumbprint names the key
//! to Azure AD (`x5t`).

use std::fmt;
use std::path::Path;

use cloud_core::auth::jwt::base64url;
use cloud_core::auth::pem::pem_blocks;
use cloud_core::auth::rsa::RsaSigningKey;
use cloud_core::{Error, ErrorKind, Result};
use sha1::{Digest, Sha1};

/// Largest certificate file read.
const MAX_FILE_BYTES: u64 = 256 * 1024;

/// A certificate's RSA private key and the thumbprint of the certificate. `Debug`
/// shows the thumbprint only. Cheap to clone.
#[derive(Clone)]
pub struct ClientCertificate {
    key: RsaSigningKey,
    thumbprint: [u8; 20],
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("x5t", &self.x5t())
            .finish_non_exhaustive()
    }
}

impl ClientCertificate {
    /// The credential in `pem`: an unencrypted RSA private key (PKCS#8 or PKCS#1) and
    /// the certificate whose public key matches it (in either order, with other
    /// certificates of the chain around). `origin` names the file in errors, which
    /// never quote the key.
    pub fn from_pem(pem: &str, origin: &str) -> Result<Self> {
        let in_origin = |e: Error| Error::new(e.kind(), format!("{origin}: {}", e.message()));
        let key = RsaSigningKey::from_pem(pem).map_err(in_origin)?;
        let certificates: Vec<Vec<u8>> = pem_blocks(pem, origin)?
            .into_iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| b.der)
            .collect();
        if certificates.is_empty() {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "{origin} holds no certificate (BEGIN CERTIFICATE): the file must hold \
                     the private key and the certificate registered with the application"
                ),
            ));
        }
        // A certificate's SubjectPublicKeyInfo holds the key's RSAPublicKey DER as is.
        let public_key = key.public_key_der();
        let certificate = certificates
            .iter()
            .find(|der| contains(der, public_key))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Configuration,
                    format!("{origin}: no certificate in the file matches its private key"),
                )
            })?;
        Ok(ClientCertificate {
            key,
            thumbprint: Sha1::digest(certificate).into(),
        })
    }

    /// The credential in the PEM file at `path`; `named_by` says where the path came
    /// from, for errors.
    pub fn from_file(path: &Path, named_by: &str) -> Result<Self> {
        let origin = format!("certificate file {} (from {named_by})", path.display());
        let unreadable = |e: std::io::Error| {
            let kind = if e.kind() == std::io::ErrorKind::NotFound {
                "does not exist".to_string()
            } else {
                format!("cannot be read: {e}")
            };
            Error::new(ErrorKind::Configuration, format!("{origin} {kind}"))
        };
        let size = std::fs::metadata(path).map_err(unreadable)?.len();
        if size > MAX_FILE_BYTES {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("{origin} is {size} bytes, too large for a certificate file"),
            ));
        }
        let bytes = std::fs::read(path).map_err(unreadable)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::new(
                ErrorKind::Configuration,
                format!(
                    "{origin} is not a PEM text file (a PKCS#12 .pfx file must be converted \
                     to PEM: openssl pkcs12 -nodes)"
                ),
            )
        })?;
        Self::from_pem(&text, &origin)
    }

    /// The SHA-1 thumbprint of the certificate's DER.
    pub fn thumbprint(&self) -> [u8; 20] {
        self.thumbprint
    }

    /// The thumbprint in base64url, the assertion's `x5t` header.
    pub fn x5t(&self) -> String {
        base64url(self.thumbprint)
    }

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.key.sign(data).map_err(|e| {
            Error::new(
                e.kind(),
                format!("signing with the key of certificate {} failed", self.x5t()),
            )
        })
    }
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
