//! Static large objects: an object above the threshold is uploaded as segments into
//! `<container>_segments`, several at once, then a manifest naming them in order is
//! written under the object's name. A failed or cancelled upload writes no manifest and
//! deletes the segments it made; deleting a manifest deletes its segments.

use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::storage::{ByteStream, Progress, PutOptions};
use cloud_core::{Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use super::info::ClusterInfo;
use super::paths::{container_path, object_path};
use crate::PROVIDER_ID;

/// How large objects are cut and sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeObjects {
    /// Objects above this many bytes are written as static large objects (capped at the
    /// cluster's `max_file_size`).
    pub threshold: u64,
    /// The size of each segment (capped at `max_file_size`, raised to the cluster's
    /// `min_segment_size`, and raised when the object would need more segments than a
    /// manifest may list).
    pub segment_size: u64,
    /// Segments uploaded at once.
    pub concurrency: usize,
}

impl Default for LargeObjects {
    fn default() -> Self {
        LargeObjects {
            threshold: 256 * 1024 * 1024,
            segment_size: 64 * 1024 * 1024,
            concurrency: 4,
        }
    }
}

/// Chunk size of a segment read from a file.
const FILE_CHUNK: usize = 256 * 1024;

impl LargeObjects {
    /// Whether an object of `size` bytes goes up in segments on this cluster.
    pub fn is_large(&self, size: u64, info: &ClusterInfo) -> bool {
        info.slo_min_segment_size.is_some() && size > self.threshold.min(info.max_file_size)
    }

    /// The segment size for an object of `size` bytes; `InvalidInput` when even segments
    /// of `max_file_size` would be more than a manifest may list.
    pub fn segment_size_for(&self, size: u64, info: &ClusterInfo) -> Result<u64> {
        let min = info.slo_min_segment_size.unwrap_or(1).max(1);
        let mut segment = self.segment_size.min(info.max_file_size).max(min);
        let needed = |seg: u64| size.div_ceil(seg);
        if needed(segment) > info.slo_max_segments {
            segment = size.div_ceil(info.slo_max_segments).max(min);
        }
        if segment > info.max_file_size {
            return Err(Error::invalid_input(format!(
                "an object of {size} bytes needs more than {} segments of the cluster's \
                 largest size {}",
                info.slo_max_segments, info.max_file_size
            )));
        }
        Ok(segment)
    }
}

/// The segments container of `container`.
pub fn segments_container(container: &str) -> String {
    format!("{container}_segments")
}

/// The name of segment `index` of an upload, as the OpenStack tools name them:
/// `KEY/slo/UPLOAD/SIZE/SEGMENT_SIZE/INDEX`.
pub fn segment_name(key: &str, upload: &str, size: u64, segment: u64, index: usize) -> String {
    format!("{key}/slo/{upload}/{size}/{segment}/{index:08}")
}

/// One segment written: its name, size and entity tag.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    name: String,
    size: u64,
    etag: Option<String>,
}

/// The segments an upload made, deleted when it does not finish (also when its future
/// is dropped: then through `cloud_core::cleanup`).
struct Segments {
    http: Arc<HttpClient>,
    container: String,
    names: Arc<Mutex<Vec<String>>>,
    bulk: bool,
    done: bool,
}

impl Segments {
    fn new(http: Arc<HttpClient>, container: &str, info: &ClusterInfo) -> Self {
        Segments {
            http,
            container: container.to_string(),
            names: Arc::new(Mutex::new(Vec::new())),
            bulk: info.bulk_delete,
            done: false,
        }
    }

    fn record(&self, name: &str) {
        self.names
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(name.to_string());
    }

