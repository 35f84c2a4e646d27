//! Whether upload bodies are covered by the request signature (option
//! `payload_signing`).

/// Whether `PutObject` and `UploadPart` bodies are hashed into the SigV4 signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadSigning {
    /// Signed over plain `http`, where nothing else protects the bytes from being
    /// altered on the way; `UNSIGNED-PAYLOAD` over `https`, where TLS does. The
    /// default, as in the AWS SDKs.
    Auto,
    /// Always signed (one more SHA-256 pass over every byte, even over `https`).
    Signed,
    /// Never signed: `UNSIGNED-PAYLOAD`, as `curl --aws-sigv4` sends, for servers on a
    /// trusted network. The body checksum still catches damaged bytes, but over plain
    /// `http` it does not stop a deliberate change.
    Unsigned,
}

impl PayloadSigning {
    /// Parses `auto`, `signed` or `unsigned`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(PayloadSigning::Auto),
            "signed" => Some(PayloadSigning::Signed),
            "unsigned" => Some(PayloadSigning::Unsigned),
            _ => None,
        }
    }

    /// Whether bodies sent to an endpoint of `scheme` are signed.
    pub fn signs(self, scheme: &str) -> bool {
        match self {
            PayloadSigning::Auto => scheme != "https",
            PayloadSigning::Signed => true,
            PayloadSigning::Unsigned => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_signs_only_without_tls() {
        assert!(PayloadSigning::Auto.signs("http"));
        assert!(!PayloadSigning::Auto.signs("https"));
        assert!(PayloadSigning::Signed.signs("https"));
        assert!(!PayloadSigning::Unsigned.signs("http"));
    }

    #[test]
    fn parses_the_three_words() {
        assert_eq!(
            PayloadSigning::parse(" Unsigned"),
            Some(PayloadSigning::Unsigned)
        );
        assert_eq!(
            PayloadSigning::parse("signed"),
            Some(PayloadSigning::Signed)
        );
        assert_eq!(PayloadSigning::parse("auto"), Some(PayloadSigning::Auto));
        assert_eq!(PayloadSigning::parse("never"), None);
    }
}
