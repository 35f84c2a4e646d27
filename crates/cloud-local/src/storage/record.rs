//! The metadata file of one object, and content type guessing.

use std::collections::BTreeMap;
use std::io::ErrorKind as IoKind;
use std::path::Path;

use chrono::{DateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::layout::meta_file_name;

/// What a `.meta` file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ObjectRecord {
    /// The object's key.
    pub key: String,
    /// The data file's name, in the same directory.
    pub data: String,
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the content; also the entity tag.
    pub sha256: String,
    /// MIME type.
    pub content_type: String,
    /// When it was written.
    pub last_modified: DateTime<Utc>,
    /// User metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

impl ObjectRecord {
    /// The object as callers see it.
    pub fn to_meta(&self, container: &str) -> ObjectMeta {
        let mut extra = Extra::new();
        extra.insert("sha256".into(), json!(self.sha256));
        ObjectMeta {
            container: container.to_string(),
            name: self.key.clone(),
            size: self.size,
            etag: Some(self.sha256.clone()),
            content_type: Some(self.content_type.clone()),
            last_modified: Some(self.last_modified),
            metadata: self.metadata.clone(),
            extra,
        }
    }
}

/// Reads the metadata file at `path`; `None` when there is none.
pub(crate) fn read_record_file(path: &Path) -> Result<Option<ObjectRecord>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == IoKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("read {}", path.display()), e)),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("object metadata {} is not valid: {e}", path.display()),
        )
    })
}

/// The record of `key` in the container directory `dir`; `None` when there is none.
pub(crate) fn load_record(dir: &Path, key: &str) -> Result<Option<ObjectRecord>> {
    let record = read_record_file(&dir.join(meta_file_name(key)))?;
    // A hashed name could in theory collide; the key inside settles it.
    Ok(record.filter(|r| r.key == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_bad_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_record(dir.path(), "k").unwrap(), None);
        let record = ObjectRecord {
            key: "k".into(),
            data: "x.data".into(),
            size: 3,
            sha256: "ab".into(),
            content_type: "text/plain".into(),
            last_modified: Utc::now(),
            metadata: BTreeMap::from([("color".into(), "blue".into())]),
        };
        let path = dir.path().join(meta_file_name("k"));
        std::fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
        assert_eq!(load_record(dir.path(), "k").unwrap(), Some(record.clone()));
        let meta = record.to_meta("c");
        assert_eq!((meta.container.as_str(), meta.size), ("c", 3));
        assert_eq!(meta.etag.as_deref(), Some("ab"));

        std::fs::write(&path, b"{oops").unwrap();
        let err = load_record(dir.path(), "k").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(err.message().contains("not valid"), "{err}");
    }
}
