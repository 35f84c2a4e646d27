//! Reading objects: `objects.get` for the metadata, and `alt=media` downloads of that
//! generation, streamed, resumed after a broken connection and checked against the
//! object's CRC32C.

use std::sync::Arc;

use cloud_core::http::{HeaderMap, Method, StatusCode};
use cloud_core::storage::{
    ByteRange, ByteStream, ObjectDownload, ObjectMeta, RangeFetcher, resuming,
};
use cloud_core::{Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};

use super::{ctx, in_ctx, validate_bucket, validate_key};
use crate::client::{GcsClient, request, with_query};
use crate::model::{self, Crc32c};
use crate::{GcsStorage, PROVIDER_ID};

const GET: &str = "objects.get";

impl GcsStorage {
    /// `objects.get` (metadata).
    pub(crate) async fn head(&self, bucket: &str, key: &str) -> Result<ObjectMeta> {
        Ok(self.resource(bucket, key).await?.0)
    }

    /// The object's metadata, its generation and CRC32C.
    async fn resource(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<(ObjectMeta, Option<u64>, Option<Crc32c>)> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            GET,
        )?;
        let url = self.client.object_url(bucket, key);
        let resp = self.client.send(request(GET, Method::GET, url)).await?;
        let resource = ctx(model::object(&resp.body), GET)?;
        let generation = resource.generation();
        let crc = resource.crc32c();
        Ok((ctx(resource.into_meta(bucket), GET)?, generation, crc))
    }

    /// Reads the object (or `range` of it) as a stream, in one request: what the
    /// object is comes from the answer's headers (`x-goog-generation`, `x-goog-hash`,
    /// `x-goog-meta-*`, the size from `Content-Range` or
    /// `x-goog-stored-content-length`). A body that breaks part way is asked for again
    /// from the first byte not received, of that generation only, within the retry
    /// policy; an object replaced meanwhile ends the download with `Conflict`. A whole
    /// download is checked against the CRC32C in `x-goog-hash`; a mismatch fails the
    /// last chunk with a `Provider` error coded `ChecksumMismatch`.
    pub(crate) async fn get(
        &self,
        bucket: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        ctx(
            validate_bucket(bucket)
                .and_then(|()| validate_key(key))
                .and_then(|()| ByteRange::check(range)),
            GET,
        )?;
        let (start, wanted_end) = range.map_or((0, None), |r| (r.start, r.end));
        let (headers, first) = fetch_media(
            &self.client,
            bucket,
            key,
            None,
            start,
            wanted_end,
            range.is_some(),
        )
        .await?;
        let meta = match ctx(model::meta_of_download(bucket, key, &headers), GET) {
            Ok(meta) => meta,
            // No size in the headers: the metadata says it.
            Err(_) => self.resource(bucket, key).await?.0,
        };
        let generation = model::number_header(&headers, "x-goog-generation");
        let size = meta.size;
        let end = wanted_end.map_or(size, |e| e.min(size));
        let fetch = media_fetcher(&self.client, bucket, key, generation, end);
        let body = resuming(
            first,
            start,
            Some(end),
            fetch,
            self.client.config().retry.clone(),
        );
        let whole = start == 0 && end == size;
        let body = if whole {
            let expected: Vec<Crc32c> = headers
                .get("x-goog-hash")
                .and_then(|v| v.to_str().ok())
                .and_then(model::crc32c_of_header)
                .into_iter()
                .collect();
            verified(body, expected, format!("{bucket}/{key}"))
        } else {
            body
        };
        Ok(ObjectDownload { meta, body })
    }
}

/// Asks for bytes `start..end` of the object's `generation`; the headers and body.
/// A generation gone (the object replaced or deleted) is `Conflict`.
async fn fetch_media(
    client: &GcsClient,
    bucket: &str,
    key: &str,
    generation: Option<u64>,
    start: u64,
    end: Option<u64>,
    ranged: bool,
) -> Result<(HeaderMap, ByteStream)> {
    let generation_text = generation.map(|g| g.to_string());
    let mut pairs = vec![("alt", "media")];
    if let Some(g) = generation_text.as_deref() {
        pairs.push(("generation", g));
    }
    let url = with_query(client.object_url(bucket, key), &pairs);
    let mut req = request(GET, Method::GET, url);
    if ranged {
        let range = ByteRange { start, end };
        req = req.header("range", &range.to_header());
    }
    let resp = client.send_streaming(req).await.map_err(|e| {
        if e.kind() == ErrorKind::NotFound && generation.is_some() {
            in_ctx(
                Error::new(
                    ErrorKind::Conflict,
                    format!("{bucket}/{key} was replaced or deleted while it was being read"),
                ),
                GET,
            )
        } else {
            e
        }
    })?;
    if ranged && resp.status != StatusCode::PARTIAL_CONTENT {
        return Err(in_ctx(
            Error::malformed(format!(
                "asked for a range, got status {} instead of 206",
                resp.status.as_u16()
            )),
            GET,
        ));
    }
    if let (Some(want), Some(got)) = (
        generation,
        resp.header("x-goog-generation")
            .and_then(|g| g.trim().parse::<u64>().ok()),
    ) && want != got
    {
        return Err(in_ctx(
            Error::new(
                ErrorKind::Conflict,
                format!("{bucket}/{key} changed while it was being read"),
            ),
            GET,
        ));
    }
    let what = format!("{bucket}/{key}");
    let body = resp
        .body
        .map_err(move |e| {
            Error::new(e.kind(), format!("reading {what}: {}", e.message()))
                .in_context(PROVIDER_ID, GET)
        })
        .boxed();
    Ok((resp.headers, body))
}

/// Fetches the rest of the download from an offset, of the same generation.
fn media_fetcher(
    client: &GcsClient,
    bucket: &str,
    key: &str,
    generation: Option<u64>,
    end: u64,
) -> RangeFetcher {
    let client = client.clone();
    let (bucket, key) = (bucket.to_string(), key.to_string());
    Arc::new(move |offset| {
        let (client, bucket, key) = (client.clone(), bucket.clone(), key.clone());
        Box::pin(async move {
            let (_, body) =
                fetch_media(&client, &bucket, &key, generation, offset, Some(end), true).await?;
            Ok(body)
        })
    })
}

/// `body`, hashed as it passes; its last item fails when the CRC32C differs from any
/// of `expected`.
fn verified(body: ByteStream, expected: Vec<Crc32c>, what: String) -> ByteStream {
    if expected.is_empty() {
        return body;
    }
    let state = (body, 0u32, false);
    futures::stream::unfold(state, move |(mut body, crc, done)| {
        let expected = expected.clone();
        let what = what.clone();
        async move {
            if done {
                return None;
            }
            match body.next().await {
                Some(Ok(chunk)) => {
                    let crc = crc32c::crc32c_append(crc, &chunk);
                    Some((Ok(chunk), (body, crc, false)))
                }
                Some(Err(e)) => Some((Err(e), (body, crc, true))),
                None => match expected.iter().find(|e| e.0 != crc) {
                    Some(want) => Some((
                        Err(Error::new(
                            ErrorKind::Provider,
                            format!(
                                "checksum mismatch downloading {what}: the server states \
                                 CRC32C {want}, the bytes received hash to {}",
                                Crc32c(crc)
                            ),
                        )
                        .with_code("ChecksumMismatch")
                        .in_context(PROVIDER_ID, GET)),
                        (body, crc, true),
                    )),
                    None => None,
                },
            }
        }
    })
    .boxed()
}
