//! What each end of a sync holds: the files under a directory, or the objects under a
//! prefix, by sync key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use futures::TryStreamExt;

use super::filter::KeyFilter;
use super::mtime::{MTIME_KEY, parse_mtime};
use super::side::SyncSide;
use crate::storage::{
    DigestKind, ListEntry, ListObjects, ObjectMeta, content_digest, is_partial_download,
};
use crate::{Error, Result};

/// One file or object of a sync end.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncEntry {
    /// Its size in bytes.
    pub size: u64,
    /// A file's modification time, or the time recorded in an object's metadata when
    /// the listing carried it.
    pub mtime: Option<DateTime<Utc>>,
    /// When the provider last wrote the object.
    pub last_modified: Option<DateTime<Utc>>,
    /// The object's content digest, when its ETag is one.
    pub digest: Option<(DigestKind, String)>,
    /// A file's path.
    pub path: Option<PathBuf>,
}

/// The entries of a sync end, by sync key.
pub type Entries = BTreeMap<String, SyncEntry>;

/// Lists `side`, keeping the keys `filter` admits. A directory that does not exist is
/// empty (a sync creates it when it writes there).
pub async fn list_side(side: &SyncSide<'_>, filter: &KeyFilter) -> Result<Entries> {
    match *side {
        SyncSide::Dir(dir) => {
            let dir = dir.to_path_buf();
            let filter = filter.clone();
            tokio::task::spawn_blocking(move || list_dir(&dir, &filter))
                .await
                .map_err(|e| Error::invalid_input(format!("the directory walk failed: {e}")))?
        }
        SyncSide::Objects {
            storage,
            container,
            prefix,
        } => {
            let options = ListObjects {
                prefix: Some(prefix.to_string()).filter(|p| !p.is_empty()),
                ..ListObjects::default()
            };
            let mut entries = Entries::new();
            let mut listing = storage.list_objects(container, &options);
            while let Some(entry) = listing.try_next().await? {
                let ListEntry::Object(meta) = entry else {
                    continue;
                };
                let Some(key) = meta.name.strip_prefix(prefix) else {
                    continue;
                };
                // Folder markers (`dir/`) hold no file.
                if key.is_empty() || key.ends_with('/') || !filter.admits(key) {
                    continue;
                }
                entries.insert(key.to_string(), object_entry(&meta));
            }
            Ok(entries)
        }
    }
}

/// The entry of an object as described by a listing or a `HEAD`.
pub fn object_entry(meta: &ObjectMeta) -> SyncEntry {
    SyncEntry {
        size: meta.size,
        mtime: meta.metadata.get(MTIME_KEY).and_then(|t| parse_mtime(t)),
        last_modified: meta.last_modified,
        digest: content_digest(meta),
        path: None,
    }
}

/// The regular files under `dir` (symbolic links to files followed; to folders not),
/// leaving out downloads in progress.
fn list_dir(dir: &Path, filter: &KeyFilter) -> Result<Entries> {
    let mut entries = Entries::new();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(entries),
        Err(e) => return Err(Error::io(format!("cannot read {}", dir.display()), e)),
        Ok(m) if !m.is_dir() => {
            return Err(Error::invalid_input(format!(
                "{} is not a directory",
                dir.display()
            )));
        }
        Ok(_) => {}
    }
    walk(dir, "", filter, &mut entries)?;
    Ok(entries)
}

fn walk(dir: &Path, prefix: &str, filter: &KeyFilter, out: &mut Entries) -> Result<()> {
    let read_err = |e| Error::io(format!("cannot read {}", dir.display()), e);
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_str().ok_or_else(|| {
            Error::invalid_input(format!(
                "{} is not UTF-8: it cannot be a key",
                path.display()
            ))
        })?;
        let kind = entry.file_type().map_err(read_err)?;
        let key = format!("{prefix}{name}");
        if kind.is_dir() {
            walk(&path, &format!("{key}/"), filter, out)?;
            continue;
        }
        if is_partial_download(name) || !filter.admits(&key) {
            continue;
        }
        let metadata = match std::fs::metadata(&path) {
            Ok(m) => m,
            // A dangling link, or a file removed since the directory was read.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
        };
        if !metadata.is_file() {
            continue;
        }
        out.insert(
            key,
            SyncEntry {
                size: metadata.len(),
                mtime: metadata.modified().ok().map(DateTime::<Utc>::from),
                last_modified: None,
                digest: None,
                path: Some(path),
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_directory_lists_nested_files_and_skips_partial_downloads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("top.txt"), b"1").unwrap();
        std::fs::write(dir.path().join("a/b/deep.txt"), b"22").unwrap();
        std::fs::write(dir.path().join("a/.libcloud-get-x1.part"), b"333").unwrap();
        std::fs::write(dir.path().join("a/skip.log"), b"4444").unwrap();
        let filter = KeyFilter::new(&[], &["*.log".to_string()]).unwrap();
        let entries = list_side(&SyncSide::Dir(dir.path()), &filter)
            .await
            .unwrap();
        let keys: Vec<(&str, u64)> = entries.iter().map(|(k, e)| (k.as_str(), e.size)).collect();
        assert_eq!(keys, [("a/b/deep.txt", 2), ("top.txt", 1)]);
        assert!(entries["top.txt"].mtime.is_some());
    }

    #[tokio::test]
    async fn a_missing_directory_is_empty_and_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let none = dir.path().join("none");
        let filter = KeyFilter::default();
        assert!(
            list_side(&SyncSide::Dir(&none), &filter)
                .await
                .unwrap()
                .is_empty()
        );
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        let err = list_side(&SyncSide::Dir(&file), &filter).await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
    }
}
