//! Downloading an object into a file that appears only once every byte arrived.

use std::path::{Path, PathBuf};

use futures::StreamExt;

use super::{FileWriter, ObjectDownload, ObjectMeta, ObjectStorage, Progress};
use crate::{Error, ErrorKind, Result};

/// How the temporary file of a download in progress is named: this prefix, random
/// characters, then [`PARTIAL_DOWNLOAD_SUFFIX`]. A process killed mid-download can leave
/// one behind; directory walks (sync) skip such files.
pub const PARTIAL_DOWNLOAD_PREFIX: &str = ".libcloud-get-";

/// The suffix of a download's temporary file.
pub const PARTIAL_DOWNLOAD_SUFFIX: &str = ".part";

/// Whether a file name is that of a download's temporary file.
pub fn is_partial_download(name: &str) -> bool {
    name.starts_with(PARTIAL_DOWNLOAD_PREFIX) && name.ends_with(PARTIAL_DOWNLOAD_SUFFIX)
}

/// Downloads `container/key` of `storage` to the file `dest` ([`save_download`] of its
/// [`get_object`](ObjectStorage::get_object)), and returns the object's description.
pub async fn download_to_file(
    storage: &dyn ObjectStorage,
    container: &str,
    key: &str,
    dest: &Path,
    progress: Progress,
) -> Result<ObjectMeta> {
    let download = storage.get_object(container, key, None).await?;
    save_download(download, dest, progress)
        .await
        .map_err(|e| e.with_provider(storage.provider_id()))
}

/// Writes a download's body to the file `dest`, and returns the object's description.
///
/// The body streams into a temporary file in `dest`'s directory (through a
/// [`FileWriter`], so memory stays bounded), which is renamed onto `dest` only after
/// every announced byte arrived: a failed or cancelled download leaves nothing at
/// `dest`, or the earlier file untouched. The new file keeps the permissions an
/// existing `dest` had. `progress` is told the size of every chunk written.
pub async fn save_download(
    download: ObjectDownload,
    dest: &Path,
    progress: Progress,
) -> Result<ObjectMeta> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta = download.meta;
    let temp = temp_file_in(&dir, dest)?;
    let file = temp
        .as_file()
        .try_clone()
        .map_err(|e| Error::io("cannot open the temporary download file", e))?;
    let mut out = FileWriter::new(file);
    let mut body = download.body;
    let mut written: u64 = 0;
    let write_err = |e| Error::io(format!("cannot write into {}", dir.display()), e);
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        let len = chunk.len() as u64;
        out.write(chunk).await.map_err(write_err)?;
        written += len;
        progress(len);
    }
    out.finish().await.map_err(write_err)?;
    if written < meta.size {
        return Err(Error::new(
            ErrorKind::Transport,
            format!(
                "download of {}/{} ended after {written} of {} bytes",
                meta.container, meta.name, meta.size
            ),
        )
        .with_operation("get_object"));
    }
    temp.persist(dest).map_err(|e| {
        Error::io(
            format!("cannot move the download into place at {}", dest.display()),
            e.error,
        )
    })?;
    Ok(meta)
}

/// A temporary file in `dir`, with the permissions `dest` has (or the usual ones for a
/// new file).
fn temp_file_in(dir: &Path, dest: &Path) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(PARTIAL_DOWNLOAD_PREFIX)
        .suffix(PARTIAL_DOWNLOAD_SUFFIX);
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
    fn temporary_download_names_are_recognised() {
        assert!(is_partial_download(".libcloud-get-a1B2c3.part"));
        assert!(!is_partial_download("libcloud-get-a1B2c3.part"));
        assert!(!is_partial_download(".libcloud-get-a1B2c3.partial"));
        assert!(!is_partial_download("report.part"));
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_takes_the_existing_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        std::fs::write(&dest, b"old").unwrap();
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o640)).unwrap();
        let temp = temp_file_in(dir.path(), &dest).unwrap();
        let mode = temp.as_file().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(temp.path().parent(), Some(dir.path()));
        let name = temp.path().file_name().unwrap().to_str().unwrap();
        assert!(is_partial_download(name), "{name}");
    }
}
