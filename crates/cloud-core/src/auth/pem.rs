//! PEM to DER: the base64 between a `-----BEGIN <label>-----` line and its
//! `-----END <label>-----` line. For the private keys and certificates of OAuth2
//! assertions (Google service-account keys, Azure AD client certificates). Errors never
//! quote the text.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::{Error, ErrorKind, Result};

/// One block of a PEM text. `Debug` shows the label and size, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// The label of the BEGIN line (`PRIVATE KEY`, `CERTIFICATE`).
    pub label: String,
    /// Whether the block carries RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`): an
    /// encrypted legacy key.
    pub has_headers: bool,
    /// The decoded bytes.
    pub der: Vec<u8>,
}

impl fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("has_headers", &self.has_headers)
            .field("bytes", &self.der.len())
            .finish()
    }
}

/// Every block of `text`, in order; text outside blocks is ignored. Errors
/// (`Configuration`, naming `what`: `the private_key`, `certificate file …`): a BEGIN
/// line without its END line, an empty block, a block that is not base64.
pub fn pem_blocks(text: &str, what: &str) -> Result<Vec<PemBlock>> {
    let bad = |why: String| {
        Error::new(
            ErrorKind::Configuration,
            format!("{what} is not valid PEM: {why}"),
        )
    };
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
        else {
            continue;
        };
        let label = label.trim().to_string();
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut has_headers = false;
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            if line.contains(':') {
                has_headers = true;
            } else {
                body.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
            }
        }
        if !closed {
            return Err(bad(format!("the {label} block has no END line")));
        }
        if body.is_empty() {
            return Err(bad(format!("the {label} block is empty")));
        }
        let der = STANDARD
            .decode(body.as_bytes())
            .map_err(|_| bad(format!("the {label} block is not valid base64")))?;
        blocks.push(PemBlock {
            label,
            has_headers,
            der,
        });
    }
    Ok(blocks)
}

/// How the DER of a private key is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY`: PKCS#8 (Google's key files, `openssl req -nodes`).
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY`: PKCS#1.
    Pkcs1,
}

/// The DER of the first unencrypted private key in `pem`, and its format. Errors: no
/// private key (`Configuration`), an encrypted one (`Unsupported`), broken PEM.
pub fn private_key_der(pem: &str) -> Result<(KeyFormat, Vec<u8>)> {
    const WHAT: &str = "the private key";
    let bad = |why: &str| {
        Error::new(
            ErrorKind::Configuration,
            format!("{WHAT} is not a PEM RSA private key: {why}"),
        )
    };
    let blocks = pem_blocks(pem, WHAT)?;
    let encrypted = || {
        Error::new(
            ErrorKind::Unsupported,
            format!(
                "{WHAT} is encrypted, which is not supported: decrypt it first \
                 (openssl pkcs8 -topk8 -nocrypt)"
            ),
        )
    };
    for block in blocks {
        let format = match block.label.as_str() {
            "PRIVATE KEY" => KeyFormat::Pkcs8,
            "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
            "ENCRYPTED PRIVATE KEY" => return Err(encrypted()),
            _ => continue,
        };
        if block.has_headers {
            return Err(encrypted());
        }
        return Ok((format, block.der));
    }
    Err(bad("no BEGIN PRIVATE KEY line"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_decoded_ignoring_line_breaks() {
        let pem = "junk\n-----BEGIN PRIVATE KEY-----\nAQID\r\nBA==\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            private_key_der(pem).unwrap(),
            (KeyFormat::Pkcs8, vec![1, 2, 3, 4])
        );
        let pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nAQI=\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            private_key_der(pkcs1).unwrap(),
            (KeyFormat::Pkcs1, vec![1, 2])
        );
    }

    #[test]
    fn blocks_come_in_order_with_their_labels() {
        let pem = "-----BEGIN CERTIFICATE-----\nAQ==\n-----END CERTIFICATE-----\n\
                   Bag Attributes: x\n\
                   -----BEGIN PRIVATE KEY-----\nAg==\n-----END PRIVATE KEY-----\n";
        let blocks = pem_blocks(pem, "t").unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(blocks[0].der, vec![1]);
        assert_eq!(blocks[1].label, "PRIVATE KEY");
        assert!(!blocks[1].has_headers);
        assert_eq!(private_key_der(pem).unwrap(), (KeyFormat::Pkcs8, vec![2]));
        assert!(pem_blocks("no pem here", "t").unwrap().is_empty());
        assert!(!format!("{:?}", blocks[1]).contains('2'));
    }

    #[test]
    fn broken_blocks_are_configuration_errors_without_the_key() {
        for pem in [
            "AQID",
            "-----BEGIN PRIVATE KEY-----\nAQID",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nsecret!material\n-----END PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----\nAQ==\n-----END CERTIFICATE-----",
        ] {
            let e = private_key_der(pem).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Configuration, "{pem}");
            assert!(!e.to_string().contains("secret!material"), "{e}");
        }
    }

    #[test]
    fn encrypted_keys_are_unsupported() {
        for pem in [
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAQID\n-----END ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----",
        ] {
            let e = private_key_der(pem).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unsupported, "{pem}");
            assert!(e.message().contains("encrypted"), "{e}");
        }
    }
}
