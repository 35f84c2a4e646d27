//! The cluster's `/info` (what the proxy offers and its limits), read once per session,
//! and the defaults Swift documents for what it leaves out.

use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::{Error, Result};
use serde::Deserialize;

/// Swift's default largest single object (5 GiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// What a cluster says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterInfo {
    /// The largest object one `PUT` may write.
    pub max_file_size: u64,
    /// Whether static large objects are offered, and their smallest segment.
    pub slo_min_segment_size: Option<u64>,
    /// The most segments one manifest may list.
    pub slo_max_segments: u64,
    /// The digests temporary URLs may be signed with (`sha1`, `sha256`, `sha512`);
    /// `None` when the cluster has no `tempurl`.
    pub tempurl_digests: Option<Vec<String>>,
    /// Whether bulk delete is offered.
    pub bulk_delete: bool,
}

#[derive(Deserialize, Default)]
struct Doc {
    #[serde(default)]
    swift: Option<SwiftSection>,
    #[serde(default)]
    slo: Option<SloSection>,
    #[serde(default)]
    tempurl: Option<TempUrlSection>,
    #[serde(default)]
    bulk_delete: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct SwiftSection {
    #[serde(default)]
    max_file_size: Option<u64>,
}

#[derive(Deserialize)]
struct SloSection {
    #[serde(default)]
    min_segment_size: Option<u64>,
    #[serde(default)]
    max_manifest_segments: Option<u64>,
}

#[derive(Deserialize)]
struct TempUrlSection {
    #[serde(default)]
    allowed_digests: Option<Vec<String>>,
}

/// Reads an `/info` document; a body that is not one is `MalformedResponse`.
pub fn parse_info(body: &[u8]) -> Result<ClusterInfo> {
    let doc: Doc = serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("/info is not Swift's JSON: {e}")))?;
    Ok(ClusterInfo {
        max_file_size: doc
            .swift
            .and_then(|s| s.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
        slo_min_segment_size: doc.slo.as_ref().map(|s| s.min_segment_size.unwrap_or(1)),
        slo_max_segments: doc
            .slo
            .as_ref()
            .and_then(|s| s.max_manifest_segments)
            .unwrap_or(1000),
        tempurl_digests: doc.tempurl.map(|t| {
            t.allowed_digests
                .unwrap_or_else(|| vec!["sha1".into(), "sha256".into(), "sha512".into()])
        }),
        bulk_delete: doc.bulk_delete.is_some(),
    })
}

/// `GET /info` at the root of the account URL's host.
pub async fn fetch(http: &HttpClient) -> Result<ClusterInfo> {
    let mut url = http.endpoint().url().clone();
    url.set_path("/info");
    url.set_query(None);
    let resp = http
        .send(HttpRequest::new("info", Method::GET, url))
        .await?;
    parse_info(&resp.body).map_err(|e| e.in_context(crate::PROVIDER_ID, "info"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_features() {
        let info = parse_info(
            br#"{"swift": {"max_file_size": 16777216, "version": "2.38.3"},
                 "slo": {"min_segment_size": 1, "max_manifest_segments": 1000},
                 "tempurl": {"methods": ["GET", "PUT"], "allowed_digests": ["sha256", "sha512"]},
                 "bulk_delete": {"max_deletes_per_request": 10000}}"#,
        )
        .unwrap();
        assert_eq!(info.max_file_size, 16_777_216);
        assert_eq!(info.slo_min_segment_size, Some(1));
        assert_eq!(
            info.tempurl_digests.as_deref().unwrap(),
            ["sha256", "sha512"]
        );
        assert!(info.bulk_delete);
        let bare = parse_info(b"{}").unwrap();
        assert_eq!(bare.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(
            (bare.slo_min_segment_size, bare.tempurl_digests),
            (None, None)
        );
        assert!(parse_info(b"<html>").is_err());
    }
}
