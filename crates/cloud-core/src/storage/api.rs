//! The object storage trait.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use futures::TryStreamExt;
use tokio_util::io::ReaderStream;

use super::{
    ByteRange, ByteStream, CdnContainer, Container, ListEntry, ListObjects, ObjectDownload,
    ObjectMeta, PutOptions, SignedUrl, SignedUrlRequest, StorageCapabilities,
};
use crate::{BoxStream, Error, Result};

/// Told how many more bytes a transfer got through.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Chunk size used when streaming a local file up.
const FILE_CHUNK: usize = 256 * 1024;

/// The local file at `path` as an upload body, calling `progress` with each chunk's
/// size, and its size; what `put_object_from_file` streams by default, for drivers
/// that choose per file between a single upload and another way.
pub async fn file_body(path: &Path, progress: Progress) -> Result<(ByteStream, u64)> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::io(format!("open {}", path.display()), e))?;
    let size = file
        .metadata()
        .await
        .map_err(|e| Error::io(format!("stat {}", path.display()), e))?
        .len();
    let display = path.display().to_string();
    let body: ByteStream = Box::pin(
        ReaderStream::with_capacity(file, FILE_CHUNK)
            .inspect_ok(move |chunk| progress(chunk.len() as u64))
            .map_err(move |e| Error::io(format!("read {display}"), e)),
    );
    Ok((body, size))
}

/// Portable object storage: every storage driver implements this trait.
///
/// Object-safe like [`Compute`](crate::compute::Compute); optional operations default to
/// `Unsupported` and [`ObjectStorage::capabilities`] says what is supported.
///
/// # Cancelling and broken connections
///
/// Dropping a call's future cancels it, and leaves nothing behind: an upload the
/// provider was assembling (an S3 multipart upload, Swift segments, a resumable upload
/// session) is aborted by cleanup that runs detached, through
/// [`cleanup::spawn`](crate::cleanup::spawn). A program about to exit awaits
/// [`cleanup::finish`](crate::cleanup::finish) so that cleanup completes (the `libcloud`
/// command does so after Ctrl-C).
///
/// A download whose connection breaks part way is resumed by the driver from the first
/// byte not yet received, on condition that the object is unchanged
/// ([`resuming`](super::resuming)); an object replaced meanwhile ends the body with a
/// `Conflict` error, never a spliced file.
#[async_trait]
pub trait ObjectStorage: Send + Sync + std::fmt::Debug {
    /// The provider id.
    fn provider_id(&self) -> &str;

    /// The optional features this driver supports.
    fn capabilities(&self) -> StorageCapabilities;

    /// The concrete driver, for provider-only calls.
    fn as_any(&self) -> &dyn std::any::Any;

    /// Every container, lazily.
    fn list_containers(&self) -> BoxStream<'_, Result<Container>>;

    /// One container by name; `NotFound` when it does not exist.
    async fn get_container(&self, name: &str) -> Result<Container>;

    /// Creates a container; `AlreadyExists` when the name is taken.
    async fn create_container(&self, name: &str) -> Result<Container>;

    /// Deletes an empty container; `Conflict` when it still holds objects.
    async fn delete_container(&self, name: &str) -> Result<()>;

    /// Objects (and common prefixes, with a delimiter), lazily, in key order.
    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>>;

    /// What is stored under `key`; `NotFound` when nothing is.
    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta>;

    /// Writes `body` under `key`, replacing what was there. The object becomes visible
    /// whole or not at all.
    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta>;

    /// Writes a local file under `key`, streaming it with its size known.
    async fn put_object_from_file(
        &self,
        container: &str,
        key: &str,
        path: &Path,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        self.put_object_from_file_with_progress(container, key, path, options, Arc::new(|_| {}))
            .await
    }

    /// [`ObjectStorage::put_object_from_file`], calling `progress` with each number of
    /// bytes the upload gets through (their sum is the file's size once it succeeds;
    /// a driver may report in steps as large as a part).
    async fn put_object_from_file_with_progress(
        &self,
        container: &str,
        key: &str,
        path: &Path,
        options: &PutOptions,
        progress: Progress,
    ) -> Result<ObjectMeta> {
        let (body, size) = file_body(path, progress).await?;
        let mut options = options.clone();
        options.size = Some(size);
        self.put_object(container, key, body, &options).await
    }

    /// Reads an object, or the given range of it, as a stream.
    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload>;

    /// Deletes an object; `NotFound` when nothing is stored under `key`.
    async fn delete_object(&self, container: &str, key: &str) -> Result<()>;

    /// Copies an object on the server side.
    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        let _ = (src_container, src_key, dst_container, dst_key);
        Err(Error::unsupported(self.provider_id(), "copy_object"))
    }

    /// A URL that allows one method on one object until it expires, with no credentials,
    /// and the headers a request to it must carry.
    async fn signed_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        let _ = (container, key, request);
        Err(Error::unsupported(self.provider_id(), "signed_url"))
    }

    /// Publishes `container` on the provider's CDN, cached for `ttl` when given (the
    /// provider's default otherwise), and returns its CDN settings and addresses.
    /// Providers without a CDN ([`StorageFeature::Cdn`](super::StorageFeature::Cdn))
    /// answer `Unsupported`.
    async fn enable_cdn(
        &self,
        container: &str,
        ttl: Option<std::time::Duration>,
    ) -> Result<CdnContainer> {
        let _ = (container, ttl);
        Err(Error::unsupported(self.provider_id(), "enable_cdn"))
    }

    /// Stops publishing `container` on the CDN (copies the CDN cached stay until their
    /// time to live runs out).
    async fn disable_cdn(&self, container: &str) -> Result<()> {
        let _ = container;
        Err(Error::unsupported(self.provider_id(), "disable_cdn"))
    }

    /// `container`'s CDN settings and addresses; a container never published is
    /// `NotFound`.
    async fn cdn_container(&self, container: &str) -> Result<CdnContainer> {
        let _ = container;
        Err(Error::unsupported(self.provider_id(), "cdn_container"))
    }
}
