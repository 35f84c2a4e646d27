//! Reading blobs: `Get Blob Properties`, and `Get Blob` streamed (with `x-ms-range`),
//! resumed after a broken connection on condition that the blob is unchanged
//! (`If-Match` on its ETag), and checked against the MD5 (and CRC64) the service
//! states.

use std::sync::Arc;

use cloud_core::http::{HeaderMap, Method};
use cloud_core::storage::{
    ByteRange, ByteStream, ObjectDownload, ObjectMeta, RangeFetcher, resuming,
};
use cloud_core::{Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};

use super::body::{Expected, verified};
use super::{ctx, in_ctx, validate_container, validate_key};
use crate::client::{BlobClient, request};
use crate::{AzureBlobStorage, PROVIDER_ID, model};

const HEAD: &str = "Get Blob Properties";
const GET: &str = "Get Blob";

impl AzureBlobStorage {
    /// `Get Blob Properties`; `NotFound` when nothing is stored under `key`.
    pub(crate) async fn head(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        ctx(
            validate_container(container).and_then(|()| validate_key(key)),
            HEAD,
        )?;
        let url = self.client.blob_url(container, key);
        let resp = self.client.send(request(HEAD, Method::HEAD, url)).await?;
        ctx(model::meta_of_headers(container, key, &resp.headers), HEAD)
    }

    /// Reads the blob (or `range` of it) as a stream, in one request; what the blob is
    /// comes from the answer's headers. A body that breaks part way is asked for again
    /// from the first byte not received, of the same ETag only; a blob replaced
    /// meanwhile ends the download with `Conflict`. A whole download is checked against
    /// the blob's MD5 (and a ranged one against the CRC64 the service sends, if any); a
    /// mismatch fails the last chunk with a `Provider` error coded `ChecksumMismatch`.
    pub(crate) async fn get(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        ctx(
            validate_container(container)
                .and_then(|()| validate_key(key))
                .and_then(|()| ByteRange::check(range)),
            GET,
        )?;
        let (start, wanted_end) = range.map_or((0, None), |r| (r.start, r.end));
        let (headers, first) = fetch(
            &self.client,
            container,
            key,
            None,
            start,
            wanted_end,
            range.is_some(),
        )
        .await?;
        let meta = ctx(model::meta_of_headers(container, key, &headers), GET)?;
        let size = meta.size;
        let end = wanted_end.map_or(size, |e| e.min(size));
        let etag = headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let fetcher = fetcher(&self.client, container, key, etag, end);
        let body = resuming(
            first,
            start,
            Some(end),
            fetcher,
            self.client.config().retry.clone(),
        );
        let whole = start == 0 && end == size;
        let text = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
        let md5 = if whole {
            text("x-ms-blob-content-md5")
                .or_else(|| {
                    text("content-range")
                        .is_none()
                        .then(|| text("content-md5"))
                        .flatten()
                })
                .and_then(model::md5_of_header)
        } else {
            None
        };
        let expected = Expected {
            md5,
            crc64: if range.is_some() && !whole {
                None
            } else {
                text("x-ms-content-crc64").and_then(model::crc64_of_header)
            },
        };
        let body = verified(body, expected, format!("{container}/{key}"));
        Ok(ObjectDownload { meta, body })
    }
}

/// Asks for bytes `start..end` of the blob, on condition that its ETag is `etag` when
/// given (a changed blob is `Conflict`); the headers and body.
async fn fetch(
    client: &BlobClient,
    container: &str,
    key: &str,
    etag: Option<&str>,
    start: u64,
    end: Option<u64>,
    ranged: bool,
) -> Result<(HeaderMap, ByteStream)> {
    let mut req = request(GET, Method::GET, client.blob_url(container, key));
    if ranged {
        req = req.header("x-ms-range", &ByteRange { start, end }.to_header());
    }
    if let Some(etag) = etag {
        req = req.header("if-match", etag);
    }
    let resp = client.send_streaming(req).await.map_err(|e| {
        if etag.is_some() && matches!(e.kind(), ErrorKind::Conflict | ErrorKind::NotFound) {
            in_ctx(
                Error::new(
                    ErrorKind::Conflict,
                    format!("{container}/{key} was replaced or deleted while it was being read"),
                ),
                GET,
            )
        } else {
            e
        }
    })?;
    if ranged && resp.status.as_u16() != 206 {
        return Err(in_ctx(
            Error::malformed(format!(
                "asked for a range, got status {} instead of 206",
                resp.status.as_u16()
            )),
            GET,
        ));
    }
    let what = format!("{container}/{key}");
    let body = resp
        .body
        .map_err(move |e| {
            Error::new(e.kind(), format!("reading {what}: {}", e.message()))
                .in_context(PROVIDER_ID, GET)
        })
        .boxed();
    Ok((resp.headers, body))
}

/// Fetches the rest of the download from an offset, of the same ETag.
fn fetcher(
    client: &BlobClient,
    container: &str,
    key: &str,
    etag: Option<String>,
    end: u64,
) -> RangeFetcher {
    let client = client.clone();
    let (container, key) = (container.to_string(), key.to_string());
    Arc::new(move |offset| {
        let (client, container, key, etag) =
            (client.clone(), container.clone(), key.clone(), etag.clone());
        Box::pin(async move {
            let (_, body) = fetch(
                &client,
                &container,
                &key,
                etag.as_deref(),
                offset,
                Some(end),
                true,
            )
            .await?;
            Ok(body)
        })
    })
}
