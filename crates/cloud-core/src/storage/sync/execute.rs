//! Carrying out a sync plan: copies a bounded number at once, then deletes.

use std::collections::BTreeMap;
use std::time::SystemTime;

use futures::StreamExt;
use tokio::sync::Semaphore;

use super::mtime::{MTIME_KEY, format_mtime, parse_mtime};
use super::plan::{PlannedSync, SyncPlan};
use super::side::{SyncSide, local_path_for_key};
use super::{SyncOptions, SyncReport};
use crate::storage::copy::copy_object_inner;
use crate::storage::{ObjectMeta, Progress, PutOptions, download_to_file, guess_content_type};
use crate::{Error, ErrorKind, Result};

/// Copies of at least this many bytes count as large by default (8 MiB): above it a
/// copy holds megabytes in memory while under way (a whole single-request upload, or a
/// multipart upload's parts in flight).
pub const LARGE_COPY_SIZE: u64 = 8 * 1024 * 1024;

/// Runs `plan` from `src` onto `dst`: every copy, `options.concurrency` at once, of
/// which at most `options.large_concurrency` are large (`options.large_size` bytes or
/// more) while the small ones keep flowing (a failed copy does not stop the others);
/// then, when every copy succeeded, the deletes. A failure is returned after the
/// copies under way finished, naming how many failed and the first error; the next
/// sync redoes what is left.
pub async fn run_sync(
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    plan: &SyncPlan,
    options: &SyncOptions,
) -> Result<SyncReport> {
    let concurrency = options.concurrency.max(1);
    let slots = Semaphore::new(concurrency);
    let (large, small): (Vec<&PlannedSync>, Vec<&PlannedSync>) = plan
        .copies
        .iter()
        .partition(|c| c.size >= options.large_size);
    let large_lane = futures::stream::iter(large)
        .map(|planned| copy_in_slot(&slots, src, dst, planned, options.progress.clone()))
        .buffer_unordered(options.large_concurrency.clamp(1, concurrency))
        .collect::<Vec<_>>();
    let small_lane = futures::stream::iter(small)
        .map(|planned| copy_in_slot(&slots, src, dst, planned, options.progress.clone()))
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>();
    let (large, small) = futures::join!(large_lane, small_lane);
    let outcomes = large.into_iter().chain(small);
    let (mut copied, mut bytes, mut failed, mut first) = (0, 0, 0, None);
    for outcome in outcomes {
        match outcome {
            Ok(n) => {
                copied += 1;
                bytes += n;
            }
            Err(e) => {
                failed += 1;
                first.get_or_insert(e);
            }
        }
    }
    if let Some(first) = first {
        return Err(Error::new(
            first.kind(),
            format!(
                "{failed} of {} copies failed (nothing was deleted); the first: {first}",
                plan.copies.len()
            ),
        )
        .with_source(first));
    }
    let deleted: Vec<Result<()>> = futures::stream::iter(&plan.deletes)
        .map(|key| delete_one(dst, key))
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let deleted = deleted.into_iter().collect::<Result<Vec<()>>>()?.len() as u64;
    Ok(SyncReport {
        copied,
        copied_bytes: bytes,
        deleted,
        unchanged: plan.unchanged,
        dry_run: false,
    })
}

/// Copies one key once one of the `slots` is free; the bytes it moved.
async fn copy_in_slot(
    slots: &Semaphore,
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    planned: &PlannedSync,
    progress: Progress,
) -> Result<u64> {
    let _slot = slots
        .acquire()
        .await
        .map_err(|_| Error::invalid_input("the copy slots were closed"))?;
    copy_one(src, dst, planned, progress).await
}

