//! The on-disk layer the compute and storage halves share: blocking file work off the
//! async threads, atomic writes, directory flushes and cleanup.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use cloud_core::{Error, ErrorKind, Result};

use crate::PROVIDER_ID;

/// Runs blocking file work on tokio's blocking pool, naming `operation` in any error.
pub(crate) async fn blocking<T, F>(operation: &'static str, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(|e| e.in_context(PROVIDER_ID, operation)),
        Err(join) => Err(Error::new(
            ErrorKind::Io,
            format!("background file task failed: {join}"),
        )
        .in_context(PROVIDER_ID, operation)),
    }
}

/// Writes `bytes` to `tmp`, flushes it to disk, and renames it over `target`; `tmp` must
/// be in the same directory as `target`. Readers see the old content or the new, never
/// a mix. On failure `tmp` is removed.
pub(crate) fn write_atomic(tmp: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let written = (|| -> io::Result<()> {
        let mut file = File::options().write(true).create_new(true).open(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(tmp, target)
    })();
    if let Err(err) = written {
        remove_if_present(tmp);
        return Err(Error::io(format!("write {}", target.display()), err));
    }
    if let Some(dir) = target.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Flushes a directory's entries (new names, renames) to disk. Best effort: some
/// filesystems do not support it, and a missed flush only loses durability, never
/// consistency.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Removes a file, ignoring a file that is already gone and any other failure: used for
/// cleanup on paths that already report an error, or where the file is garbage.
pub(crate) fn remove_if_present(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        write_atomic(&dir.path().join("a.tmp"), &target, b"one").unwrap();
        write_atomic(&dir.path().join("b.tmp"), &target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
    }

    #[test]
    fn write_atomic_into_missing_dir_fails_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = write_atomic(&missing.join("t.tmp"), &missing.join("s"), b"x").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(!missing.exists());
    }

    #[tokio::test]
    async fn blocking_adds_context() {
        let err = blocking("get_node", || -> Result<()> { Err(Error::not_found("x")) })
            .await
            .unwrap_err();
        assert_eq!(err.provider(), Some("local"));
        assert_eq!(err.operation(), Some("get_node"));
    }
}
