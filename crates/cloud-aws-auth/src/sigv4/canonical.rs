//! The request as SigV4 sees it, and its canonical form.

use cloud_core::http::HeaderMap;
use cloud_core::http::Method;
use cloud_core::{Error, Result};
use sha2::{Digest, Sha256};
use url::Url;

use super::SigningOptions;
use super::encode::{canonical_path, canonical_query};

/// The payload hash of an empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash value that tells S3 the body is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers never signed: they are added or changed on the way (by the HTTP stack, a
/// proxy or a tracer), or they carry the signature itself.
const NEVER_SIGNED: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// How the body enters the signature.
#[derive(Debug, Clone, Copy)]
pub enum PayloadHash<'a> {
    /// The whole body, hashed here.
    Bytes(&'a [u8]),
    /// `UNSIGNED-PAYLOAD` (S3 only).
    UnsignedPayload,
    /// A value the caller computed: 64 lower-case hex digits of SHA-256, or one of S3's
    /// special values (`UNSIGNED-PAYLOAD`, `STREAMING-…`).
    Precomputed(&'a str),
}

impl PayloadHash<'_> {
    /// The value that goes in the canonical request (and `x-amz-content-sha256`).
    pub fn value(&self) -> Result<String> {
        match self {
            PayloadHash::Bytes(bytes) => Ok(hex::encode(Sha256::digest(bytes))),
            PayloadHash::UnsignedPayload => Ok(UNSIGNED_PAYLOAD.to_string()),
            PayloadHash::Precomputed(value) => {
                let is_hex = value.len() == 64
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
                let is_special = *value == UNSIGNED_PAYLOAD
                    || (value.starts_with("STREAMING-")
                        && value.bytes().all(|b| b.is_ascii_graphic()));
                if is_hex || is_special {
                    Ok(value.to_string())
                } else {
                    Err(Error::invalid_input(format!(
                        "payload hash {value:?} is neither 64 lower-case hex digits nor \
                         UNSIGNED-PAYLOAD / STREAMING-…"
                    )))
                }
            }
        }
    }
}

/// The parts of an HTTP request SigV4 reads. Every header present is signed, except a
/// few that the HTTP stack owns (`user-agent`, `authorization`, `connection`, …). The
/// headers must include `host`, and `x-amz-date` when the caller adds it must match the
/// signing time.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method.
    pub method: &'a Method,
    /// The full URL, percent-encoded as it goes on the wire.
    pub url: &'a Url,
    /// The headers to sign.
    pub headers: &'a HeaderMap,
    /// The body, or how to stand in for it.
    pub payload: PayloadHash<'a>,
}

/// A canonical request and the list of headers it signs.
#[derive(Debug, Clone)]
pub(crate) struct CanonicalRequest {
    pub(crate) text: String,
    pub(crate) signed_headers: String,
}

/// Builds the canonical request.
pub(crate) fn canonical_request(
    request: &SignableRequest<'_>,
    options: &SigningOptions,
) -> Result<CanonicalRequest> {
    let payload = request.payload.value()?;
    let (headers, signed_headers) = canonical_headers(request.headers)?;
    let text = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.as_str(),
        canonical_path(request.url, options),
        canonical_query(request.url),
        headers,
        signed_headers,
        payload
    );
    Ok(CanonicalRequest {
        text,
        signed_headers,
    })
}

/// The canonical header block (each line ending in `\n`) and the signed header list.
fn canonical_headers(headers: &HeaderMap) -> Result<(String, String)> {
    let mut names: Vec<&str> = headers
        .keys()
        .map(|n| n.as_str())
        .filter(|n| !NEVER_SIGNED.contains(n))
        .collect();
    names.sort_unstable();
    if !names.contains(&"host") {
        return Err(Error::invalid_input(
            "the request has no host header to sign",
        ));
    }
    let mut block = String::new();
    for name in &names {
        block.push_str(name);
        block.push(':');
        for (i, value) in headers.get_all(*name).iter().enumerate() {
            let value = value.to_str().map_err(|_| {
                Error::invalid_input(format!(
                    "header {name} has a value that is not visible ASCII; it cannot be signed"
                ))
            })?;
            if i > 0 {
                block.push(',');
            }
            push_trimmed(value, &mut block);
        }
        block.push('\n');
    }
    Ok((block, names.join(";")))
}

/// Appends `value` without leading and trailing blanks, with runs of blanks inside it
/// reduced to one space.
fn push_trimmed(value: &str, out: &mut String) {
    let mut words = value.split([' ', '\t']).filter(|w| !w.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::http::HeaderValue;

    #[test]
    fn payload_values() {
        assert_eq!(
            PayloadHash::Bytes(b"").value().unwrap(),
            EMPTY_PAYLOAD_SHA256
        );
        assert_eq!(
            PayloadHash::UnsignedPayload.value().unwrap(),
            "UNSIGNED-PAYLOAD"
        );
        assert_eq!(
            PayloadHash::Precomputed(EMPTY_PAYLOAD_SHA256)
                .value()
                .unwrap(),
            EMPTY_PAYLOAD_SHA256
        );
        assert!(
            PayloadHash::Precomputed("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                .value()
                .is_ok()
        );
        for bad in [
            "",
            "abc",
            &EMPTY_PAYLOAD_SHA256.to_uppercase(),
            "STREAMING- x",
        ] {
            let err = PayloadHash::Precomputed(bad).value().unwrap_err();
            assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn headers_are_trimmed_joined_and_filtered() {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("example.com"));
        h.append("x-b", HeaderValue::from_static("  two   words\t here "));
        h.append("x-a", HeaderValue::from_static("1"));
        h.append("x-a", HeaderValue::from_static(" 2"));
        h.insert("user-agent", HeaderValue::from_static("libcloud"));
        h.insert("authorization", HeaderValue::from_static("old"));
        let (block, signed) = canonical_headers(&h).unwrap();
        assert_eq!(block, "host:example.com\nx-a:1,2\nx-b:two words here\n");
        assert_eq!(signed, "host;x-a;x-b");
    }

    #[test]
    fn missing_host_and_binary_values_are_errors() {
        let mut h = HeaderMap::new();
        h.insert("x-a", HeaderValue::from_static("1"));
        assert!(
            canonical_headers(&h)
                .unwrap_err()
                .message()
                .contains("host")
        );
        h.insert("host", HeaderValue::from_static("h"));
        h.insert("x-bin", HeaderValue::from_bytes(&[0xC3, 0xA9]).unwrap());
        let err = canonical_headers(&h).unwrap_err();
        assert!(err.message().contains("x-bin"), "{err}");
    }
}
