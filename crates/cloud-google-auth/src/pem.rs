//! PEM to DER: the base64 between a `-----BEGIN …-----` line and its `-----END …-----`
//! line. Errors never quote the key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::{Error, ErrorKind, Result};

/// How the DER inside a PEM block is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY`: PKCS#8, what Google's key files hold.
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY`: PKCS#1.
    Pkcs1,
}

/// The DER of the first private key in `pem`, and its format.
pub fn private_key_der(pem: &str) -> Result<(KeyFormat, Vec<u8>)> {
    let bad = |why: &str| {
        Error::new(
            ErrorKind::Configuration,
            format!("the private_key is not a PEM RSA private key: {why}"),
        )
    };
    let (format, label) = if pem.contains("-----BEGIN PRIVATE KEY-----") {
        (KeyFormat::Pkcs8, "PRIVATE KEY")
    } else if pem.contains("-----BEGIN RSA PRIVATE KEY-----") {
        (KeyFormat::Pkcs1, "RSA PRIVATE KEY")
    } else {
        return Err(bad("no BEGIN PRIVATE KEY line"));
    };
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem
        .find(&begin)
        .map(|i| i + begin.len())
        .ok_or_else(|| bad("no BEGIN line"))?;
    let rest = &pem[start..];
    let stop = rest.find(&end).ok_or_else(|| bad("no END line"))?;
    let body: String = rest[..stop]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if body.is_empty() {
        return Err(bad("the block is empty"));
    }
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| bad("the block is not valid base64"))?;
    Ok((format, der))
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
    fn broken_blocks_are_configuration_errors_without_the_key() {
        for pem in [
            "AQID",
            "-----BEGIN PRIVATE KEY-----\nAQID",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nsecret!material\n-----END PRIVATE KEY-----",
        ] {
            let e = private_key_der(pem).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Configuration, "{pem}");
            assert!(!e.to_string().contains("secret!material"), "{e}");
        }
    }
}
