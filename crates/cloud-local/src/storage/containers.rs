//! Containers: directories under the storage root.

use std::fs::File;
use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use cloud_core::compute::Extra;
use cloud_core::storage::{Container, validate_container_name};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::json;

use super::layout::{FileKind, LOCK_FILE, classify};
use crate::store::{remove_if_present, sync_dir};

/// The `NotFound` error for a missing container.
pub(crate) fn missing_container(name: &str) -> Error {
    Error::not_found(format!("container {name:?} does not exist"))
}

/// The `NotFound` error for a missing object, or for its missing container.
pub(crate) fn missing_object(dir: &Path, container: &str, key: &str) -> Error {
    if dir.is_dir() {
        Error::not_found(format!(
            "object {key:?} does not exist in container {container:?}"
        ))
    } else {
        missing_container(container)
    }
}

/// Takes the container's exclusive lock, held until the returned file is dropped.
/// Commits and deletes take it; reads never do.
pub(crate) fn lock_container(dir: &Path, name: &str) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| match e.kind() {
            IoKind::NotFound => missing_container(name),
            _ => Error::io(format!("open {}", path.display()), e),
        })?;
    file.lock()
        .map_err(|e| Error::io(format!("lock {}", path.display()), e))?;
    Ok(file)
}

fn describe(name: &str, dir: &Path, meta: &std::fs::Metadata) -> Container {
    let created = meta.created().or_else(|_| meta.modified()).ok();
    let mut extra = Extra::new();
    extra.insert("path".into(), json!(dir.display().to_string()));
    Container {
        name: name.to_string(),
        created_at: created.map(DateTime::<Utc>::from),
        location: None,
        extra,
    }
}

/// Creates the container `name` under `root`.
pub(crate) fn create(root: &Path, name: &str) -> Result<Container> {
    validate_container_name(name)?;
    let dir = root.join(name);
    match std::fs::create_dir(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == IoKind::AlreadyExists => {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("container {name:?} already exists"),
            ));
        }
        Err(e) => return Err(Error::io(format!("create {}", dir.display()), e)),
    }
    sync_dir(root);
    get(root, name)
}

/// The container `name`.
pub(crate) fn get(root: &Path, name: &str) -> Result<Container> {
    validate_container_name(name)?;
    let dir = root.join(name);
    match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => Ok(describe(name, &dir, &meta)),
        Ok(_) => Err(missing_container(name)),
        Err(e) if e.kind() == IoKind::NotFound => Err(missing_container(name)),
        Err(e) => Err(Error::io(format!("stat {}", dir.display()), e)),
    }
}

/// Every container under `root`, by name.
pub(crate) fn list(root: &Path) -> Result<Vec<Container>> {
    let entries =
        std::fs::read_dir(root).map_err(|e| Error::io(format!("list {}", root.display()), e))?;
    let mut containers = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("list {}", root.display()), e))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if validate_container_name(&name).is_err() {
            continue;
        }
        match entry.metadata() {
            Ok(meta) if meta.is_dir() => containers.push(describe(&name, &entry.path(), &meta)),
            // Not a directory, or removed while listing.
            _ => continue,
        }
    }
    containers.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(containers)
}

/// Deletes the empty container `name`: `Conflict` while it holds objects or files this
/// driver did not write. Uploads still in progress are abandoned.
pub(crate) fn delete(root: &Path, name: &str) -> Result<()> {
    validate_container_name(name)?;
    let dir = root.join(name);
    if !dir.is_dir() {
        return Err(missing_container(name));
    }
    let _lock = lock_container(&dir, name)?;
    let entries =
        std::fs::read_dir(&dir).map_err(|e| Error::io(format!("list {}", dir.display()), e))?;
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("list {}", dir.display()), e))?;
        let file_name = entry.file_name();
        let kind = file_name.to_str().map_or(FileKind::Other, classify);
        match kind {
            FileKind::Meta(_) | FileKind::HashedMeta => {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!("container {name:?} is not empty"),
                ));
            }
            FileKind::Other => {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "container {name:?} holds a file this driver did not write: {}",
                        file_name.to_string_lossy()
                    ),
                ));
            }
            FileKind::Data | FileKind::Tmp | FileKind::Lock => leftovers.push(entry.path()),
        }
    }
    for path in &leftovers {
        remove_if_present(path);
    }
    std::fs::remove_dir(&dir).map_err(|e| match e.kind() {
        IoKind::DirectoryNotEmpty => Error::new(
            ErrorKind::Conflict,
            format!("container {name:?} was written to while being deleted"),
        ),
        _ => Error::io(format!("remove {}", dir.display()), e),
    })?;
    sync_dir(root);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_get_list_delete() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let made = create(root, "b").unwrap();
        assert_eq!(made.name, "b");
        assert!(made.created_at.is_some());
        create(root, "a").unwrap();
        std::fs::write(root.join("not-a-dir"), b"x").unwrap();
        let names: Vec<String> = list(root).unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(
            create(root, "a").unwrap_err().kind(),
            ErrorKind::AlreadyExists
        );
        assert_eq!(
            get(root, "not-a-dir").unwrap_err().kind(),
            ErrorKind::NotFound
        );

        // Leftover uploads and orphaned data do not keep a container alive.
        std::fs::write(root.join("a").join("0123.tmp"), b"partial").unwrap();
        std::fs::write(root.join("a").join("4567.data"), b"orphan").unwrap();
        delete(root, "a").unwrap();
        assert_eq!(get(root, "a").unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(delete(root, "a").unwrap_err().kind(), ErrorKind::NotFound);
    }

    #[test]
    fn non_empty_or_foreign_files_block_delete() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        create(root, "c").unwrap();
        std::fs::write(root.join("c").join("k.meta"), b"{}").unwrap();
        let err = delete(root, "c").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(err.message().contains("not empty"), "{err}");
        std::fs::remove_file(root.join("c").join("k.meta")).unwrap();
        std::fs::write(root.join("c").join("notes.txt"), b"mine").unwrap();
        let err = delete(root, "c").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(err.message().contains("notes.txt"), "{err}");
    }

    #[test]
    fn escaping_names_are_rejected_before_touching_disk() {
        let root = tempfile::tempdir().unwrap();
        let inner = root.path().join("inner");
        std::fs::create_dir(&inner).unwrap();
        for bad in ["..", "../x", "a/b", "", "x\0"] {
            assert_eq!(
                create(&inner, bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
            assert_eq!(
                delete(&inner, bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
            assert_eq!(
                get(&inner, bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
        assert!(inner.exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
