//! Headers of an object write: content type and user metadata, checked before any
//! request; and `Content-MD5`.

use cloud_core::storage::PutOptions;
use cloud_core::{Error, Result};

use crate::model::META_PREFIX;
use crate::settings::UploadChecksum;

/// Most bytes of user metadata S3 accepts (names and values together).
pub const MAX_METADATA_BYTES: usize = 2048;

/// The `content-type` and `x-amz-meta-*` headers for a write of `key`. The content
/// type is the caller's, else guessed from the key's extension. Metadata names are
/// sent lowercase (HTTP header names carry no case), and names and values must be
/// representable in a header exactly: printable ASCII, no surrounding spaces.
pub fn object_headers(key: &str, options: &PutOptions) -> Result<Vec<(String, String)>> {
    let content_type = match &options.content_type {
        Some(t) => {
            if t.is_empty() || !t.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                return Err(Error::invalid_input(format!(
                    "content type {t:?} is not printable ASCII"
                )));
            }
            t.clone()
        }
        None => cloud_core::storage::guess_content_type(key),
    };
    let mut headers = vec![("content-type".to_string(), content_type)];
    let mut total = 0;
    for (name, value) in &options.metadata {
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !name_ok {
            return Err(Error::invalid_input(format!(
                "metadata name {name:?} must be letters, digits, '-', '_' or '.'"
            )));
        }
        let value_ok = value.bytes().all(|b| (0x20..0x7f).contains(&b)) && value.trim() == value;
        if !value_ok {
            return Err(Error::invalid_input(format!(
                "metadata value of {name:?} must be printable ASCII without surrounding spaces"
            )));
        }
        total += name.len() + value.len();
        headers.push((
            format!("{META_PREFIX}{}", name.to_ascii_lowercase()),
            value.clone(),
        ));
    }
    if total > MAX_METADATA_BYTES {
        return Err(Error::invalid_input(format!(
            "user metadata is {total} bytes; S3 accepts at most {MAX_METADATA_BYTES}"
        )));
    }
    Ok(headers)
}

/// The `Content-MD5` value of a body: its MD5, base64-encoded.
pub fn content_md5(body: &[u8]) -> String {
    UploadChecksum::Md5.header(body).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use std::collections::BTreeMap;

    fn opts(content_type: Option<&str>, meta: &[(&str, &str)]) -> PutOptions {
        PutOptions {
            size: None,
            content_type: content_type.map(str::to_string),
            metadata: meta
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn content_type_is_given_or_guessed() {
        let h = object_headers("a/photo.JPG", &opts(None, &[])).unwrap();
        assert_eq!(h[0], ("content-type".into(), "image/jpeg".into()));
        let h = object_headers("noext", &opts(None, &[])).unwrap();
        assert_eq!(h[0].1, "application/octet-stream");
        let h = object_headers("x.txt", &opts(Some("text/x-custom"), &[])).unwrap();
        assert_eq!(h[0].1, "text/x-custom");
        assert!(object_headers("x", &opts(Some("bad\ntype"), &[])).is_err());
    }

    #[test]
    fn metadata_rules() {
        let h = object_headers("k", &opts(None, &[("Color", "blue sky")])).unwrap();
        assert_eq!(h[1], ("x-amz-meta-color".into(), "blue sky".into()));
        for bad in [
            ("", "v"),
            ("a b", "v"),
            ("k", "ünï"),
            ("k", " padded"),
            ("k", "line\nbreak"),
        ] {
            let err = object_headers("k", &opts(None, &[bad])).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        let big = "v".repeat(3000);
        assert!(object_headers("k", &opts(None, &[("k", &big)])).is_err());
    }

    #[test]
    fn md5_is_base64() {
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }
}
