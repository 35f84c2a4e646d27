//! Writing and deleting objects.
//!
//! A write streams the body into `<uuid>.tmp` in the container directory, hashing as it
//! goes, and flushes it to disk. Then, under the container lock, it renames the file to
//! `<uuid>.data`, writes the new metadata file atomically over the old one (the commit
//! point), and removes the data file the old metadata named. A body that fails midway,
//! or a write whose future is dropped, leaves nothing visible and no temporary file.

use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};

use chrono::Utc;
use cloud_core::storage::{ByteStream, FileWriter, ObjectMeta, PutOptions};
use cloud_core::{Error, Result};
use futures::StreamExt;
use sha2::{Digest, Sha256};

use super::containers::{lock_container, missing_container, missing_object};
use super::layout::{meta_file_name, new_data_name, new_tmp_name};
use super::record::{ObjectRecord, load_record};
use crate::store::{blocking, remove_if_present, sync_dir, write_atomic};
use cloud_core::storage::guess_content_type;

/// Removes a temporary file when dropped, unless disarmed: covers errors and
/// cancellation alike.
struct TempFile {
    path: Option<PathBuf>,
}

impl TempFile {
    fn disarm(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            remove_if_present(&path);
        }
    }
}

fn check_metadata(options: &PutOptions) -> Result<()> {
    if let Some(key) = options.metadata.keys().find(|k| k.trim().is_empty()) {
        return Err(Error::invalid_input(format!(
            "metadata key {key:?} is empty"
        )));
    }
    Ok(())
}

/// Writes `body` as `key` in the container directory `dir`. Names must already be
/// validated.
pub(crate) async fn put(
    dir: PathBuf,
    container: String,
    key: String,
    mut body: ByteStream,
    options: PutOptions,
) -> Result<ObjectMeta> {
    check_metadata(&options)?;
    let tmp_path = dir.join(new_tmp_name());
    let file = tokio::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&tmp_path)
        .await
        .map_err(|e| match e.kind() {
            IoKind::NotFound => missing_container(&container),
            _ => Error::io(format!("create {}", tmp_path.display()), e),
        })?;
    let guard = TempFile {
        path: Some(tmp_path.clone()),
    };
    let write_err = |e| Error::io(format!("write {}", tmp_path.display()), e);
    let mut file = FileWriter::new(file.into_std().await);

    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        size += chunk.len() as u64;
        if let Some(expected) = options.size
            && size > expected
        {
            return Err(Error::invalid_input(format!(
                "body is longer than the declared size of {expected} bytes"
            )));
        }
        hasher.update(&chunk);
        file.write(chunk).await.map_err(write_err)?;
    }
    if let Some(expected) = options.size
        && size != expected
    {
        return Err(Error::invalid_input(format!(
            "body ended after {size} bytes but the declared size is {expected}"
        )));
    }
    file.finish().await.map_err(write_err)?;

    let record = ObjectRecord {
        content_type: options
            .content_type
            .clone()
            .unwrap_or_else(|| guess_content_type(&key)),
        key,
        data: new_data_name(),
        size,
        sha256: hex::encode(hasher.finalize()),
        last_modified: Utc::now(),
        metadata: options.metadata,
    };
    let meta = record.to_meta(&container);
    // From here the commit runs to completion even if this future is dropped, and it
    // cleans up after itself on failure.
    let tmp_path = guard.disarm();
    blocking("put_object", move || {
        commit(&dir, &container, &tmp_path, &record)
    })
    .await?;
    Ok(meta)
}

/// Makes the written file at `tmp` the content of `record.key`.
fn commit(dir: &Path, container: &str, tmp: &Path, record: &ObjectRecord) -> Result<()> {
    let lock = match lock_container(dir, container) {
        Ok(lock) => lock,
        Err(e) => {
            remove_if_present(tmp);
            return Err(e);
        }
    };
    // An unreadable previous record is replaced; only its data file is lost track of.
    let previous = load_record(dir, &record.key).unwrap_or(None);
    let data_path = dir.join(&record.data);
    if let Err(e) = std::fs::rename(tmp, &data_path) {
        remove_if_present(tmp);
        return Err(match e.kind() {
            IoKind::NotFound => Error::not_found(format!(
                "container {container:?} was deleted during the upload"
            )),
            _ => Error::io(format!("rename {}", tmp.display()), e),
        });
    }
    let json = serde_json::to_vec(record)
        .map_err(|e| Error::invalid_input(format!("encode object metadata: {e}")));
    let committed = json.and_then(|json| {
        write_atomic(
            &dir.join(new_tmp_name()),
            &dir.join(meta_file_name(&record.key)),
            &json,
        )
    });
    if let Err(e) = committed {
        remove_if_present(&data_path);
        return Err(e);
    }
    if let Some(previous) = previous
        && previous.data != record.data
    {
        remove_if_present(&dir.join(&previous.data));
    }
    drop(lock);
    Ok(())
}

/// Deletes `key` from the container directory `dir`.
pub(crate) fn delete(dir: &Path, container: &str, key: &str) -> Result<()> {
    let _lock = lock_container(dir, container)?;
    let record = load_record(dir, key)?.ok_or_else(|| missing_object(dir, container, key))?;
    let meta_path = dir.join(meta_file_name(key));
    std::fs::remove_file(&meta_path)
        .map_err(|e| Error::io(format!("remove {}", meta_path.display()), e))?;
    remove_if_present(&dir.join(&record.data));
    sync_dir(dir);
    Ok(())
}
