//! A state file and its locking, for each area that keeps its state in one JSON file
//! (compute, DNS).
//!
//! Every operation takes a lock on `state.lock` (shared to read, exclusive to change),
//! reads `state.json`, and, to change it, writes the new state to a temporary file in the
//! same directory, flushes it to disk and renames it over `state.json`. `flock`-style
//! locks belong to an open file description, so each operation opens the lock file
//! afresh: two drivers in one process exclude each other just as two processes do. A
//! crash at any point leaves either the old state or the new one.

use std::fs::File;
use std::io::ErrorKind as IoKind;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cloud_core::{Error, ErrorKind, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::{blocking, remove_if_present, write_atomic};

/// A short random id with a prefix for a record a state file holds: `node-1a2b3c4d5e6f`,
/// `zone-…`, `lb-…`.
pub(crate) fn short_id(prefix: &str) -> String {
    let uuid = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", &uuid[..12])
}

/// What a state file holds: a versioned layout, empty by default.
pub(crate) trait StateLayout: Default + Serialize + DeserializeOwned {
    /// The layout version this crate writes.
    const VERSION: u32;

    /// The layout version a loaded file declares.
    fn version(&self) -> u32;
}

const STATE_FILE: &str = "state.json";
const LOCK_FILE: &str = "state.lock";
const TMP_SUFFIX: &str = ".tmp";

/// Handle on one state directory holding a state file of layout `S`; cheap to clone.
pub(crate) struct Store<S> {
    dir: Arc<PathBuf>,
    layout: PhantomData<fn() -> S>,
}

impl<S> Clone for Store<S> {
    fn clone(&self) -> Self {
        Store {
            dir: self.dir.clone(),
            layout: PhantomData,
        }
    }
}

impl<S> std::fmt::Debug for Store<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl<S: StateLayout> Store<S> {
    /// Opens (creating if needed) the state directory `dir`, removes temporary files a
    /// crashed writer left behind, and checks that the state file is readable.
    pub fn open(dir: PathBuf) -> Result<Store<S>> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("create state directory {}", dir.display()), e))?;
        let store = Store {
            dir: Arc::new(dir),
            layout: PhantomData,
        };
        let lock = store.lock_file()?;
        lock.lock().map_err(|e| store.lock_error(e))?;
        store.remove_stale_temp_files();
        store.load()?;
        Ok(store)
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `read` on the current state under a shared lock.
    pub fn read<T>(&self, read: impl FnOnce(&S) -> Result<T>) -> Result<T> {
        let lock = self.lock_file()?;
        lock.lock_shared().map_err(|e| self.lock_error(e))?;
        let state = self.load()?;
        read(&state)
    }

    /// Runs `change` on the current state under an exclusive lock and saves the result
    /// when it succeeds. On error nothing is written.
    pub fn update<T>(&self, change: impl FnOnce(&mut S) -> Result<T>) -> Result<T> {
        let lock = self.lock_file()?;
        lock.lock().map_err(|e| self.lock_error(e))?;
        let mut state = self.load()?;
        let out = change(&mut state)?;
        self.save(&state)?;
        Ok(out)
    }

    /// [`Store::read`] on tokio's blocking pool, naming `operation` in any error.
    pub async fn read_in_background<T, F>(&self, operation: &'static str, read: F) -> Result<T>
    where
        S: 'static,
        T: Send + 'static,
        F: FnOnce(&S) -> Result<T> + Send + 'static,
    {
        let store = self.clone();
        blocking(operation, move || store.read(read)).await
    }

    /// [`Store::update`] on tokio's blocking pool, naming `operation` in any error.
    pub async fn update_in_background<T, F>(&self, operation: &'static str, change: F) -> Result<T>
    where
        S: 'static,
        T: Send + 'static,
        F: FnOnce(&mut S) -> Result<T> + Send + 'static,
    {
        let store = self.clone();
        blocking(operation, move || store.update(change)).await
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn lock_error(&self, err: std::io::Error) -> Error {
        Error::io(format!("lock {}", self.path(LOCK_FILE).display()), err)
    }

    fn lock_file(&self) -> Result<File> {
        let path = self.path(LOCK_FILE);
        File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(format!("open {}", path.display()), e))
    }

    fn load(&self) -> Result<S> {
        let path = self.path(STATE_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == IoKind::NotFound => return Ok(S::default()),
            Err(e) => return Err(Error::io(format!("read {}", path.display()), e)),
        };
        let state: S = serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("state file {} is not valid: {e}", path.display()),
            )
        })?;
        if state.version() > S::VERSION {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "state file {} has layout version {}, newer than this library's {}",
                    path.display(),
                    state.version(),
                    S::VERSION
                ),
            ));
        }
        Ok(state)
    }

    fn save(&self, state: &S) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(state)
            .map_err(|e| Error::new(ErrorKind::Io, format!("encode state: {e}")))?;
        let tmp = self.path(&format!(
            "{STATE_FILE}.{}{TMP_SUFFIX}",
            uuid::Uuid::new_v4().simple()
        ));
        write_atomic(&tmp, &self.path(STATE_FILE), &bytes)
    }

    /// Removes `state.json.*.tmp` files a crashed writer left. Only called under the
    /// exclusive lock, when no other writer can be using one.
    fn remove_stale_temp_files(&self) {
        let Ok(entries) = std::fs::read_dir(self.dir.as_path()) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(STATE_FILE) && name.ends_with(TMP_SUFFIX) {
                remove_if_present(&entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::records::State;

    #[test]
    fn short_ids_are_prefixed_and_distinct() {
        let a = short_id("node");
        let b = short_id("node");
        assert!(a.starts_with("node-") && a.len() == 17, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn update_persists_and_failed_update_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::<State>::open(dir.path().join("compute")).unwrap();
        store
            .update(|s| {
                s.idempotency.insert(
                    "k".into(),
                    crate::compute::records::IdempotencyRecord {
                        node_id: "node-1".into(),
                        request: "r".into(),
                    },
                );
                Ok(())
            })
            .unwrap();
        let err = store
            .update(|s| -> Result<()> {
                s.idempotency.clear();
                Err(Error::invalid_input("no"))
            })
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let reopened = Store::<State>::open(dir.path().join("compute")).unwrap();
        let count = reopened.read(|s| Ok(s.idempotency.len())).unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn stale_temp_files_are_removed_and_corrupt_state_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let compute = dir.path().join("compute");
        std::fs::create_dir_all(&compute).unwrap();
        let stale = compute.join("state.json.deadbeef.tmp");
        std::fs::write(&stale, b"half a st").unwrap();
        let store = Store::<State>::open(compute.clone()).unwrap();
        assert!(!stale.exists());

        std::fs::write(compute.join(STATE_FILE), b"{not json").unwrap();
        let err = store.read(|_| Ok(())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(err.message().contains("not valid"), "{err}");
    }

    #[test]
    fn newer_layout_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), br#"{"version": 99}"#).unwrap();
        let err = Store::<State>::open(dir.path().to_path_buf()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("99"), "{err}");
    }
}
