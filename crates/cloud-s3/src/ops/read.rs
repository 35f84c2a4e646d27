//! Reading objects: `HeadObject`, and `GetObject` as a checked stream.

use cloud_core::http::{Method, StatusCode};
use cloud_core::storage::{ByteRange, ByteStream, ObjectDownload, ObjectMeta};
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
    pub(crate) async fn get(
        &self,
        bucket: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let checked = validate_bucket(bucket)
            .and_then(|()| validate_key(key))
            .and_then(|()| check_range(range));
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
        let shown = what.clone();
        let body: ByteStream = resp
            .body
            .map_err(move |e| {
                Error::new(e.kind(), format!("reading {shown}: {}", e.message()))
                    .in_context(crate::PROVIDER_ID, "GetObject")
            })
            .boxed();
        let body = match (partial, download_checksum::expected(&headers)) {
            (false, Some(expected)) => download_checksum::verified(body, expected, what),
            _ => body,
        };
        Ok(ObjectDownload { meta, body })
    }
}

/// A range must hold at least one byte.
fn check_range(range: Option<ByteRange>) -> Result<()> {
    match range {
        Some(ByteRange {
            start,
            end: Some(end),
        }) if end <= start => Err(Error::invalid_input(format!(
            "the range {start}..{end} is empty"
        ))),
        _ => Ok(()),
    }
}