/// Copies one key; the bytes it moved.
async fn copy_one(
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    planned: &PlannedSync,
    progress: Progress,
) -> Result<u64> {
    let key = planned.key.as_str();
    match (*src, *dst) {
        (
            SyncSide::Dir(_),
            SyncSide::Objects {
                storage,
                container,
                prefix,
            },
        ) => {
            let path = planned.source.path.as_deref().ok_or_else(|| {
                Error::invalid_input(format!("{key} has no local file to upload"))
            })?;
            let mut metadata = BTreeMap::new();
            if let Some(time) = planned.source.mtime {
                metadata.insert(MTIME_KEY.to_string(), format_mtime(time));
            }
            let options = PutOptions {
                size: None,
                content_type: Some(guess_content_type(key)),
                metadata,
            };
            let meta = storage
                .put_object_from_file_with_progress(
                    container,
                    &SyncSide::object_key(prefix, key),
                    path,
                    &options,
                    progress,
                )
                .await?;
            Ok(meta.size)
        }
        (
            SyncSide::Objects {
                storage,
                container,
                prefix,
            },
            SyncSide::Dir(dir),
        ) => {
            let dest = local_path_for_key(dir, key)?;
            if let Some(parent) = dest.parent() {
                tokio::fs::create_dir_all(parent)
                    .await
                    .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
            }
            let object = SyncSide::object_key(prefix, key);
            let meta = download_to_file(storage, container, &object, &dest, progress).await?;
            set_file_time(&dest, &meta).await?;
            Ok(meta.size)
        }
        (
            SyncSide::Objects {
                storage: from,
                container: from_container,
                prefix: from_prefix,
            },
            SyncSide::Objects {
                storage: to,
                container: to_container,
                prefix: to_prefix,
            },
        ) => {
            let meta = copy_object_inner(
                from,
                from_container,
                &SyncSide::object_key(from_prefix, key),
                to,
                to_container,
                &SyncSide::object_key(to_prefix, key),
                progress,
                true,
            )
            .await?;
            Ok(meta.size)
        }
        (SyncSide::Dir(_), SyncSide::Dir(_)) => Err(Error::new(
            ErrorKind::InvalidInput,
            "a sync between two local directories is not supported",
        )),
    }
}

/// Gives a downloaded file the modification time its object recorded (else the
/// object's last-modified time), so the next sync finds the two alike.
async fn set_file_time(path: &std::path::Path, meta: &ObjectMeta) -> Result<()> {
    let time = meta
        .metadata
        .get(MTIME_KEY)
        .and_then(|t| parse_mtime(t))
        .or(meta.last_modified);
    let Some(time) = time else {
        return Ok(());
    };
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let err = |e| Error::io(format!("cannot set the time of {}", path.display()), e);
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .map_err(err)?;
        file.set_modified(SystemTime::from(time)).map_err(err)
    })
    .await
    .map_err(|e| Error::invalid_input(format!("setting a file time failed: {e}")))?
}

/// Deletes one destination key.
async fn delete_one(dst: &SyncSide<'_>, key: &str) -> Result<()> {
    match *dst {
        SyncSide::Dir(dir) => {
            let path = local_path_for_key(dir, key)?;
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::io(format!("cannot delete {}", path.display()), e))
                }
                _ => Ok(()),
            }
        }
        SyncSide::Objects {
            storage,
            container,
            prefix,
        } => match storage
            .delete_object(container, &SyncSide::object_key(prefix, key))
            .await
        {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::super::memstore::MemStore;
    use super::super::plan::plan_sync;
    use super::*;

    #[tokio::test]
    async fn large_copies_run_a_few_at_a_time_while_small_ones_flow() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..4 {
            std::fs::write(dir.path().join(format!("big-{i}")), vec![1u8; 4096]).unwrap();
        }
        for i in 0..40 {
            std::fs::write(dir.path().join(format!("small-{i:02}")), [2u8; 10]).unwrap();
        }
        for large_concurrency in [1, 2] {
            let store = MemStore::with_large(4096);
            let src = SyncSide::Dir(dir.path());
            let dst = SyncSide::Objects {
                storage: &store,
                container: "c",
                prefix: "",
            };
            let options = SyncOptions {
                concurrency: 4,
                large_size: 4096,
                large_concurrency,
                ..SyncOptions::default()
            };
            let plan = plan_sync(&src, &dst, &options).await.unwrap();
            let report = run_sync(&src, &dst, &plan, &options).await.unwrap();
            assert_eq!(report.copied, 44);
            assert_eq!(report.copied_bytes, 4 * 4096 + 40 * 10);
            assert_eq!(store.most_large.load(Ordering::SeqCst), large_concurrency);
            assert!(store.most_all.load(Ordering::SeqCst) <= 4);
            assert!(
                store.small_beside_large.load(Ordering::SeqCst) > 0,
                "small copies went on while a large one was under way"
            );
            let again = plan_sync(&src, &dst, &options).await.unwrap();
            assert_eq!((again.copies.len(), again.unchanged), (0, 44));
        }
    }
}
