//! Reading objects: `HeadObject`, and `GetObject` as a checked stream.

use cloud_core::http::{Method, StatusCode};
use std::sync::Arc;

use cloud_core::storage::{
    ByteRange, ByteStream, ObjectDownload, ObjectMeta, RangeFetcher, resuming,
};
use cloud_core::{Error, Result};
use futures::{StreamExt, TryStreamExt};

use super::download_checksum;
use super::names::{validate_bucket, validate_key};
use super::{ctx, in_ctx};
use crate::S3Storage;
use crate::client::S3Request;
use crate::model;

impl S3Storage {
    /// `HeadObject`.
    pub(crate) async fn head(&self, bucket: &str, key: &str) -> Result<ObjectMeta> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            "HeadObject",
        )?;
        let req = S3Request::object("HeadObject", Method::HEAD, bucket, key);
        let resp = self.client.send(&req).await?;
        ctx(
            model::object_meta(bucket, key, &resp.headers, false),
            "HeadObject",
        )
    }

    /// `GetObject`, streamed. A whole download is checked against the object's
    /// checksum (or its MD5 entity tag) as it streams; a mismatch fails the last chunk.
    ///
    /// A body that breaks part way (a reset, a truncated answer, a stalled read) is
    /// asked for again from the first byte not yet received, with `If-Match` on the
    /// first answer's entity tag, within the retry policy's attempts and budget; an
    /// object replaced in between ends the download with a `Conflict` error.
    pub(crate) async fn get(
        &self,
        bucket: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let checked = validate_bucket(bucket)
            .and_then(|()| validate_key(key))
            .and_then(|()| ByteRange::check(range));
        ctx(checked, "GetObject")?;
        let mut req = S3Request::object("GetObject", Method::GET, bucket, key);
        match range {
            Some(r) => req = req.header("range", r.to_header()),
            None => req = req.header("x-amz-checksum-mode", "ENABLED"),
        }
        let resp = self.client.send_streaming(&req).await?;
        let partial = resp.status == StatusCode::PARTIAL_CONTENT;
        if range.is_some() && !partial {
            return Err(in_ctx(
                Error::malformed(format!(
                    "asked for a range, got status {} instead of 206",
                    resp.status.as_u16()
                )),
                "GetObject",
            ));
        }
        let headers = resp.headers;
        let meta = ctx(
            model::object_meta(bucket, key, &headers, partial),
            "GetObject",
        )?;
        let what = format!("{bucket}/{key}");
        let body = in_context(resp.body, &what);
        let body = match meta.etag.clone() {
            Some(etag) => {
                let start = range.map_or(0, |r| r.start);
                let end = range
                    .and_then(|r| r.end)
                    .map_or(meta.size, |end| end.min(meta.size));
                let fetch = self.rest_of(bucket, key, etag, end);
                resuming(
                    body,
                    start,
                    Some(end),
                    fetch,
                    self.client.http_config().retry.clone(),
                )
            }
            None => body,
        };
        let body = match (partial, download_checksum::expected(&headers)) {
            (false, Some(expected)) => download_checksum::verified(body, expected, what),
            _ => body,
        };
        Ok(ObjectDownload { meta, body })
    }

    /// Asks for the object's bytes from an offset up to `end`, on condition that its
    /// entity tag is still `etag`.
    fn rest_of(&self, bucket: &str, key: &str, etag: String, end: u64) -> RangeFetcher {
        let client = self.client.clone();
        let (bucket, key) = (bucket.to_string(), key.to_string());
        Arc::new(move |offset| {
            let range = ByteRange {
                start: offset,
                end: Some(end),
            };
            let req = S3Request::object("GetObject", Method::GET, &bucket, &key)
                .header("range", range.to_header())
                .header("if-match", format!("\"{etag}\""));
            let client = client.clone();
            let what = format!("{bucket}/{key}");
            Box::pin(async move {
                let resp = client.send_streaming(&req).await?;
                if resp.status != StatusCode::PARTIAL_CONTENT {
                    return Err(in_ctx(
                        Error::malformed(format!(
                            "asked for the rest of the object, got status {} instead of 206",
                            resp.status.as_u16()
                        )),
                        "GetObject",
                    ));
                }
                Ok(in_context(resp.body, &what))
            })
        })
    }
}

/// A body whose errors name the object and the operation.
fn in_context(body: ByteStream, what: &str) -> ByteStream {
    let shown = what.to_string();
    body.map_err(move |e| {
        Error::new(e.kind(), format!("reading {shown}: {}", e.message()))
            .in_context(crate::PROVIDER_ID, "GetObject")
    })
    .boxed()
}
