//! `storage cp -r` between a local directory and a prefix: every file up, or every
//! object down, a bounded number at once, under one progress bar.

use std::path::{Path, PathBuf};

use futures::{StreamExt, TryStreamExt};
use libcloud::core::storage::plan_prefix_copy;
use libcloud::core::storage::sync::{KeyFilter, SyncSide, list_side, local_path_for_key};
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
/// path relative to `dir` (with `/` between the parts; the files a sync would see:
/// symbolic links to files followed, to folders not); returns the stored objects in key
/// order.
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
    let listed = list_side(&SyncSide::Dir(dir), &KeyFilter::default()).await?;
    let files: Vec<LocalFile> = listed
        .into_iter()
        .filter_map(|(key, entry)| {
            Some(LocalFile {
                path: entry.path?,
                key: format!("{prefix}{key}"),
                size: entry.size,
            })
        })
        .collect();
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
        let path = local_path_for_key(dir, &planned.dst_key)?;
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
