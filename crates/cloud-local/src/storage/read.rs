//! Reading objects, whole or in ranges, as bounded-memory streams.

use std::fs::File;
use std::io::{ErrorKind as IoKind, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use cloud_core::storage::{ByteRange, ObjectDownload};
use cloud_core::{Error, ErrorKind, Result};
use futures::TryStreamExt;
use tokio::io::AsyncReadExt;
use tokio_util::io::ReaderStream;

use super::containers::missing_object;
use super::record::{ObjectRecord, load_record};
use crate::PROVIDER_ID;
use crate::store::blocking;

/// Size of the chunks a download yields.
pub(crate) const CHUNK: usize = 256 * 1024;

/// Opens the data file of `key`. A writer may replace the object between reading its
/// metadata and opening its data; the metadata is then read again, once.
pub(crate) fn open_object(dir: &Path, container: &str, key: &str) -> Result<(File, ObjectRecord)> {
    let mut retried = false;
    loop {
        let record = load_record(dir, key)?.ok_or_else(|| missing_object(dir, container, key))?;
        let path = dir.join(&record.data);
        match File::open(&path) {
            Ok(file) => return Ok((file, record)),
            Err(e) if e.kind() == IoKind::NotFound && !retried => retried = true,
            Err(e) if e.kind() == IoKind::NotFound => {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("data file {} of object {key:?} is missing", path.display()),
                ));
            }
            Err(e) => return Err(Error::io(format!("open {}", path.display()), e)),
        }
    }
}

/// The first byte and the length a `range` selects from an object of `size` bytes. A
/// range that is empty or reaches past the end is `InvalidInput`.
pub(crate) fn select(range: Option<ByteRange>, size: u64) -> Result<(u64, u64)> {
    let Some(range) = range else {
        return Ok((0, size));
    };
    let end = range.end.unwrap_or(size);
    if range.start >= size {
        return Err(Error::invalid_input(format!(
            "range starts at byte {} but the object is {size} bytes long",
            range.start
        )));
    }
    if end > size {
        return Err(Error::invalid_input(format!(
            "range ends at byte {end} but the object is {size} bytes long"
        )));
    }
    if end <= range.start {
        return Err(Error::invalid_input(format!(
            "range {}..{end} is empty",
            range.start
        )));
    }
    Ok((range.start, end - range.start))
}

/// Opens `key` for streaming, positioned at the range's start.
pub(crate) async fn get(
    dir: PathBuf,
    container: String,
    key: String,
    range: Option<ByteRange>,
) -> Result<ObjectDownload> {
    let (name, key_for_read) = (container.clone(), key.clone());
    let (file, record, len) = blocking("get_object", move || {
        let (mut file, record) = open_object(&dir, &name, &key_for_read)?;
        let (start, len) = select(range, record.size)?;
        if start > 0 {
            file.seek(SeekFrom::Start(start))
                .map_err(|e| Error::io(format!("seek in object {key_for_read:?}"), e))?;
        }
        Ok((file, record, len))
    })
    .await?;
    let reader = tokio::fs::File::from_std(file).take(len);
    let body = ReaderStream::with_capacity(reader, CHUNK).map_err(move |e| {
        Error::io(format!("read object {key:?}"), e).in_context(PROVIDER_ID, "get_object")
    });
    Ok(ObjectDownload {
        meta: record.to_meta(&container),
        body: Box::pin(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u64, end: Option<u64>) -> Option<ByteRange> {
        Some(ByteRange { start, end })
    }

    #[test]
    fn open_object_reports_missing_objects_and_data() {
        let dir = tempfile::tempdir().unwrap();
        let err = open_object(dir.path(), "c", "k").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.message().contains("object \"k\""), "{err}");
        let err = open_object(&dir.path().join("gone"), "gone", "k").unwrap_err();
        assert!(err.message().contains("container \"gone\""), "{err}");

        let record = ObjectRecord {
            key: "k".into(),
            data: "lost.data".into(),
            size: 1,
            sha256: String::new(),
            content_type: "text/plain".into(),
            last_modified: chrono::Utc::now(),
            metadata: Default::default(),
        };
        let meta_path = dir.path().join(super::super::layout::meta_file_name("k"));
        std::fs::write(&meta_path, serde_json::to_vec(&record).unwrap()).unwrap();
        let err = open_object(dir.path(), "c", "k").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(err.message().contains("lost.data"), "{err}");

        std::fs::write(dir.path().join("lost.data"), b"x").unwrap();
        let (_, found) = open_object(dir.path(), "c", "k").unwrap();
        assert_eq!(found, record);
    }

    #[test]
    fn ranges_inside_the_object() {
        assert_eq!(select(None, 13).unwrap(), (0, 13));
        assert_eq!(select(None, 0).unwrap(), (0, 0));
        assert_eq!(select(range(7, Some(12)), 13).unwrap(), (7, 5));
        assert_eq!(select(range(12, None), 13).unwrap(), (12, 1));
        assert_eq!(select(range(0, Some(13)), 13).unwrap(), (0, 13));
    }

    #[test]
    fn ranges_past_the_end_or_empty_are_invalid() {
        for (r, size) in [
            (range(13, None), 13),
            (range(20, Some(30)), 13),
            (range(5, Some(14)), 13),
            (range(5, Some(5)), 13),
            (range(6, Some(5)), 13),
            (range(0, None), 0),
        ] {
            let err = select(r, size).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{r:?}");
        }
    }
}
