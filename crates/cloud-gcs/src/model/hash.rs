//! CRC32C values as the JSON API writes them: base64 of the big-endian 32-bit value, in
//! the `crc32c` field of an object and in `x-goog-hash: crc32c=…,md5=…`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A CRC32C (Castagnoli) checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crc32c(pub u32);

impl Crc32c {
    /// Parses the base64 form; `None` unless it is exactly four bytes.
    pub fn parse(text: &str) -> Option<Crc32c> {
        let bytes = STANDARD.decode(text.trim()).ok()?;
        let four: [u8; 4] = bytes.try_into().ok()?;
        Some(Crc32c(u32::from_be_bytes(four)))
    }
}

impl std::fmt::Display for Crc32c {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&encode_crc32c(self.0))
    }
}

/// The base64 form of a CRC32C value.
pub fn encode_crc32c(value: u32) -> String {
    STANDARD.encode(value.to_be_bytes())
}

/// The `crc32c=` value of an `x-goog-hash` header (which may list several hashes, or
/// come as several headers joined with commas).
pub fn crc32c_of_header(value: &str) -> Option<Crc32c> {
    value
        .split(',')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("crc32c"))
        .and_then(|(_, v)| Crc32c::parse(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_found_among_others() {
        // CRC32C of "hello, world\n", checked with the crc32c crate.
        let crc = crc32c::crc32c(b"hello, world\n");
        let text = encode_crc32c(crc);
        let header = format!("md5=IsNoOwlBNsM5g5GucbIPBA==, crc32c={text}");
        assert_eq!(crc32c_of_header(&header), Some(Crc32c(crc)));
        assert_eq!(crc32c_of_header("md5=abc"), None);
        assert_eq!(crc32c_of_header("crc32c=!!!"), None);
        assert_eq!(crc32c_of_header("crc32c=AAAAAAA="), None);
        assert_eq!(Crc32c::parse("AAAAAQ=="), Some(Crc32c(1)));
        assert_eq!(Crc32c(1).to_string(), "AAAAAQ==");
    }
}
