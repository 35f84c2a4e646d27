//! Percent-encoding of keys on the way out, and decoding of URL-encoded listings on
//! the way back.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but the unreserved characters and `/`: a key encoded this way is sent
/// exactly, and is what SigV4 signs for S3 (encoded once, `/` kept).
const KEY_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Characters an encoder can leave as they are in a URL-encoded listing. A value with
/// anything else was not encoded.
const ENCODED_ALPHABET: &str = "-_.~/%+!*'(),;:@&=$";

/// A key (or bucket name) as a URL path: every byte percent-encoded except the
/// unreserved characters and `/`.
pub fn key_path(key: &str) -> String {
    utf8_percent_encode(key, KEY_PATH).to_string()
}

/// The `x-amz-copy-source` value for an object: `/bucket/key`, URL-encoded.
pub fn copy_source(bucket: &str, key: &str) -> String {
    format!("/{}/{}", key_path(bucket), key_path(key))
}

/// Whether a value from a listing said to be URL-encoded really looks encoded: only
/// characters an encoder leaves alone, and every `%` starting an escape. Some
/// S3-compatible servers echo `EncodingType=url` without encoding anything.
pub fn looks_url_encoded(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        if b == b'%' {
            bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        } else {
            b.is_ascii_alphanumeric() || ENCODED_ALPHABET.as_bytes().contains(&b)
        }
    })
}

/// Decodes a URL-encoded listing value: `+` is a space (S3's encoding), `%XX` a byte.
/// `None` when the bytes are not UTF-8.
pub fn url_decode(value: &str) -> Option<String> {
    let spaced: Cow<'_, str> = if value.contains('+') {
        Cow::Owned(value.replace('+', " "))
    } else {
        Cow::Borrowed(value)
    };
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_once_with_slashes_kept() {
        assert_eq!(
            key_path("with space/ünï+%.txt"),
            "with%20space/%C3%BCn%C3%AF%2B%25.txt"
        );
        assert_eq!(key_path("a//b/"), "a//b/");
        assert_eq!(key_path("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(key_path("q?x=1#f"), "q%3Fx%3D1%23f");
        assert_eq!(copy_source("bkt", "d i r/ä"), "/bkt/d%20i%20r/%C3%A4");
    }

    #[test]
    fn listing_values_decode_exactly() {
        for key in [
            "with space/ünï+%.txt",
            "a//b/",
            "plain",
            "100%",
            "+ +",
            "\u{1}ctl",
        ] {
            let encoded = key_path(key);
            assert!(looks_url_encoded(&encoded), "{encoded}");
            assert_eq!(url_decode(&encoded).as_deref(), Some(key));
        }
        assert_eq!(url_decode("a+b%2Bc").as_deref(), Some("a b+c"));
        assert_eq!(url_decode("%FF"), None);
    }

    #[test]
    fn raw_values_are_recognised() {
        for raw in ["with space", "ünï", "100%", "%zz", "a<b", "tab\t"] {
            assert!(!looks_url_encoded(raw), "{raw}");
        }
        assert!(looks_url_encoded("test_file%283%29.png"));
    }
}
