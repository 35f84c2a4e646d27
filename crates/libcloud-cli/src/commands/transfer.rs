//! Moving object bodies between files and a provider: streamed, with bounded memory, and
//! with downloads that only replace the destination once they are complete.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::StreamExt;
use indicatif::ProgressBar;
use libcloud::{Error, ErrorKind, FileWriter, ObjectMeta, ObjectStorage, PutOptions, Result};

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
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let download = storage
        .get_object(&source.container, &source.key, None)
        .await?;
    let meta = download.meta;

    let temp = temp_file_in(&dir, &dest)?;
    let std_file = temp
        .as_file()
        .try_clone()
        .map_err(|e| Error::io("cannot open the temporary download file", e))?;
    let mut out = FileWriter::new(std_file);
    let bar = match shared {
        Some(bar) => bar.clone(),
        None => progress::transfer(Some(meta.size), &format!("get {}", source.key)),
    };
    let mut body = download.body;
    let mut written: u64 = 0;
    let write_err = |e| Error::io(format!("cannot write into {}", dir.display()), e);
    let copied: Result<()> = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            let len = chunk.len() as u64;
            out.write(chunk).await.map_err(write_err)?;
            written += len;
            bar.inc(len);
        }
        out.finish().await.map_err(write_err)
    }
    .await;
    if shared.is_none() {
        bar.finish_and_clear();
    }
    copied?;
    if written < meta.size {
        return Err(Error::new(
            ErrorKind::Transport,
            format!(
                "download of {}/{} ended after {written} of {} bytes",
                source.container, source.key, meta.size
            ),
        )
        .with_provider(storage.provider_id())
        .with_operation("get_object"));
    }
    temp.persist(&dest).map_err(|e| {
        Error::io(
            format!("cannot move the download into place at {}", dest.display()),
            e.error,
        )
    })?;
    Ok(meta)
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

/// A temporary file in `dir`, with the permissions the destination has (or the usual
/// ones for a new file).
fn temp_file_in(dir: &Path, dest: &Path) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".libcloud-get-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode given at creation is reduced by the umask, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(format!("cannot create a file in {}", dir.display()), e))?;
    if let Ok(existing) = std::fs::metadata(dest) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(|e| Error::io("cannot set the download's permissions", e))?;
    }
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[cfg(unix)]
    #[test]
    fn temp_file_copies_existing_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        std::fs::write(&dest, b"old").unwrap();
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o640)).unwrap();
        let temp = temp_file_in(dir.path(), &dest).unwrap();
        let mode = temp.as_file().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(temp.path().parent(), Some(dir.path()));
    }
}
