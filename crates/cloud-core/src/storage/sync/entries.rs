//! What each end of a sync holds: the files under a directory, or the objects under a
//! prefix, by sync key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use futures::stream::FuturesUnordered;
use futures::{StreamExt, TryStreamExt};

use super::filter::KeyFilter;
use super::mtime::{MTIME_KEY, parse_mtime};
use super::side::SyncSide;
use crate::storage::{
    DigestKind, ListEntry, ListObjects, ObjectMeta, ObjectStorage, StorageFeature, content_digest,
    is_partial_download,
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

/// Folder listings of an objects side [`list_side`] runs at once.
pub const FOLDER_LISTINGS: usize = 16;

/// Lists `side`, keeping the keys `filter` admits. A directory that does not exist is
/// empty (a sync creates it when it writes there). An objects side is listed folder by
/// folder, [`FOLDER_LISTINGS`] at once (see [`list_side_with`]).
pub async fn list_side(side: &SyncSide<'_>, filter: &KeyFilter) -> Result<Entries> {
    list_side_with(side, filter, FOLDER_LISTINGS).await
}

/// [`list_side`], listing up to `listings` folders of an objects side at once.
///
/// When the storage supports a delimiter, each folder (a common prefix ending in `/`)
/// is listed on its own, with `/` as the delimiter, and its subfolders are listed as
/// they are found, so a large tree takes many short listings side by side rather than
/// one long chain of pages (some servers also walk their whole store for every page
/// of a flat listing). Otherwise the prefix is listed flat.
pub async fn list_side_with(
    side: &SyncSide<'_>,
    filter: &KeyFilter,
    listings: usize,
) -> Result<Entries> {
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
            let mut entries = Entries::new();
            if !storage.capabilities().supports(StorageFeature::Delimiter) {
                let options = ListObjects {
                    prefix: Some(prefix.to_string()).filter(|p| !p.is_empty()),
                    ..ListObjects::default()
                };
                let mut listing = storage.list_objects(container, &options);
                while let Some(entry) = listing.try_next().await? {
                    if let ListEntry::Object(meta) = entry
                        && let Some((key, entry)) = kept(prefix, filter, &meta)
                    {
                        entries.insert(key, entry);
                    }
                }
                return Ok(entries);
            }
            let mut folders = vec![prefix.to_string()];
            let mut running = FuturesUnordered::new();
            loop {
                while running.len() < listings.max(1)
                    && let Some(folder) = folders.pop()
                {
                    running.push(list_folder(storage, container, prefix, folder, filter));
                }
                let Some(listed) = running.next().await else {
                    break;
                };
                let (found, subfolders) = listed?;
                entries.extend(found);
                folders.extend(subfolders);
            }
            Ok(entries)
        }
    }
}

/// The sync key and entry of a listed object under `prefix`, unless it is a folder
/// marker (`dir/`, which holds no file) or `filter` leaves it out.
fn kept(prefix: &str, filter: &KeyFilter, meta: &ObjectMeta) -> Option<(String, SyncEntry)> {
    let key = meta.name.strip_prefix(prefix)?;
    if key.is_empty() || key.ends_with('/') || !filter.admits(key) {
        return None;
    }
    Some((key.to_string(), object_entry(meta)))
}

/// The entries directly in `folder` (every page of them) that `filter` admits, with
/// their sync keys below `prefix`, and its subfolders.
async fn list_folder(
    storage: &dyn ObjectStorage,
    container: &str,
    prefix: &str,
    folder: String,
    filter: &KeyFilter,
) -> Result<(Vec<(String, SyncEntry)>, Vec<String>)> {
    let options = ListObjects {
        prefix: Some(folder.clone()).filter(|p| !p.is_empty()),
        delimiter: Some("/".to_string()),
        ..ListObjects::default()
    };
    let (mut found, mut subfolders) = (Vec::new(), Vec::new());
    let mut listing = storage.list_objects(container, &options);
    while let Some(entry) = listing.try_next().await? {
        match entry {
            ListEntry::Object(meta) => found.extend(kept(prefix, filter, &meta)),
            // Only deeper prefixes, so that the walk always ends.
            ListEntry::Prefix { prefix: sub }
                if sub.len() > folder.len() && sub.starts_with(&folder) =>
            {
                subfolders.push(sub);
            }
            ListEntry::Prefix { .. } => {}
        }
    }
    Ok((found, subfolders))
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

    #[tokio::test]
    async fn a_walk_by_folders_finds_what_a_flat_listing_finds() {
        let keys = [
            "p/top.txt",
            "p/a/",
            "p/a/one",
            "p/a/b/two",
            "p/a/b/c/three.log",
            "p/a/b/c/four",
            "p/z/five",
            "p//double",
            "q/outside",
            "p-sibling",
        ];
        let filter = KeyFilter::new(&[], &["*.log".to_string()]).unwrap();
        let mut found = Vec::new();
        for delimiter in [false, true] {
            let store = super::super::memstore::MemStore::with_keys(delimiter, &keys);
            for listings in [1, 3] {
                let side = SyncSide::Objects {
                    storage: &store,
                    container: "c",
                    prefix: "p/",
                };
                let entries = list_side_with(&side, &filter, listings).await.unwrap();
                found.push(entries.keys().cloned().collect::<Vec<_>>());
            }
            let asked = store.listings.load(std::sync::atomic::Ordering::SeqCst);
            assert_eq!(asked, if delimiter { 2 * 6 } else { 2 }, "{delimiter}");
        }
        let want = [
            "/double",
            "a/b/c/four",
            "a/b/two",
            "a/one",
            "top.txt",
            "z/five",
        ];
        for keys in found {
            assert_eq!(keys, want);
        }
    }
}
