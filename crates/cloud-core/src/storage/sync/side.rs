//! The two ends of a sync: a local directory, or a prefix of a container.

use std::path::{Component, Path, PathBuf};

use crate::storage::ObjectStorage;
use crate::{Error, Result};

/// One end of a sync.
#[derive(Debug, Clone, Copy)]
pub enum SyncSide<'a> {
    /// A local directory; keys are paths below it with `/` between the parts.
    Dir(&'a Path),
    /// The objects of `container` whose keys start with `prefix`; a key of the sync is
    /// the rest of the object's key.
    Objects {
        /// The provider's object storage.
        storage: &'a dyn ObjectStorage,
        /// The container.
        container: &'a str,
        /// The prefix (empty for the whole container; usually ending in `/`).
        prefix: &'a str,
    },
}

impl SyncSide<'_> {
    /// The side for messages: the directory, or `PROVIDER:CONTAINER/PREFIX`.
    pub fn shown(&self) -> String {
        match self {
            SyncSide::Dir(dir) => dir.display().to_string(),
            SyncSide::Objects {
                storage,
                container,
                prefix,
            } => format!("{}:{container}/{prefix}", storage.provider_id()),
        }
    }

    /// The object key of a sync key on an objects side.
    pub(super) fn object_key(prefix: &str, key: &str) -> String {
        format!("{prefix}{key}")
    }
}

/// Where the sync key `key` lives under `dir`; keys that would climb out of it (`..`,
/// absolute paths) are an `InvalidInput` error.
pub fn local_path_for_key(dir: &Path, key: &str) -> Result<PathBuf> {
    let rel = Path::new(key);
    let safe = !key.is_empty()
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !safe {
        return Err(Error::invalid_input(format!(
            "key part {key:?} would be written outside {}",
            dir.display()
        )));
    }
    Ok(dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_directory() {
        let dir = Path::new("/tmp/out");
        assert_eq!(
            local_path_for_key(dir, "a/b.txt").unwrap(),
            PathBuf::from("/tmp/out/a/b.txt")
        );
        for bad in ["../etc/passwd", "a/../../x", "/etc/passwd", ""] {
            assert!(local_path_for_key(dir, bad).is_err(), "{bad}");
        }
    }
}
