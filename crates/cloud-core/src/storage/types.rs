//! Plain data types of the object storage area.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::compute::Extra;
use crate::{BoxStream, Result};

/// A stream of body chunks, going up or coming down.
pub type ByteStream = BoxStream<'static, Result<Bytes>>;

/// A bucket or container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// Name (the id).
    pub name: String,
    /// When it was created, when known.
    pub created_at: Option<DateTime<Utc>>,
    /// Region or location, when known.
    pub location: Option<String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// What is known about a stored object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectMeta {
    /// Container name.
    pub container: String,
    /// Key.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Entity tag or content hash, as the provider gives it (quotes removed).
    pub etag: Option<String>,
    /// MIME type.
    pub content_type: Option<String>,
    /// When it was last written.
    pub last_modified: Option<DateTime<Utc>>,
    /// User metadata (key → value).
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Provider-specific fields.
    #[serde(default)]
    pub extra: Extra,
}

/// One entry of an object listing: an object, or a common prefix when a delimiter was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ListEntry {
    /// An object.
    Object(ObjectMeta),
    /// A common prefix ("directory") ending in the delimiter.
    Prefix {
        /// The prefix, including the delimiter.
        prefix: String,
    },
}

/// How to list objects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListObjects {
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Group keys that contain this after the prefix into common prefixes.
    pub delimiter: Option<String>,
    /// A page size hint; the driver's default when `None`.
    pub page_size: Option<u32>,
}

/// Options for writing an object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PutOptions {
    /// The exact size, when known up front (lets drivers pick single or multipart).
    pub size: Option<u64>,
    /// MIME type; drivers may guess from the name when `None`.
    pub content_type: Option<String>,
    /// User metadata.
    pub metadata: BTreeMap<String, String>,
}

/// A byte range of an object: `start..end` (end exclusive), or from `start` to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte; to the end of the object when `None`.
    pub end: Option<u64>,
}

impl ByteRange {
    /// Refuses a range that holds no byte (`end <= start`) with `InvalidInput`, before
    /// anything is sent; no range, or one open at the end, is fine.
    pub fn check(range: Option<ByteRange>) -> crate::Result<()> {
        match range {
            Some(ByteRange {
                start,
                end: Some(end),
            }) if end <= start => Err(crate::Error::invalid_input(format!(
                "the range {start}..{end} is empty"
            ))),
            _ => Ok(()),
        }
    }

    /// The HTTP `Range` header value (`bytes=0-99`, `bytes=100-`).
    pub fn to_header(&self) -> String {
        match self.end {
            Some(end) => format!("bytes={}-{}", self.start, end.saturating_sub(1)),
            None => format!("bytes={}-", self.start),
        }
    }

    /// Parses `A-B` (inclusive, as HTTP does) or `A-`; `None` when malformed or empty.
    pub fn parse_inclusive(text: &str) -> Option<ByteRange> {
        let (a, b) = text.split_once('-')?;
        let start: u64 = a.trim().parse().ok()?;
        let end = match b.trim() {
            "" => None,
            b => {
                let last: u64 = b.parse().ok()?;
                if last < start {
                    return None;
                }
                Some(last + 1)
            }
        };
        Some(ByteRange { start, end })
    }
}

/// A download in progress: what the object is, and its bytes.
pub struct ObjectDownload {
    /// The object (size is the whole object's size, not the range's).
    pub meta: ObjectMeta,
    /// The requested bytes.
    pub body: ByteStream,
}

impl std::fmt::Debug for ObjectDownload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectDownload")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

/// The HTTP method a signed URL allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignedMethod {
    /// Download.
    Get,
    /// Upload.
    Put,
}

/// A request for a signed URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUrlRequest {
    /// GET or PUT.
    pub method: SignedMethod,
    /// How long the URL stays valid.
    pub expires_in: Duration,
}

/// A URL that allows one method on one object until it expires, with no credentials,
/// and the headers a request to it must carry (most providers need none; an upload to
/// Azure Blob Storage needs `x-ms-blob-type`).
///
/// Its `Debug` leaves out the URL's query, where the signature is: whoever holds the
/// whole URL holds the access it grants.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedUrl {
    /// The URL, signature included.
    pub url: url::Url,
    /// The method it allows.
    pub method: SignedMethod,
    /// Headers the request must send exactly as given, in order.
    pub headers: Vec<(String, String)>,
}

impl SignedUrl {
    /// A URL for `method` that needs no headers.
    pub fn new(url: url::Url, method: SignedMethod) -> Self {
        SignedUrl {
            url,
            method,
            headers: Vec::new(),
        }
    }

    /// The same URL, with `name: value` among the headers a request must send.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

impl std::fmt::Debug for SignedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.url.as_str();
        let shown = match whole.split_once('?') {
            Some((before, _)) => format!("{before}?<redacted>"),
            None => whole.to_string(),
        };
        f.debug_struct("SignedUrl")
            .field("url", &shown)
            .field("method", &self.method)
            .field("headers", &self.headers)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ranges_are_refused() {
        let empty = ByteRange {
            start: 5,
            end: Some(5),
        };
        let err = ByteRange::check(Some(empty)).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
        assert!(err.message().contains("5..5 is empty"), "{err}");
        assert!(ByteRange::check(None).is_ok());
        assert!(
            ByteRange::check(Some(ByteRange {
                start: 5,
                end: None
            }))
            .is_ok()
        );
        assert!(
            ByteRange::check(Some(ByteRange {
                start: 5,
                end: Some(6)
            }))
            .is_ok()
        );
    }

    #[test]
    fn signed_urls_keep_their_signature_out_of_debug() {
        let url = url::Url::parse("https://h.example/c/k?sig=SECRET&se=1").unwrap();
        let signed = SignedUrl::new(url.clone(), SignedMethod::Put)
            .with_header("x-ms-blob-type", "BlockBlob");
        assert_eq!(signed.url, url);
        assert_eq!(
            signed.headers,
            [("x-ms-blob-type".to_string(), "BlockBlob".to_string())]
        );
        let shown = format!("{signed:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(
            shown.contains("https://h.example/c/k?<redacted>"),
            "{shown}"
        );
        assert!(
            shown.contains("BlockBlob") && shown.contains("Put"),
            "{shown}"
        );
        let plain = SignedUrl::new(url::Url::parse("http://h/c/k").unwrap(), SignedMethod::Get);
        assert!(plain.headers.is_empty());
        assert!(format!("{plain:?}").contains("http://h/c/k"));
    }

    #[test]
    fn range_header_and_parse() {
        let r = ByteRange {
            start: 0,
            end: Some(100),
        };
        assert_eq!(r.to_header(), "bytes=0-99");
        assert_eq!(ByteRange::parse_inclusive("0-99"), Some(r));
        assert_eq!(
            ByteRange::parse_inclusive("5-"),
            Some(ByteRange {
                start: 5,
                end: None
            })
        );
        assert_eq!(ByteRange::parse_inclusive("9-3"), None);
        assert_eq!(ByteRange::parse_inclusive("x"), None);
    }
}
