//! `storage cp -r` between a local directory and a prefix: every file up, or every
//! object down, a bounded number at once, under one progress bar.

use std::path::{Component, Path, PathBuf};

use futures::{StreamExt, TryStreamExt};
use libcloud::core::storage::plan_prefix_copy;
use libcloud::{Error, ObjectMeta, ObjectStorage, Result};

use crate::cli::ObjectPath;
use crate::commands::{storage::check, transfer};
use crate::progress;

/// One local file and the key it goes to.
struct LocalFile {
    path: PathBuf,
    key: String,
    size: u64,
}

/// Uploads every file under `dir` to `container`, each under `prefix` followed by its
/// path relative to `dir` (with `/` between the parts); returns the stored objects in
/// key order.
pub async fn upload_dir(
    storage: &dyn ObjectStorage,
    dir: &Path,
    container: &str,
    prefix: &str,
    concurrency: usize,
) -> Result<Vec<ObjectMeta>> {
    if !dir.is_dir() {
        return Err(Error::invalid_input(format!(
            "{} is not a directory (-r copies a directory or a prefix)",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    walk(dir, prefix, &mut files)?;
    files.sort_by(|a, b| a.key.cmp(&b.key));
    let targets: Vec<ObjectPath> = files
        .iter()
        .map(|f| ObjectPath {
            container: container.to_string(),
            key: f.key.clone(),
        })
        .collect();
    for target in &targets {
        check(storage, target, "put_object")?;
    }
    let total = files.iter().map(|f| f.size).sum();
    let bar = progress::transfer(Some(total), &format!("put {} files", files.len()));
    let result = futures::stream::iter(files.iter().zip(&targets))
        .map(|(file, target)| {
            transfer::upload_counted(storage, target, &file.path, None, Some(&bar))
        })
        .buffered(concurrency.max(1))
        .try_collect()
        .await;
    bar.finish_and_clear();
    result
}

/// The regular files under `dir` (following symbolic links), with their keys.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<LocalFile>) -> Result<()> {
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
        let metadata = std::fs::metadata(&path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let key = format!("{prefix}{name}");
        if metadata.is_dir() {
            walk(&path, &format!("{key}/"), out)?;
        } else if metadata.is_file() {
            out.push(LocalFile {
                path,
                key,
                size: metadata.len(),
            });
        }
    }
    Ok(())
}

/// Downloads every object of `container` under `prefix` into `dir`, each at its key
/// less the prefix (directories made as needed; keys ending in `/` are folder markers
/// and skipped); returns the objects in key order. Each file appears only once it is
/// complete. No object under the prefix is a `NotFound` error.
pub async fn download_prefix(
    storage: &dyn ObjectStorage,
    container: &str,
    prefix: &str,
    dir: &Path,
    concurrency: usize,
) -> Result<Vec<ObjectMeta>> {
    let plan = plan_prefix_copy(storage, container, prefix, "").await?;
    let plan: Vec<_> = plan
        .into_iter()
        .filter(|p| !p.dst_key.is_empty() && !p.dst_key.ends_with('/'))
        .collect();
    if plan.is_empty() {
        return Err(
            Error::not_found(format!("no objects under {container}/{prefix}"))
                .with_provider(storage.provider_id())
                .with_operation("list_objects"),
        );
    }
    let mut jobs = Vec::with_capacity(plan.len());
    for planned in &plan {
        let path = local_path(dir, &planned.dst_key)?;
        let source = ObjectPath {
            container: container.to_string(),
            key: planned.source.name.clone(),
        };
        check(storage, &source, "get_object")?;
        jobs.push((source, path));
    }
    let total = plan.iter().map(|p| p.source.size).sum();
    let bar = progress::transfer(Some(total), &format!("get {} objects", plan.len()));
    let result = futures::stream::iter(&jobs)
        .map(|(source, path)| {
            let bar = &bar;
            async move {
                if let Some(parent) = path.parent() {
                    tokio::fs::create_dir_all(parent)
                        .await
                        .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
                }
                transfer::download_counted(storage, source, path, Some(bar)).await
            }
        })
        .buffered(concurrency.max(1))
        .try_collect()
        .await;
    bar.finish_and_clear();
    result
}

/// Where the object at relative key `rel` goes under `dir`; keys that would climb out
/// of it (`..`, absolute paths) are refused.
fn local_path(dir: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let safe = rel_path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !safe {
        return Err(Error::invalid_input(format!(
            "key part {rel:?} would be written outside {}",
            dir.display()
        )));
    }
    Ok(dir.join(rel_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_directory() {
        let dir = Path::new("/tmp/out");
        assert_eq!(
            local_path(dir, "a/b.txt").unwrap(),
            PathBuf::from("/tmp/out/a/b.txt")
        );
        assert!(local_path(dir, "../etc/passwd").is_err());
        assert!(local_path(dir, "a/../../x").is_err());
        assert!(local_path(dir, "/etc/passwd").is_err());
    }

    #[test]
    fn walk_lists_nested_files_with_slash_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("top.txt"), b"1").unwrap();
        std::fs::write(dir.path().join("a/b/deep.txt"), b"22").unwrap();
        let mut files = Vec::new();
        walk(dir.path(), "p/", &mut files).unwrap();
        files.sort_by(|a, b| a.key.cmp(&b.key));
        let keys: Vec<(&str, u64)> = files.iter().map(|f| (f.key.as_str(), f.size)).collect();
        assert_eq!(keys, vec![("p/a/b/deep.txt", 2), ("p/top.txt", 1)]);
    }
}
