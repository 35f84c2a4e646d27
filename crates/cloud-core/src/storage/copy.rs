//! Copying one object from one provider to another (or within one), streamed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use futures::StreamExt;

use super::digest::{StreamDigest, StreamDigests, content_digest};
use super::sync::{MTIME_KEY, format_mtime};
use super::{ByteStream, ObjectMeta, ObjectStorage, Progress, PutOptions};
use crate::{Error, ErrorKind, Result};

/// The operation name copy errors carry.
const OPERATION: &str = "copy_object_between";

/// Copies `src_container/src_key` of `src` to `dst_container/dst_key` of `dst`, and
/// returns what the destination stored.
///
/// The source's body streams straight into the destination's
/// [`put_object`](ObjectStorage::put_object), announced with the source's size, content
/// type and user metadata: memory stays bounded by what the two drivers buffer (a
/// destination's multipart or segmented upload applies as for any upload of that size),
/// and no temporary file is written. `progress` is told the size of each chunk as it
/// leaves the source.
///
/// A body that breaks off, or brings more bytes than the source announced, ends the
/// upload with an error, so the destination object never comes into being (drivers
/// create an object only once its whole body arrived).
///
/// The bytes are hashed on their way through and compared with each side's ETag where
/// it names the content (see [`content_digest`](super::content_digest)); a mismatch
/// deletes the destination object and fails with a `Provider` error coded
/// `ChecksumMismatch`.
pub async fn copy_object_between(
    src: &dyn ObjectStorage,
    src_container: &str,
    src_key: &str,
    dst: &dyn ObjectStorage,
    dst_container: &str,
    dst_key: &str,
    progress: Progress,
) -> Result<ObjectMeta> {
    copy_object_inner(
        src,
        src_container,
        src_key,
        dst,
        dst_container,
        dst_key,
        progress,
        false,
    )
    .await
}

/// [`copy_object_between`], and with `record_mtime` the destination's metadata also
/// records the source's modification time under [`MTIME_KEY`] (kept when the source
/// recorded one, else its last-modified time), as a sync compares it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn copy_object_inner(
    src: &dyn ObjectStorage,
    src_container: &str,
    src_key: &str,
    dst: &dyn ObjectStorage,
    dst_container: &str,
    dst_key: &str,
    progress: Progress,
    record_mtime: bool,
) -> Result<ObjectMeta> {
    let download = src.get_object(src_container, src_key, None).await?;
    let source = download.meta;
    let mut metadata = source.metadata.clone();
    if record_mtime
        && !metadata.contains_key(MTIME_KEY)
        && let Some(time) = source.last_modified
    {
        metadata.insert(MTIME_KEY.to_string(), format_mtime(time));
    }
    let source_digest = content_digest(&source);
    let wants_sha256 = source_digest
        .as_ref()
        .is_some_and(|(kind, _)| *kind == super::DigestKind::Sha256);
    let tally = Tally::new(StreamDigest::new(wants_sha256));
    let what = format!("{}/{}", source.container, source.name);
    let body = tally.watch(download.body, source.size, what, progress);
    let options = PutOptions {
        size: Some(source.size),
        content_type: source.content_type.clone(),
        metadata,
    };
    let written = dst
        .put_object(dst_container, dst_key, body, &options)
        .await?;
    let passed = tally.finish();
    if let Err(err) = verify(&source, &written, &passed) {
        if let Err(cleanup) = dst.delete_object(dst_container, dst_key).await {
            tracing::warn!(
                error = %cleanup,
                "cannot delete {dst_container}/{dst_key} after a checksum mismatch"
            );
        }
        return Err(err.with_provider(dst.provider_id()));
    }
    Ok(written)
}

/// Checks the bytes that went through against each side's stated content digest.
fn verify(source: &ObjectMeta, written: &ObjectMeta, passed: &StreamDigests) -> Result<()> {
    for (side, meta) in [("source", source), ("destination", written)] {
        let Some((kind, stated)) = content_digest(meta) else {
            continue;
        };
        let Some(actual) = passed.of(kind) else {
            continue;
        };
        if actual != stated {
            return Err(Error::new(
                ErrorKind::Provider,
                format!(
                    "checksum mismatch copying {}/{} to {}/{}: the {side} states {stated}, \
                     the bytes copied hash to {actual}; the destination object was deleted",
                    source.container, source.name, written.container, written.name
                ),
            )
            .with_code("ChecksumMismatch")
            .with_operation(OPERATION));
        }
    }
    Ok(())
}

/// Counts and hashes the bytes of a body as they pass.
#[derive(Clone)]
struct Tally {
    bytes: Arc<AtomicU64>,
    digest: Arc<Mutex<StreamDigest>>,
}

impl Tally {
    fn new(digest: StreamDigest) -> Self {
        Tally {
            bytes: Arc::new(AtomicU64::new(0)),
            digest: Arc::new(Mutex::new(digest)),
        }
    }

    /// `body`, counted and hashed, failing when it brings more than `size` bytes or ends
    /// before `size`.
    fn watch(&self, body: ByteStream, size: u64, what: String, progress: Progress) -> ByteStream {
        let tally = self.clone();
        let too_long = what.clone();
        let counted = body.map(move |chunk| {
            let chunk = chunk?;
            let len = chunk.len() as u64;
            let total = tally.bytes.fetch_add(len, Ordering::Relaxed) + len;
            if total > size {
                return Err(Error::new(
                    ErrorKind::MalformedResponse,
                    format!("{too_long} sent more than the {size} bytes it announced"),
                )
                .with_operation(OPERATION));
            }
            tally
                .digest
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .update(&chunk);
            progress(len);
            Ok(chunk)
        });
        let bytes = self.bytes.clone();
        let end = futures::stream::once(async move {
            let got = bytes.load(Ordering::Relaxed);
            (got < size).then(|| {
                Err(Error::new(
                    ErrorKind::Transport,
                    format!("{what} ended after {got} of {size} bytes"),
                )
                .with_operation(OPERATION))
            })
        })
        .filter_map(futures::future::ready);
        Box::pin(counted.chain(end))
    }

    /// The digests of what passed.
    fn finish(self) -> StreamDigests {
        let digest = self
            .digest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        digest.finish()
    }
}
