//! Shared Key authorisation, as Microsoft's "Authorize with Shared Key" describes it for
//! the Blob service (version 2009-09-19 and later): a string-to-sign made of the verb,
//! eleven standard headers, the canonicalized `x-ms-` headers and the canonicalized
//! resource, signed with HMAC-SHA256 under the base64-decoded account key.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::http::{OutgoingRequest, Payload};
use cloud_core::{Error, ErrorKind, Result, Secret};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The standard headers of the string-to-sign, in its order (`Content-Length` is
/// handled apart: it is empty when zero).
const BEFORE_LENGTH: [&str; 2] = ["content-encoding", "content-language"];
/// The standard headers after `Content-Length`.
const AFTER_LENGTH: [&str; 8] = [
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
];

/// The string a Shared Key signature covers for `request`, sent to `account`.
///
/// `Content-Length` is the in-memory body's length, or the `content-length` header of a
/// streamed one, and empty when zero (versions 2015-02-21 and later). The canonicalized
/// resource is `/{account}{encoded path}` followed by each query parameter, name
/// lowercased, values decoded, sorted and comma-joined, one per line: a path-style
/// endpoint (the emulator's) therefore names the account twice, as the service expects.
pub fn string_to_sign(request: &OutgoingRequest, account: &str) -> String {
    let headers = request.headers();
    let header = |name: &str| -> String {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(",")
    };
    let length = match request.payload() {
        Payload::Bytes(b) => b.len().to_string(),
        _ => header("content-length"),
    };
    let length = if length.trim() == "0" {
        String::new()
    } else {
        length
    };
    let mut out = String::with_capacity(256);
    out.push_str(request.method().as_str());
    out.push('\n');
    for name in BEFORE_LENGTH {
        out.push_str(&header(name));
        out.push('\n');
    }
    out.push_str(&length);
    out.push('\n');
    for name in AFTER_LENGTH {
        // `Date` stays empty when `x-ms-date` is sent.
        let value = if name == "date" && headers.contains_key("x-ms-date") {
            String::new()
        } else {
            header(name)
        };
        out.push_str(&value);
        out.push('\n');
    }
    out.push_str(&canonicalized_headers(request));
    out.push_str(&canonicalized_resource(request, account));
    out
}

/// Every `x-ms-` header as `name:value\n`, names lowercased and sorted, runs of
/// whitespace in values folded to one space.
fn canonicalized_headers(request: &OutgoingRequest) -> String {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in request.headers() {
        let name = name.as_str().to_ascii_lowercase();
        if !name.starts_with("x-ms-") {
            continue;
        }
        let text = String::from_utf8_lossy(value.as_bytes());
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        by_name.entry(name).or_default().push(folded);
    }
    let mut out = String::new();
    for (name, values) in by_name {
        out.push_str(&name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// `/{account}{path}` and the query parameters, one `\nname:values` each.
fn canonicalized_resource(request: &OutgoingRequest, account: &str) -> String {
    let url = request.url();
    let mut out = format!("/{account}{}", url.path());
    let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(query) = url.query() {
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            params
                .entry(decode(name).to_ascii_lowercase())
                .or_default()
                .push(decode(value));
        }
    }
    for (name, mut values) in params {
        values.sort();
        out.push('\n');
        out.push_str(&name);
        out.push(':');
        out.push_str(&values.join(","));
    }
    out
}

/// Percent-decodes a query component (`+` stays a plus: the driver never writes one
/// for a space).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The base64 HMAC-SHA256 of `text` under the base64 `key`.
pub fn signature(key: &Secret, text: &str) -> Result<String> {
    let key = STANDARD.decode(key.expose().trim()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidCredentials,
            "the storage account key is not base64",
        )
    })?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(|_| {
        Error::new(
            ErrorKind::InvalidCredentials,
            "the storage account key is empty",
        )
    })?;
    mac.update(text.as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `Authorization` header value: `SharedKey {account}:{signature}`.
pub fn authorization(request: &OutgoingRequest, account: &str, key: &Secret) -> Result<String> {
    let text = string_to_sign(request, account);
    Ok(format!("SharedKey {account}:{}", signature(key, &text)?))
}

#[cfg(test)]
mod tests {
    use cloud_core::http::{HeaderValue, Method};

    use super::*;

    fn request(method: Method, url: &str) -> OutgoingRequest {
        OutgoingRequest::new(method, url::Url::parse(url).unwrap())
    }

    #[test]
    fn zero_lengths_are_empty_and_x_ms_headers_are_sorted() {
        let mut r = request(
            Method::PUT,
            "http://127.0.0.1:10000/devstoreaccount1/c?restype=container",
        );
        r.headers_mut()
            .insert("x-ms-version", HeaderValue::from_static("2021-12-02"));
        r.headers_mut().insert(
            "x-ms-date",
            HeaderValue::from_static("Sun, 06 Dec 2026 18:00:00 GMT"),
        );
        r.headers_mut()
            .insert("x-ms-meta-b", HeaderValue::from_static("two   words"));
        r.headers_mut()
            .insert("content-length", HeaderValue::from_static("0"));
        let text = string_to_sign(&r, "devstoreaccount1");
        assert_eq!(
            text,
            "PUT\n\n\n\n\n\n\n\n\n\n\n\n\
             x-ms-date:Sun, 06 Dec 2026 18:00:00 GMT\nx-ms-meta-b:two words\n\
             x-ms-version:2021-12-02\n\
             /devstoreaccount1/devstoreaccount1/c\nrestype:container"
        );
    }

    #[test]
    fn in_memory_bodies_count_and_query_values_are_decoded() {
        let r = request(
            Method::PUT,
            "https://acct.blob.core.windows.net/c/a%20b?comp=block&blockid=QUJD%2B%3D%3D",
        )
        .with_body("hello");
        let text = string_to_sign(&r, "acct");
        assert!(text.starts_with("PUT\n\n\n5\n"), "{text}");
        assert!(
            text.ends_with("/acct/c/a%20b\nblockid:QUJD+==\ncomp:block"),
            "{text}"
        );
    }

    #[test]
    fn bad_keys_are_refused_without_echo() {
        let err = signature(&Secret::new("not-base64!!"), "x").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(!err.to_string().contains("not-base64"));
    }
}
