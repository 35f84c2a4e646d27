//! Small helpers of the storage suite: bodies going up, bytes coming down, listings.

use bytes::Bytes;
use cloud_core::storage::{ByteStream, ListEntry, ListObjects, ObjectDownload, ObjectStorage};
use futures::StreamExt;

use crate::conformance::{collect, ok};

/// A body made of these chunks, each sent as one piece.
pub(super) fn body(chunks: Vec<Bytes>) -> ByteStream {
    Box::pin(futures::stream::iter(chunks.into_iter().map(Ok)))
}

/// Every byte of a download; panics with the step on a stream error.
pub(super) async fn read_all(id: &str, call: &str, download: ObjectDownload) -> Vec<u8> {
    let mut out = Vec::new();
    let mut body = download.body;
    while let Some(chunk) = body.next().await {
        out.extend_from_slice(&ok(id, call, chunk));
    }
    out
}

/// Downloads `key` whole and returns its bytes.
pub(super) async fn get_bytes(
    id: &str,
    driver: &dyn ObjectStorage,
    container: &str,
    key: &str,
) -> Vec<u8> {
    let call = format!("get_object({key:?})");
    let download = ok(id, &call, driver.get_object(container, key, None).await);
    read_all(id, &call, download).await
}

/// A listing split into object keys and common prefixes, each in the order listed.
#[derive(Debug, Default)]
pub(super) struct Listing {
    pub(super) objects: Vec<String>,
    pub(super) prefixes: Vec<String>,
}

/// Lists `container` with `options`; panics with the step on an error.
pub(super) async fn list(
    id: &str,
    driver: &dyn ObjectStorage,
    container: &str,
    options: &ListObjects,
) -> Listing {
    let entries = collect(id, "list_objects", driver.list_objects(container, options)).await;
    let mut listing = Listing::default();
    for entry in entries {
        match entry {
            ListEntry::Object(meta) => listing.objects.push(meta.name),
            ListEntry::Prefix { prefix } => listing.prefixes.push(prefix),
        }
    }
    listing
}

/// Listing options with an optional prefix and delimiter.
pub(super) fn list_options(prefix: Option<&str>, delimiter: Option<&str>) -> ListObjects {
    ListObjects {
        prefix: prefix.map(str::to_string),
        delimiter: delimiter.map(str::to_string),
        page_size: None,
    }
}

/// Panics with the step unless `got` equals `want`.
#[track_caller]
pub(super) fn same_bytes(id: &str, what: &str, got: &[u8], want: &[u8]) {
    if got == want {
        return;
    }
    let (short_got, short_want) = (as_short_text(got), as_short_text(want));
    if let (Some(g), Some(w)) = (short_got, short_want) {
        panic!("[{id}] {what}: expected the bytes {w:?}, got {g:?}");
    }
    let first_difference = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    panic!(
        "[{id}] {what}: expected {} bytes, got {} bytes, first difference at byte {first_difference}",
        want.len(),
        got.len()
    );
}

/// The bytes as text when they are short UTF-8.
fn as_short_text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok().filter(|t| t.len() <= 200)
}
