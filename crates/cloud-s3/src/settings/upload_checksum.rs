//! Integrity of uploads: the checksum each `PutObject` and `UploadPart` carries, so
//! the server refuses bytes damaged on the way.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use md5::{Digest, Md5};

/// How an uploaded body is checked by the server (option `upload_checksum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadChecksum {
    /// `x-amz-checksum-crc32c` on every request, declared with
    /// `x-amz-checksum-algorithm: CRC32C` on `CreateMultipartUpload` and repeated per
    /// part in `CompleteMultipartUpload`. Computed in hardware on current CPUs; the
    /// default.
    Crc32c,
    /// `Content-MD5` on every request: for S3-compatible servers that predate the
    /// `x-amz-checksum-*` headers.
    Md5,
}

impl UploadChecksum {
    /// Parses `crc32c` or `md5`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "crc32c" => Some(UploadChecksum::Crc32c),
            "md5" => Some(UploadChecksum::Md5),
            _ => None,
        }
    }

    /// The header carrying `body`'s checksum, and its value.
    pub fn header(self, body: &[u8]) -> (&'static str, String) {
        let mut running = self.start();
        running.update(body);
        running.finish()
    }

    /// A checksum computed piece by piece.
    pub(crate) fn start(self) -> RunningChecksum {
        match self {
            UploadChecksum::Crc32c => RunningChecksum::Crc32c(0),
            UploadChecksum::Md5 => RunningChecksum::Md5(Md5::new()),
        }
    }

    /// The `x-amz-checksum-algorithm` value `CreateMultipartUpload` declares, when the
    /// parts carry an `x-amz-checksum-*` header.
    pub fn algorithm(self) -> Option<&'static str> {
        match self {
            UploadChecksum::Crc32c => Some("CRC32C"),
            UploadChecksum::Md5 => None,
        }
    }

    /// The element of a `CompleteMultipartUpload` part that repeats the part's
    /// checksum, when S3 asks for it.
    pub fn complete_element(self) -> Option<&'static str> {
        match self {
            UploadChecksum::Crc32c => Some("ChecksumCRC32C"),
            UploadChecksum::Md5 => None,
        }
    }
}

/// An [`UploadChecksum`] over the bytes seen so far.
pub(crate) enum RunningChecksum {
    Crc32c(u32),
    Md5(Md5),
}

impl RunningChecksum {
    /// Takes in the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            RunningChecksum::Crc32c(crc) => *crc = crc32c::crc32c_append(*crc, bytes),
            RunningChecksum::Md5(md5) => md5.update(bytes),
        }
    }

    /// The header carrying the checksum, and its value.
    pub fn finish(self) -> (&'static str, String) {
        match self {
            RunningChecksum::Crc32c(crc) => {
                ("x-amz-checksum-crc32c", STANDARD.encode(crc.to_be_bytes()))
            }
            RunningChecksum::Md5(md5) => ("content-md5", STANDARD.encode(md5.finalize())),
        }
    }
}

/// The `x-amz-checksum-crc32c` value of a body: its CRC32C, big-endian, base64-encoded.
#[cfg(test)]
fn crc32c_value(body: &[u8]) -> String {
    UploadChecksum::Crc32c.header(body).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_follows_the_published_check_value() {
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720, appendix B.4).
        assert_eq!(
            crc32c_value(b"123456789"),
            STANDARD.encode([0xE3, 0x06, 0x92, 0x83])
        );
        assert_eq!(crc32c_value(b""), "AAAAAA==");
    }

    #[test]
    fn each_algorithm_names_its_headers() {
        let (name, value) = UploadChecksum::Crc32c.header(b"123456789");
        assert_eq!(
            (name, value.as_str()),
            ("x-amz-checksum-crc32c", "4waSgw==")
        );
        assert_eq!(UploadChecksum::Crc32c.algorithm(), Some("CRC32C"));
        assert_eq!(
            UploadChecksum::Crc32c.complete_element(),
            Some("ChecksumCRC32C")
        );
        let (name, value) = UploadChecksum::Md5.header(b"");
        assert_eq!(
            (name, value.as_str()),
            ("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==")
        );
        assert_eq!(UploadChecksum::Md5.algorithm(), None);
        assert_eq!(UploadChecksum::Md5.complete_element(), None);
    }

    #[test]
    fn parses_names_in_any_case() {
        assert_eq!(
            UploadChecksum::parse(" CRC32C "),
            Some(UploadChecksum::Crc32c)
        );
        assert_eq!(UploadChecksum::parse("md5"), Some(UploadChecksum::Md5));
        assert_eq!(UploadChecksum::parse("sha1"), None);
    }
}
