//! Moving object bodies between files and a provider: streamed, with bounded memory, and
//! with downloads that only replace the destination once they are complete.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::ProgressBar;
use libcloud::core::storage::save_download;
use libcloud::{Error, ObjectMeta, ObjectStorage, PutOptions, Result};

use crate::cli::ObjectPath;
use crate::progress;

/// Uploads `file` to `target` with the driver's `put_object_from_file`, which reads the
/// file its own way (an S3 upload reads each part straight from the file); on a
/// terminal a byte progress bar follows it.
pub async fn upload(
    storage: &dyn ObjectStorage,
    target: &ObjectPath,
    file: &Path,
    content_type: Option<String>,
) -> Result<ObjectMeta> {
    upload_counted(storage, target, file, content_type, None).await
}

/// [`upload`], advancing `shared` (a bar counting a larger transfer) instead of drawing
/// a bar of its own when one is given.
pub async fn upload_counted(
    storage: &dyn ObjectStorage,
    target: &ObjectPath,
    file: &Path,
    content_type: Option<String>,
    shared: Option<&ProgressBar>,
) -> Result<ObjectMeta> {
    let metadata = tokio::fs::metadata(file)
        .await
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    if !metadata.is_file() {
        return Err(Error::invalid_input(format!(
            "{} is not a regular file",
            file.display()
        )));
    }
    let options = PutOptions {
        size: Some(metadata.len()),
        content_type,
        ..PutOptions::default()
    };
    let bar = match shared {
        Some(bar) => bar.clone(),
        None => progress::transfer(Some(metadata.len()), &format!("put {}", target.key)),
    };
    let counter = bar.clone();
    let result = storage
        .put_object_from_file_with_progress(
            &target.container,
            &target.key,
            file,
            &options,
            Arc::new(move |n| counter.inc(n)),
        )
        .await;
    if shared.is_none() {
        bar.finish_and_clear();
    }
    result
}

/// Downloads `source` to `dest` (or into `dest` when it is a directory).
///
/// The body streams into a temporary file next to the destination, which is renamed
/// into place only after every byte arrived: a failed download leaves nothing at the
/// destination, or the earlier file untouched.
pub async fn download(
    storage: &dyn ObjectStorage,
    source: &ObjectPath,
    dest: &Path,
) -> Result<ObjectMeta> {
    download_counted(storage, source, dest, None).await
}

/// [`download`], advancing `shared` (a bar counting a larger transfer) instead of
/// drawing a bar of its own when one is given.
pub async fn download_counted(
    storage: &dyn ObjectStorage,
    source: &ObjectPath,
    dest: &Path,
    shared: Option<&ProgressBar>,
) -> Result<ObjectMeta> {
    let dest = destination(dest, &source.key)?;
    let download = storage
        .get_object(&source.container, &source.key, None)
        .await?;
    let bar = match shared {
        Some(bar) => bar.clone(),
        None => progress::transfer(Some(download.meta.size), &format!("get {}", source.key)),
    };
    let counter = bar.clone();
    let result = save_download(download, &dest, Arc::new(move |n| counter.inc(n))).await;
    if shared.is_none() {
        bar.finish_and_clear();
    }
    result.map_err(|e| e.with_provider(storage.provider_id()))
}

/// The file to write: `dest`, or the key's last segment inside `dest` when it is a
/// directory.
fn destination(dest: &Path, key: &str) -> Result<PathBuf> {
    if !dest.is_dir() {
        return Ok(dest.to_path_buf());
    }
    match key.rsplit('/').next().filter(|name| !name.is_empty()) {
        Some(name) => Ok(dest.join(name)),
        None => Err(Error::invalid_input(format!(
            "key {key:?} has no file name; give a file path to download to"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcloud::ErrorKind;

    #[test]
    fn directory_destination_takes_the_key_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            destination(dir.path(), "a/b/c.txt").unwrap(),
            dir.path().join("c.txt")
        );
        let err = destination(dir.path(), "a/b/").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let file = dir.path().join("new.bin");
        assert_eq!(destination(&file, "x/y").unwrap(), file);
    }
}
