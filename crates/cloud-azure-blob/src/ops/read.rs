//! Reading blobs: `Get Blob Properties`, and `Get Blob` streamed (with `x-ms-range`),
//! resumed after a broken connection on condition that the blob is unchanged
//! (`If-Match` on its ETag), and checked against the MD5 (and CRC64) the service
//! states.

use std::sync::Arc;

use cloud_core::http::{HeaderMap, Method};
use cloud_core::storage::{
    ByteRange, ByteStream, ObjectDownload, ObjectMeta, PartFetcher, PartPlan, RangeFetcher,
    in_parts, resuming,
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

    /// Reads the blob (or `range` of it) as a stream; what the blob is comes from the
    /// first answer's headers. A download larger than one part (option
    /// `download_part_size`) is read in ranged requests, several at once (option
    /// `download_concurrency`), and handed out in order; every request after the first
    /// is made on condition that the ETag is unchanged. A body that breaks part way is
    /// asked for again from the first byte not received, of the same ETag only; a blob
    /// replaced meanwhile ends the download with `Conflict`. A whole download is checked
    /// against the blob's MD5 (and CRC64, when the service sends one for the whole); a
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
        let plan = self.download_plan();
        let (headers, first, first_wanted) =
            self.first_answer(container, key, range, &plan).await?;
        let meta = ctx(model::meta_of_headers(container, key, &headers), GET)?;
        let size = meta.size;
        let end = wanted_end.map_or(size, |e| e.min(size));
        let first_end = first_wanted.map_or(end, |e| e.min(end));
        let etag = headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let parts = part_fetcher(&self.client, container, key, etag);
        let retry = self.client.config().retry.clone();
        let rest_of_first: RangeFetcher = {
            let parts = parts.clone();
            Arc::new(move |offset| parts(offset, first_end))
        };
        let mut body = resuming(first, start, Some(first_end), rest_of_first, retry.clone());
        if first_end < end {
            body = in_parts(body, first_end, end, parts, plan, retry);
        }
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
            crc64: if whole && first_end == end {
                text("x-ms-content-crc64").and_then(model::crc64_of_header)
            } else {
                None
            },
        };
        let body = verified(body, expected, format!("{container}/{key}"));
        Ok(ObjectDownload { meta, body })
    }

    /// How a large download is cut into ranged requests: the parts asked for beside
    /// the first answer.
    fn download_plan(&self) -> PartPlan {
        PartPlan {
            part_size: self.settings.download_part_size.max(1),
            concurrency: self.settings.download_concurrency.saturating_sub(1),
        }
    }

    /// The first answer of a download: its headers, its body, and where the body ends
    /// when it was asked for one part only (`None`: up to the end of the download).
    /// An empty blob has no byte for a first part to range over: its download is asked
    /// for again without a range.
    async fn first_answer(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
        plan: &PartPlan,
    ) -> Result<(HeaderMap, ByteStream, Option<u64>)> {
        let (start, wanted_end) = range.map_or((0, None), |r| (r.start, r.end));
        let client = &self.client;
        if plan.concurrency == 0 {
            let ask = range.map_or(Ask::Whole, Ask::Range);
            let (headers, body) = fetch(client, container, key, None, ask).await?;
            return Ok((headers, body, None));
        }
        let part_end = start.saturating_add(plan.part_size);
        let first_end = wanted_end.map_or(part_end, |e| e.min(part_end));
        let part = ByteRange {
            start,
            end: Some(first_end),
        };
        let ask = if range.is_none() {
            Ask::RangeOrWhole(part)
        } else {
            Ask::Range(part)
        };
        match fetch(client, container, key, None, ask).await {
            Ok((headers, body)) if headers.contains_key("content-range") => {
                Ok((headers, body, Some(first_end)))
            }
            Ok((headers, body)) => Ok((headers, body, None)),
            Err(e) if range.is_none() && e.status() == Some(416) => {
                let (headers, body) = fetch(client, container, key, None, Ask::Whole).await?;
                Ok((headers, body, None))
            }
            Err(e) => Err(e),
        }
    }
}

/// What a `Get Blob` asks for.
#[derive(Debug, Clone, Copy)]
enum Ask {
    /// The whole blob.
    Whole,
    /// A range, which the answer must be (status 206).
    Range(ByteRange),
    /// A range, or the whole blob from a service that sends it whole (status 200).
    RangeOrWhole(ByteRange),
}

/// Asks for bytes `start..end` of the blob, on condition that its ETag is `etag` when
/// given (a changed blob is `Conflict`); the headers and body.
async fn fetch(
    client: &BlobClient,
    container: &str,
    key: &str,
    etag: Option<&str>,
    ask: Ask,
) -> Result<(HeaderMap, ByteStream)> {
    let mut req = request(GET, Method::GET, client.blob_url(container, key));
    let range = match ask {
        Ask::Whole => None,
        Ask::Range(range) | Ask::RangeOrWhole(range) => Some(range),
    };
    if let Some(range) = range {
        req = req.header("x-ms-range", &range.to_header());
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
    let refused = match ask {
        Ask::Whole => false,
        Ask::Range(_) => resp.status.as_u16() != 206,
        Ask::RangeOrWhole(_) => !matches!(resp.status.as_u16(), 200 | 206),
    };
    if refused {
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

/// Fetches bytes `start..end` of the blob, of the same ETag.
fn part_fetcher(
    client: &BlobClient,
    container: &str,
    key: &str,
    etag: Option<String>,
) -> PartFetcher {
    let client = client.clone();
    let (container, key) = (container.to_string(), key.to_string());
    Arc::new(move |start, end| {
        let (client, container, key, etag) =
            (client.clone(), container.clone(), key.clone(), etag.clone());
        Box::pin(async move {
            let range = ByteRange {
                start,
                end: Some(end),
            };
            let (_, body) = fetch(
                &client,
                &container,
                &key,
                etag.as_deref(),
                Ask::Range(range),
            )
            .await?;
            Ok(body)
        })
    })
}
