//! SFTP uploads: a local file streamed in bounded chunks, or bytes in memory.

use std::path::Path;

use cloud_core::{Error, ErrorKind, Result};
use russh::client::Handle;
use russh_sftp::client::SftpSession;
use russh_sftp::protocol::FileAttributes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::handler::Handler;
use crate::errors::{ssh_error, transport};

/// How much of the local file is read at a time.
const CHUNK: usize = 256 * 1024;

/// The mode an uploaded file gets when the local one has none to copy.
#[cfg(not(unix))]
const FALLBACK_MODE: u32 = 0o644;

fn remote_error(what: &str, err: impl std::fmt::Display) -> Error {
    ssh_error(ErrorKind::Provider, "upload", format!("{what}: {err}"))
}

/// An SFTP session on a new channel.
async fn open_sftp(handle: &Handle<Handler>) -> Result<SftpSession> {
    let failed = |e: russh::Error| transport("upload", "opening an SFTP channel", e);
    let channel = handle.channel_open_session().await.map_err(failed)?;
    channel
        .request_subsystem(true, "sftp")
        .await
        .map_err(failed)?;
    SftpSession::new(channel.into_stream())
        .await
        .map_err(|e| remote_error("starting SFTP", e))
}

/// Creates each missing folder above `remote` (`mkdir -p` of its parent).
async fn make_parents(sftp: &SftpSession, remote: &str) -> Result<()> {
    let Some((parent, _)) = remote.rsplit_once('/') else {
        return Ok(());
    };
    let mut path = String::new();
    for (i, part) in parent.split('/').enumerate() {
        if i > 0 || parent.starts_with('/') {
            path.push('/');
        }
        path.push_str(part);
        if part.is_empty() || part == "." || part == ".." {
            continue;
        }
        if sftp.try_exists(path.clone()).await.unwrap_or(false) {
            continue;
        }
        if let Err(err) = sftp.create_dir(path.clone()).await {
            // Another upload may have made it meanwhile.
            if !sftp.try_exists(path.clone()).await.unwrap_or(false) {
                return Err(remote_error(&format!("cannot create folder {path}"), err));
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn local_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn local_mode(_meta: &std::fs::Metadata) -> u32 {
    FALLBACK_MODE
}

/// Sets `remote`'s permission bits to `mode`.
async fn set_mode(sftp: &SftpSession, remote: &str, mode: u32) -> Result<()> {
    let attributes = FileAttributes {
        permissions: Some(mode & 0o7777),
        ..FileAttributes::empty()
    };
    sftp.set_metadata(remote, attributes)
        .await
        .map_err(|e| remote_error(&format!("cannot set the mode of {remote}"), e))
}

/// See [`SshSession::upload`](super::SshSession::upload).
pub(super) async fn upload_file(
    handle: &Handle<Handler>,
    local: &Path,
    remote: &str,
    mode: Option<u32>,
) -> Result<u64> {
    let shown = local.display();
    let mut file = tokio::fs::File::open(local)
        .await
        .map_err(|e| Error::io(format!("cannot open {shown}"), e).in_context("ssh", "upload"))?;
    let meta = file
        .metadata()
        .await
        .map_err(|e| Error::io(format!("cannot read {shown}"), e).in_context("ssh", "upload"))?;
    if !meta.is_file() {
        return Err(ssh_error(
            ErrorKind::InvalidInput,
            "upload",
            format!("{shown} is not a regular file"),
        ));
    }
    let mode = mode.unwrap_or_else(|| local_mode(&meta));
    let sftp = open_sftp(handle).await?;
    make_parents(&sftp, remote).await?;
    let mut out = sftp
        .create(remote)
        .await
        .map_err(|e| remote_error(&format!("cannot create {remote}"), e))?;
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).await.map_err(|e| {
            Error::io(format!("cannot read {shown}"), e).in_context("ssh", "upload")
        })?;
        if n == 0 {
            break;
        }
        out.write_all(&buf[..n])
            .await
            .map_err(|e| remote_error(&format!("cannot write {remote}"), e))?;
        total += n as u64;
    }
    out.shutdown()
        .await
        .map_err(|e| remote_error(&format!("cannot finish {remote}"), e))?;
    set_mode(&sftp, remote, mode).await?;
    let _ = sftp.close().await;
    Ok(total)
}

/// See [`SshSession::write_file`](super::SshSession::write_file).
pub(super) async fn write_bytes(
    handle: &Handle<Handler>,
    remote: &str,
    data: &[u8],
    mode: u32,
) -> Result<()> {
    let sftp = open_sftp(handle).await?;
    make_parents(&sftp, remote).await?;
    let mut out = sftp
        .create(remote)
        .await
        .map_err(|e| remote_error(&format!("cannot create {remote}"), e))?;
    for chunk in data.chunks(CHUNK) {
        out.write_all(chunk)
            .await
            .map_err(|e| remote_error(&format!("cannot write {remote}"), e))?;
    }
    out.shutdown()
        .await
        .map_err(|e| remote_error(&format!("cannot finish {remote}"), e))?;
    set_mode(&sftp, remote, mode).await?;
    let _ = sftp.close().await;
    Ok(())
}