    fn taken(&self) -> Vec<String> {
        std::mem::take(&mut *self.names.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Deletes every segment made so far.
    async fn remove_now(&self) {
        remove(&self.http, &self.container, self.taken(), self.bulk).await;
    }
}

impl Drop for Segments {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let names = self.taken();
        if names.is_empty() {
            return;
        }
        let (http, container, bulk) = (self.http.clone(), self.container.clone(), self.bulk);
        if !cloud_core::cleanup::spawn(async move { remove(&http, &container, names, bulk).await })
        {
            tracing::warn!("segments of a cancelled upload were left behind: no runtime");
        }
    }
}

/// Deletes the segments `names`: in bulk where the cluster offers it (one request per
/// 10,000), else one by one.
async fn remove(http: &HttpClient, container: &str, names: Vec<String>, bulk: bool) {
    if bulk {
        match super::bulk::delete(http, container, &names).await {
            Ok(()) => return,
            Err(e) => tracing::debug!(error = %e, "bulk delete failed; deleting one by one"),
        }
    }
    for name in names {
        let url = http.url(&object_path(container, &name));
        let request = HttpRequest::new("delete_segment", Method::DELETE, url).idempotent(true);
        if let Err(e) = http.send(request).await
            && e.kind() != ErrorKind::NotFound
        {
            tracing::warn!(segment = name, error = %e, "could not delete a segment");
        }
    }
}

/// Makes sure the segments container exists.
async fn ensure_container(http: &HttpClient, container: &str) -> Result<()> {
    let url = http.url(&container_path(container));
    http.send(
        HttpRequest::new("create_container", Method::PUT, url)
            .header("content-length", "0")
            .idempotent(true),
    )
    .await
    .map(|_| ())
}

/// Uploads one segment from `body` of `size` bytes.
async fn put_segment(
    http: &HttpClient,
    container: &str,
    name: &str,
    size: u64,
    body: ByteStream,
) -> Result<Written> {
    let url = http.url(&object_path(container, name));
    let request = HttpRequest::new("put_segment", Method::PUT, url)
        .header("content-length", &size.to_string())
        .stream(body);
    let resp = http.send(request).await?;
    Ok(Written {
        name: name.to_string(),
        size,
        etag: resp.header("etag").map(|e| e.trim_matches('"').to_string()),
    })
}

/// Writes the manifest of `segments` under `key`.
async fn put_manifest(
    http: &HttpClient,
    container: &str,
    key: &str,
    segments_container: &str,
    segments: &[Written],
    options: &PutOptions,
) -> Result<()> {
    let manifest: Vec<serde_json::Value> = segments
        .iter()
        .map(|s| {
            json!({
                "path": format!("/{segments_container}/{}", s.name),
                "etag": s.etag,
                "size_bytes": s.size,
            })
        })
        .collect();
    let mut url = http.url(&object_path(container, key));
    url.query_pairs_mut()
        .append_pair("multipart-manifest", "put");
    let content_type = options
        .content_type
        .clone()
        .unwrap_or_else(|| cloud_core::storage::guess_content_type(key));
    let mut request = HttpRequest::new("put_manifest", Method::PUT, url)
        .json(&json!(manifest))
        .header("x-object-manifest-content-type", &content_type)
        .header("content-type", &content_type);
    for (name, value) in &options.metadata {
        request = request.header(&format!("{}{name}", super::model::OBJECT_META), value);
    }
    http.send(request).await.map(|_| ())
}

/// A fresh upload id: the time in microseconds, as the OpenStack tools use.
fn upload_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}.{:06}", now.as_secs(), now.subsec_micros())
}

/// The bytes `start..start+len` of the file at `path`, streamed.
async fn file_range(path: &Path, start: u64, len: u64, progress: Progress) -> Result<ByteStream> {
    let shown = path.display().to_string();
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::io(format!("open {shown}"), e))?;
    file.seek(std::io::SeekFrom::Start(start))
        .await
        .map_err(|e| Error::io(format!("seek {shown}"), e))?;
    let reader = file.take(len);
    Ok(ReaderStream::with_capacity(reader, FILE_CHUNK)
        .inspect_ok(move |chunk: &Bytes| progress(chunk.len() as u64))
        .map_err(move |e| Error::io(format!("read {shown}"), e))
        .boxed())
}

