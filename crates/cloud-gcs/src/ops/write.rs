//! Writing objects: objects up to the threshold in one `uploadType=multipart` request
//! (metadata and bytes together, with their CRC32C for the server to check), larger or
//! longer ones through a resumable upload (`resumable.rs`).

use bytes::{Bytes, BytesMut};
use cloud_core::http::Method;
use cloud_core::storage::{ByteStream, ObjectMeta, PutOptions, guess_content_type};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::{Value, json};

use super::upload_body::{Queue, Source};
use super::{ctx, in_ctx, validate_bucket, validate_key};
use crate::GcsStorage;
use crate::client::{request, with_query};
use crate::model::{self, encode_crc32c};

pub(crate) const INSERT: &str = "objects.insert";

impl GcsStorage {
    /// Writes `body` under `key`: in one request when it is known (or turns out) to be
    /// at most `upload_threshold` bytes, else in a resumable upload of `chunk_size`
    /// requests. Memory stays bounded by the larger of the two.
    pub(crate) async fn put(
        &self,
        bucket: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            INSERT,
        )?;
        let resource = resource_json(key, options);
        let mut source = Source::new(body, options.size);
        let mut queue = Queue::default();
        let threshold = self.settings.upload_threshold;
        let small = options.size.is_some_and(|s| s <= threshold);
        if small || options.size.is_none() {
            ctx(source.fill(&mut queue, threshold).await, INSERT)?;
        }
        if source.ended() && queue.len() <= threshold {
            return self
                .single(bucket, key, resource, queue.joined(), source.crc())
                .await;
        }
        self.resumable(bucket, key, resource, source, queue, options.size)
            .await
    }

    /// `uploadType=multipart`: the object resource and the bytes in one request.
    async fn single(
        &self,
        bucket: &str,
        key: &str,
        mut resource: Value,
        bytes: Bytes,
        crc: u32,
    ) -> Result<ObjectMeta> {
        resource["crc32c"] = json!(encode_crc32c(crc));
        let content_type = resource["contentType"]
            .as_str()
            .unwrap_or("application/octet-stream")
            .to_string();
        let boundary = format!("gcs-{}", uuid::Uuid::new_v4().simple());
        let mut body = BytesMut::with_capacity(bytes.len() + 1024);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{resource}\r\n\
                 --{boundary}\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let url = with_query(
            self.client.upload_url(bucket),
            &[("uploadType", "multipart")],
        );
        let req = request(INSERT, Method::POST, url)
            .header(
                "content-type",
                &format!("multipart/related; boundary={boundary}"),
            )
            .header("x-goog-hash", &format!("crc32c={}", encode_crc32c(crc)))
            .body(body.freeze())
            // Sending the same bytes twice stores the same object.
            .idempotent(true);
        let resp = self.client.send(req).await?;
        self.stored(bucket, key, &resp.body, crc, bytes.len() as u64)
            .await
    }

    /// The object an upload answered with, checked: its size and CRC32C must be those
    /// of the bytes sent, else it is deleted and the upload fails with `Provider`
    /// coded `ChecksumMismatch`.
    pub(crate) async fn stored(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
        crc: u32,
        size: u64,
    ) -> Result<ObjectMeta> {
        let resource = ctx(model::object(body), INSERT)?;
        let stated = resource.crc32c();
        let meta = ctx(resource.into_meta(bucket), INSERT)?;
        let crc_differs = stated.is_some_and(|s| s.0 != crc);
        if meta.size == size && !crc_differs {
            return Ok(meta);
        }
        if let Err(e) = self.delete(bucket, key).await {
            tracing::warn!(error = %e, "cannot delete {bucket}/{key} after a checksum mismatch");
        }
        Err(in_ctx(
            Error::new(
                ErrorKind::Provider,
                format!(
                    "the server stored {bucket}/{key} as {} bytes with CRC32C {}, but {size} \
                     bytes with CRC32C {} were sent; the object was deleted",
                    meta.size,
                    stated.map_or_else(|| "(none)".to_string(), |s| s.to_string()),
                    encode_crc32c(crc)
                ),
            )
            .with_code("ChecksumMismatch"),
            INSERT,
        ))
    }
}

/// The object resource sent with an upload: name, content type (guessed from the name
/// when not given) and user metadata.
fn resource_json(key: &str, options: &PutOptions) -> Value {
    let content_type = options
        .content_type
        .clone()
        .unwrap_or_else(|| guess_content_type(key));
    let mut resource = json!({ "name": key, "contentType": content_type });
    if !options.metadata.is_empty() {
        resource["metadata"] = json!(options.metadata);
    }
    resource
}
