//! Bucket resources and listing pages.

use cloud_core::Result;
use cloud_core::storage::Container;
use serde::Deserialize;
use serde_json::Value;

use super::json;
use super::objects::parse_time;

/// A bucket resource (`storage#bucket`), as far as the driver reads it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketResource {
    /// The bucket's name.
    pub name: Option<String>,
    /// Its location (`US`, `EUROPE-WEST1`, …).
    pub location: Option<String>,
    /// Creation time (RFC 3339).
    pub time_created: Option<String>,
    /// Default storage class.
    pub storage_class: Option<String>,
    /// `region`, `dual-region` or `multi-region`.
    pub location_type: Option<String>,
    /// The metadata's version.
    pub metageneration: Option<Value>,
}

impl BucketResource {
    /// The portable description; `None` when the resource has no name.
    pub fn into_container(self) -> Option<Container> {
        let name = self.name.filter(|n| !n.is_empty())?;
        let mut extra = cloud_core::compute::Extra::new();
        if let Some(class) = self.storage_class {
            extra.insert("storage_class".into(), Value::String(class));
        }
        if let Some(kind) = self.location_type {
            extra.insert("location_type".into(), Value::String(kind));
        }
        Some(Container {
            name,
            created_at: self.time_created.as_deref().and_then(parse_time),
            location: self.location,
            extra,
        })
    }
}

/// One page of `buckets.list`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketsPage {
    /// The buckets.
    #[serde(default)]
    pub items: Vec<BucketResource>,
    /// The next page's token; absent on the last page.
    pub next_page_token: Option<String>,
}

/// Parses a bucket resource.
pub fn bucket(body: &[u8]) -> Result<BucketResource> {
    json(body, "the bucket resource")
}

/// Parses a page of `buckets.list`.
pub fn buckets_page(body: &[u8]) -> Result<BucketsPage> {
    json(body, "the bucket listing")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_parse_and_nameless_ones_are_dropped() {
        let page = buckets_page(
            br#"{"items":[{"name":"a","location":"EU","timeCreated":"2024-01-02T03:04:05Z",
            "storageClass":"STANDARD"},{"location":"US"}],"nextPageToken":"n"}"#,
        )
        .unwrap();
        let got: Vec<_> = page
            .items
            .into_iter()
            .filter_map(BucketResource::into_container)
            .collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "a");
        assert_eq!(got[0].location.as_deref(), Some("EU"));
        assert!(got[0].created_at.is_some());
        assert!(bucket(b"not json").is_err());
    }
}
