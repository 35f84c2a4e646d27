//! Whether a key present at both ends of a sync needs copying.
//!
//! Sizes first. Then the content, where a digest is comparable without moving the
//! object: two objects whose ETags are digests of the same kind, or a small local file
//! hashed against an object's digest. Otherwise modification times: the source's (a
//! file's own, the time recorded in an object's metadata, else the object's
//! last-modified time) against the one the destination recorded when a sync wrote it.
//! A large file whose times differ is still hashed when the object has a digest, which
//! costs less than sending it again.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::entries::{SyncEntry, object_entry};
use super::mtime::same_time;
use super::side::SyncSide;
use crate::storage::{DigestKind, StreamDigest};
use crate::{Error, Result};

/// Files up to this size are compared by content when the other end has a digest;
/// larger ones by time first.
pub const HASH_FIRST_LIMIT: u64 = 16 * 1024 * 1024;

/// Why a sync copies a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyReason {
    /// The destination lacks it.
    Missing,
    /// The sizes differ.
    Size,
    /// The digests differ.
    Content,
    /// The modification times differ (or the destination recorded none).
    Modified,
}

impl CopyReason {
    /// The reason as one word.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyReason::Missing => "missing",
            CopyReason::Size => "size",
            CopyReason::Content => "content",
            CopyReason::Modified => "modified",
        }
    }
}

/// Why `key` must be copied from `src` to `dst`, or `None` when both ends hold the
/// same. May hash a local file or ask for an object's metadata.
pub async fn reason_to_copy(
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    key: &str,
    s: &SyncEntry,
    d: &SyncEntry,
) -> Result<Option<CopyReason>> {
    if s.size != d.size {
        return Ok(Some(CopyReason::Size));
    }
    if let (Some(a), Some(b)) = (&s.digest, &d.digest)
        && a.0 == b.0
    {
        return Ok((a.1 != b.1).then_some(CopyReason::Content));
    }
    let hashable = hashable(s, d);
    if let Some((path, kind, want)) = &hashable
        && s.size <= HASH_FIRST_LIMIT
    {
        return same_content(path, *kind, want).await;
    }
    let src_time = source_time(src, key, s).await?;
    let dst_time = recorded_time(dst, key, d).await?;
    if let (Some(a), Some(b)) = (src_time, dst_time)
        && same_time(a, b)
    {
        return Ok(None);
    }
    match &hashable {
        Some((path, kind, want)) => same_content(path, *kind, want).await,
        None => Ok(Some(CopyReason::Modified)),
    }
}

/// A local file at one end and an object digest at the other: what to hash and the
/// digest to compare with.
fn hashable(s: &SyncEntry, d: &SyncEntry) -> Option<(PathBuf, DigestKind, String)> {
    let (file, object) = match (&s.path, &d.path) {
        (Some(_), None) => (s, d),
        (None, Some(_)) => (d, s),
        _ => return None,
    };
    let (kind, digest) = object.digest.clone()?;
    Some((file.path.clone()?, kind, digest))
}

async fn same_content(path: &Path, kind: DigestKind, want: &str) -> Result<Option<CopyReason>> {
    let got = hash_file(path, kind).await?;
    Ok((got != want).then_some(CopyReason::Content))
}

/// The digest of a file's bytes, as lowercase hex, computed off the async threads.
pub async fn hash_file(path: &Path, kind: DigestKind) -> Result<String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let read_err = |e| Error::io(format!("cannot read {}", path.display()), e);
        let mut file = std::fs::File::open(&path).map_err(read_err)?;
        let mut digest = StreamDigest::new(kind == DigestKind::Sha256);
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file.read(&mut buf).map_err(read_err)?;
            if n == 0 {
                break;
            }
            digest.update(&buf[..n]);
        }
        let done = digest.finish();
        Ok(done.of(kind).unwrap_or_default().to_string())
    })
    .await
    .map_err(|e| Error::invalid_input(format!("hashing failed: {e}")))?
}

/// The source's modification time: a file's own; an object's recorded one (asked for
/// when the listing did not carry metadata), else its last-modified time.
async fn source_time(
    side: &SyncSide<'_>,
    key: &str,
    e: &SyncEntry,
) -> Result<Option<DateTime<Utc>>> {
    if e.path.is_some() || e.mtime.is_some() {
        return Ok(e.mtime);
    }
    let recorded = recorded_time(side, key, e).await?;
    Ok(recorded.or(e.last_modified))
}

/// The modification time a destination holds: a file's own, or the one recorded in an
/// object's metadata (asked for with a `HEAD` when the listing did not carry it).
async fn recorded_time(
    side: &SyncSide<'_>,
    key: &str,
    e: &SyncEntry,
) -> Result<Option<DateTime<Utc>>> {
    if e.path.is_some() || e.mtime.is_some() {
        return Ok(e.mtime);
    }
    match *side {
        SyncSide::Dir(_) => Ok(None),
        SyncSide::Objects {
            storage,
            container,
            prefix,
        } => {
            let meta = storage
                .head_object(container, &SyncSide::object_key(prefix, key))
                .await?;
            Ok(object_entry(&meta).mtime)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn object(size: u64, digest: Option<&str>, mtime: Option<i64>) -> SyncEntry {
        SyncEntry {
            size,
            mtime: mtime.map(|t| Utc.timestamp_opt(t, 0).unwrap()),
            last_modified: Some(Utc.timestamp_opt(5, 0).unwrap()),
            digest: digest.map(|d| (DigestKind::Md5, d.to_string())),
            path: None,
        }
    }

    fn file(path: &Path, mtime: i64) -> SyncEntry {
        SyncEntry {
            size: std::fs::metadata(path).unwrap().len(),
            mtime: Some(Utc.timestamp_opt(mtime, 0).unwrap()),
            last_modified: None,
            digest: None,
            path: Some(path.to_path_buf()),
        }
    }

    fn no_dir() -> SyncSide<'static> {
        SyncSide::Dir(Path::new("/nonexistent"))
    }

    async fn r(s: &SyncEntry, d: &SyncEntry) -> Option<CopyReason> {
        reason_to_copy(&no_dir(), &no_dir(), "k", s, d)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn sizes_then_digests_decide_between_objects() {
        let a = object(3, Some("900150983cd24fb0d6963f7d28e17f72"), None);
        let same = a.clone();
        let other = object(3, Some("00000000000000000000000000000000"), None);
        let longer = object(4, a.digest.as_ref().map(|d| d.1.as_str()), None);
        assert_eq!(r(&a, &same).await, None);
        assert_eq!(r(&a, &other).await, Some(CopyReason::Content));
        assert_eq!(r(&a, &longer).await, Some(CopyReason::Size));
    }

    #[tokio::test]
    async fn a_small_file_is_hashed_against_the_object_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        std::fs::write(&path, b"abc").unwrap();
        let md5_abc = object(3, Some("900150983cd24fb0d6963f7d28e17f72"), None);
        let wrong = object(3, Some("00000000000000000000000000000000"), None);
        let f = file(&path, 100);
        assert_eq!(r(&f, &md5_abc).await, None);
        assert_eq!(r(&f, &wrong).await, Some(CopyReason::Content));
        assert_eq!(r(&md5_abc, &f).await, None, "either direction");
    }

    #[tokio::test]
    async fn without_a_digest_recorded_times_decide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"xyz").unwrap();
        let f = file(&path, 100);
        assert_eq!(r(&f, &object(3, None, Some(100))).await, None);
        assert_eq!(
            r(&f, &object(3, None, Some(101))).await,
            Some(CopyReason::Modified)
        );
    }
}
