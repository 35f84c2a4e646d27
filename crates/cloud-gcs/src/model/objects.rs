//! Object resources, listing pages and rewrite answers.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::Value;

use super::{Crc32c, json, number};

/// An object resource (`storage#object`), as far as the driver reads it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectResource {
    /// The object's name.
    pub name: Option<String>,
    /// Its bucket.
    pub bucket: Option<String>,
    /// Size in bytes (a string on the wire).
    pub size: Option<Value>,
    /// MIME type.
    pub content_type: Option<String>,
    /// Base64 MD5 of the content (absent for composite objects).
    pub md5_hash: Option<String>,
    /// Base64 big-endian CRC32C of the content.
    pub crc32c: Option<String>,
    /// HTTP entity tag.
    pub etag: Option<String>,
    /// The content's version (a string on the wire).
    pub generation: Option<Value>,
    /// The metadata's version.
    pub metageneration: Option<Value>,
    /// Last modification (RFC 3339).
    pub updated: Option<String>,
    /// Creation (RFC 3339).
    pub time_created: Option<String>,
    /// Storage class.
    pub storage_class: Option<String>,
    /// Parts of a composite object.
    pub component_count: Option<Value>,
    /// User metadata.
    pub metadata: Option<BTreeMap<String, Value>>,
}

impl ObjectResource {
    /// Its generation, when it has a readable one.
    pub fn generation(&self) -> Option<u64> {
        number(&self.generation)
    }

    /// Its CRC32C, when it has a readable one.
    pub fn crc32c(&self) -> Option<Crc32c> {
        self.crc32c.as_deref().and_then(Crc32c::parse)
    }

    /// The portable description, in `bucket` when the resource does not name its own.
    /// The entity tag is the MD5 as hex when the object has one (so copies between
    /// providers can check the bytes); Google's own entity tag, the generation and the
    /// CRC32C are in `extra`.
    pub fn into_meta(self, bucket: &str) -> Result<ObjectMeta> {
        let name = self
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Error::malformed("an object resource has no name"))?;
        let size = number(&self.size)
            .ok_or_else(|| Error::malformed(format!("object {name:?} has no readable size")))?;
        let md5_hex = self
            .md5_hash
            .as_deref()
            .and_then(|m| STANDARD.decode(m.trim()).ok())
            .filter(|b| b.len() == 16)
            .map(hex::encode);
        let mut extra = cloud_core::compute::Extra::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                extra.insert(key.to_string(), v);
            }
        };
        put(
            "generation",
            self.generation().map(|g| Value::String(g.to_string())),
        );
        put(
            "metageneration",
            number(&self.metageneration).map(|g| Value::String(g.to_string())),
        );
        put("crc32c", self.crc32c.clone().map(Value::String));
        put("md5_hash", self.md5_hash.clone().map(Value::String));
        put("gcs_etag", self.etag.clone().map(Value::String));
        put(
            "storage_class",
            self.storage_class.clone().map(Value::String),
        );
        put("time_created", self.time_created.clone().map(Value::String));
        put(
            "component_count",
            number(&self.component_count).map(Value::from),
        );
        let metadata = self
            .metadata
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Null => None,
                other => Some((k, other.to_string())),
            })
            .collect();
        Ok(ObjectMeta {
            container: self
                .bucket
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| bucket.to_string()),
            name,
            size,
            etag: md5_hex.or(self.etag),
            content_type: self.content_type,
            last_modified: self.updated.as_deref().and_then(parse_time),
            metadata,
            extra,
        })
    }
}

/// An RFC 3339 time; `None` when unreadable.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// One page of `objects.list`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectsPage {
    /// The objects.
    #[serde(default)]
    pub items: Vec<ObjectResource>,
    /// The common prefixes, with a delimiter.
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// The next page's token; absent on the last page.
    pub next_page_token: Option<String>,
}

/// The answer of `objects.rewrite`: done with the new object, or a token to go on.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewriteAnswer {
    /// Whether the copy is complete.
    #[serde(default)]
    pub done: bool,
    /// The token for the next call, while not done.
    pub rewrite_token: Option<String>,
    /// The new object, once done.
    pub resource: Option<ObjectResource>,
    /// Bytes copied so far.
    pub total_bytes_rewritten: Option<Value>,
}

/// Parses an object resource.
pub fn object(body: &[u8]) -> Result<ObjectResource> {
    json(body, "the object resource")
}

/// Parses a page of `objects.list`.
pub fn objects_page(body: &[u8]) -> Result<ObjectsPage> {
    json(body, "the object listing")
}

/// Parses an `objects.rewrite` answer.
pub fn rewrite(body: &[u8]) -> Result<RewriteAnswer> {
    json(body, "the rewrite answer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_becomes_object_meta() {
        let body = br#"{"kind":"storage#object","name":"a b/c","bucket":"bk","size":"13",
            "contentType":"text/plain","md5Hash":"IsNoOwlBNsM5g5GucbIPBA==","crc32c":"AAAAAQ==",
            "etag":"CKih16GjycICEAE=","generation":"1700000000000001","metageneration":"1",
            "updated":"2024-01-02T03:04:05.678Z","metadata":{"color":"blue","n":null}}"#;
        let meta = object(body).unwrap().into_meta("other").unwrap();
        assert_eq!(meta.container, "bk");
        assert_eq!(meta.name, "a b/c");
        assert_eq!(meta.size, 13);
        assert_eq!(
            meta.etag.as_deref(),
            Some("22c3683b094136c3398391ae71b20f04")
        );
        assert_eq!(meta.metadata.get("color").map(String::as_str), Some("blue"));
        assert_eq!(meta.metadata.len(), 1);
        assert_eq!(meta.extra["generation"], "1700000000000001");
        assert_eq!(meta.extra["gcs_etag"], "CKih16GjycICEAE=");
        assert!(meta.last_modified.is_some());
    }

    #[test]
    fn missing_names_and_sizes_are_malformed() {
        for body in [
            &br#"{"size":"1"}"#[..],
            br#"{"name":"x"}"#,
            br#"{"name":"x","size":"-1"}"#,
        ] {
            let err = object(body).unwrap().into_meta("b").unwrap_err();
            assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
        }
        assert!(object(b"{\"name\":").is_err());
        assert!(objects_page(b"[]").is_err());
        let page = objects_page(br#"{"prefixes":["a/"],"nextPageToken":"t"}"#).unwrap();
        assert_eq!(page.prefixes, ["a/"]);
        assert_eq!(page.next_page_token.as_deref(), Some("t"));
    }
}