/// Uploads the file at `path` (`size` bytes) as a static large object: segments read
/// straight from the file, `concurrency` at once, then the manifest.
#[allow(clippy::too_many_arguments)]
pub async fn put_file(
    http: Arc<HttpClient>,
    info: &ClusterInfo,
    settings: &LargeObjects,
    container: &str,
    key: &str,
    path: &Path,
    size: u64,
    options: &PutOptions,
    progress: Progress,
) -> Result<()> {
    let segment = settings.segment_size_for(size, info)?;
    let seg_container = segments_container(container);
    ensure_container(&http, &seg_container).await?;
    let upload = upload_id();
    let mut guard = Segments::new(http.clone(), &seg_container, info);
    let count = size.div_ceil(segment) as usize;
    let guard_ref = &guard;
    let results: Vec<Result<Written>> = futures::stream::iter(0..count)
        .map(|index| {
            let http = http.clone();
            let progress = progress.clone();
            let seg_container = seg_container.clone();
            let name = segment_name(key, &upload, size, segment, index);
            async move {
                let start = index as u64 * segment;
                let len = segment.min(size - start);
                guard_ref.record(&name);
                let body = file_range(path, start, len, progress).await?;
                put_segment(&http, &seg_container, &name, len, body).await
            }
        })
        .buffered(settings.concurrency.max(1))
        .collect()
        .await;
    let mut written = Vec::with_capacity(count);
    for result in results {
        match result {
            Ok(w) => written.push(w),
            Err(e) => {
                guard.remove_now().await;
                return Err(e.in_context(PROVIDER_ID, "put_object"));
            }
        }
    }
    if let Err(e) = put_manifest(&http, container, key, &seg_container, &written, options).await {
        guard.remove_now().await;
        return Err(e.in_context(PROVIDER_ID, "put_object"));
    }
    guard.done = true;
    Ok(())
}

/// Uploads `body` of unknown (or too large) size as a static large object, one segment
/// after another as the bytes arrive: memory stays at a few chunks whatever the size.
pub async fn put_stream(
    http: Arc<HttpClient>,
    info: &ClusterInfo,
    settings: &LargeObjects,
    container: &str,
    key: &str,
    mut body: ByteStream,
    options: &PutOptions,
) -> Result<()> {
    let segment = settings
        .segment_size
        .min(info.max_file_size)
        .max(info.slo_min_segment_size.unwrap_or(1));
    let seg_container = segments_container(container);
    ensure_container(&http, &seg_container).await?;
    let upload = upload_id();
    let mut guard = Segments::new(http.clone(), &seg_container, info);
    let mut written: Vec<Written> = Vec::new();
    let mut carry: Option<Bytes> = None;
    loop {
        if written.len() as u64 >= info.slo_max_segments {
            guard.remove_now().await;
            return Err(Error::invalid_input(format!(
                "the object needs more than {} segments of {segment} bytes",
                info.slo_max_segments
            ))
            .in_context(PROVIDER_ID, "put_object"));
        }
        let (tx, rx) = futures::channel::mpsc::channel::<Result<Bytes>>(4);
        let name = segment_name(key, &upload, 0, segment, written.len());
        guard.record(&name);
        let segment_body: ByteStream = rx.boxed();
        let url = http.url(&object_path(&seg_container, &name));
        let request = HttpRequest::new("put_segment", Method::PUT, url).stream(segment_body);
        let send = http.send(request);
        let feed = feed_segment(&mut body, &mut carry, segment, tx);
        let (sent, fed) = futures::future::join(send, feed).await;
        let (len, ended) = match fed {
            Ok(fed) => fed,
            Err(e) => {
                guard.remove_now().await;
                return Err(e.in_context(PROVIDER_ID, "put_object"));
            }
        };
        match sent {
            Ok(resp) => written.push(Written {
                name,
                size: len,
                etag: resp.header("etag").map(|e| e.trim_matches('"').to_string()),
            }),
            Err(e) => {
                guard.remove_now().await;
                return Err(e.in_context(PROVIDER_ID, "put_object"));
            }
        }
        if ended {
            break;
        }
    }
    // A last segment of no bytes (the body ended on a boundary) is left out.
    if written.len() > 1
        && written.last().is_some_and(|w| w.size == 0)
        && let Some(empty) = written.pop()
    {
        remove(&http, &seg_container, vec![empty.name], false).await;
    }
    if let Err(e) = put_manifest(&http, container, key, &seg_container, &written, options).await {
        guard.remove_now().await;
        return Err(e.in_context(PROVIDER_ID, "put_object"));
    }
    guard.done = true;
    Ok(())
}

/// Moves up to `segment` bytes of `body` into `tx`; returns how many and whether the
/// body ended. Bytes past the segment stay in `carry` for the next one.
async fn feed_segment(
    body: &mut ByteStream,
    carry: &mut Option<Bytes>,
    segment: u64,
    mut tx: futures::channel::mpsc::Sender<Result<Bytes>>,
) -> Result<(u64, bool)> {
    use futures::SinkExt;
    let mut sent = 0u64;
    loop {
        let chunk = match carry.take() {
            Some(c) => c,
            None => match body.next().await {
                Some(Ok(c)) => c,
                Some(Err(e)) => {
                    let _ = tx
                        .send(Err(Error::new(e.kind(), e.message().to_string())))
                        .await;
                    return Err(e);
                }
                None => return Ok((sent, true)),
            },
        };
        let room = (segment - sent) as usize;
        let (now, later) = if chunk.len() > room {
            (chunk.slice(..room), Some(chunk.slice(room..)))
        } else {
            (chunk, None)
        };
        sent += now.len() as u64;
        if tx.send(Ok(now)).await.is_err() {
            return Err(Error::new(
                ErrorKind::Transport,
                "the segment upload stopped reading",
            ));
        }
        if let Some(rest) = later {
            *carry = Some(rest);
        }
        if sent >= segment {
            return Ok((sent, false));
        }
    }
}

/// Whether a `HEAD` answer's headers describe a static large object manifest.
pub fn is_manifest(headers: &cloud_core::http::HeaderMap) -> bool {
    headers
        .get("x-static-large-object")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Deletes a manifest and its segments (`?multipart-manifest=delete`); Swift answers 200
/// with a report whose `Errors` must be empty.
pub async fn delete_manifest(http: &HttpClient, container: &str, key: &str) -> Result<()> {
    let mut url = http.url(&object_path(container, key));
    url.query_pairs_mut()
        .append_pair("multipart-manifest", "delete");
    let resp = http
        .send(
            HttpRequest::new("delete_object", Method::DELETE, url)
                .header("accept", "application/json")
                .idempotent(true),
        )
        .await?;
    let report: serde_json::Value = serde_json::from_slice(&resp.body).unwrap_or_default();
    let errors = report["Errors"].as_array().map(Vec::len).unwrap_or(0);
    if errors > 0 {
        return Err(Error::new(
            ErrorKind::Provider,
            format!(
                "deleting {container}/{key} left {errors} segments: {}",
                report["Errors"]
            ),
        )
        .in_context(PROVIDER_ID, "delete_object"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(max: u64, min_segment: Option<u64>, max_segments: u64) -> ClusterInfo {
        ClusterInfo {
            max_file_size: max,
            slo_min_segment_size: min_segment,
            slo_max_segments: max_segments,
            tempurl_digests: None,
            bulk_delete: false,
        }
    }

    #[test]
    fn thresholds_and_segment_sizes_follow_the_cluster() {
        let mib = 1024 * 1024;
        let settings = LargeObjects::default();
        let small_cluster = info(16 * mib, Some(1), 1000);
        assert!(settings.is_large(17 * mib, &small_cluster));
        assert!(!settings.is_large(16 * mib, &small_cluster));
        assert!(
            !settings.is_large(17 * mib, &info(16 * mib, None, 1000)),
            "no SLO"
        );
        assert_eq!(
            settings
                .segment_size_for(1024 * mib, &small_cluster)
                .unwrap(),
            16 * mib
        );
        let big = info(5 * 1024 * mib, Some(1), 1000);
        assert!(!settings.is_large(200 * mib, &big));
        assert!(settings.is_large(300 * mib, &big));
        assert_eq!(
            settings.segment_size_for(300 * mib, &big).unwrap(),
            64 * mib
        );
        // 100 GiB in segments of 64 MiB is 1600: more than 1000, so segments grow.
        let seg = settings.segment_size_for(100 * 1024 * mib, &big).unwrap();
        assert!((100 * 1024 * mib).div_ceil(seg) <= 1000);
        assert!(
            settings
                .segment_size_for(100 * 1024 * mib, &small_cluster)
                .is_err()
        );
    }

    #[test]
    fn segment_names_sort_in_upload_order() {
        let a = segment_name("big.iso", "1700000000.000001", 10, 4, 2);
        assert_eq!(a, "big.iso/slo/1700000000.000001/10/4/00000002");
        assert!(segment_name("k", "u", 1, 1, 9) < segment_name("k", "u", 1, 1, 10));
        assert_eq!(segments_container("photos"), "photos_segments");
    }
}
