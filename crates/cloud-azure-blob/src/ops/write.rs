//! Writing blobs: one `Put Blob` up to the upload threshold, staged blocks above it
//! (see `blocks.rs`). Either way the blob appears whole or not at all.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use cloud_core::Result;
use cloud_core::http::{HttpResponse, Method};
use cloud_core::storage::{ByteStream, ObjectMeta, PutOptions, guess_content_type};

use super::body::BlockReader;
use super::{BLOB_TYPE, BLOCK_BLOB, ctx, validate_container, validate_key};
use crate::client::request;
use crate::{AzureBlobStorage, model};

const PUT: &str = "Put Blob";

/// What every write of one blob carries: its content type and metadata headers.
pub(crate) struct BlobHeaders {
    pub(crate) content_type: String,
    pub(crate) metadata: Vec<(String, String)>,
}

impl AzureBlobStorage {
    /// Writes `body` under `key`: in one `Put Blob` when it holds at most the upload
    /// threshold (known from `options.size`, or found by reading that much), else as
    /// staged blocks committed by one `Put Block List`.
    pub(crate) async fn put(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        ctx(
            validate_container(container).and_then(|()| validate_key(key)),
            PUT,
        )?;
        let headers = BlobHeaders {
            content_type: options
                .content_type
                .clone()
                .unwrap_or_else(|| guess_content_type(key)),
            metadata: ctx(model::metadata_headers(&options.metadata), PUT)?,
        };
        let threshold = usize::try_from(self.settings.upload_threshold).unwrap_or(usize::MAX);
        let mut reader = BlockReader::new(body, options.size);
        let mut preloaded = Vec::new();
        match options.size {
            Some(size) if size <= self.settings.upload_threshold => {
                let block = ctx(reader.next_block(threshold.max(1)).await, PUT)?;
                ctx(reader.next_block(1).await, PUT)?;
                let bytes = block.map(|b| b.bytes).unwrap_or_default();
                let md5 = ctx(reader.md5().await, PUT)?;
                return self
                    .put_blob(container, key, bytes, md5, &headers, options)
                    .await;
            }
            Some(_) => {}
            None => {
                let first = ctx(reader.next_block(threshold.max(1)).await, PUT)?;
                let Some(first) = first else {
                    let md5 = ctx(reader.md5().await, PUT)?;
                    return self
                        .put_blob(container, key, Bytes::new(), md5, &headers, options)
                        .await;
                };
                let second = ctx(reader.next_block(self.block_size(None)).await, PUT)?;
                match second {
                    None if first.bytes.len() <= threshold => {
                        let md5 = ctx(reader.md5().await, PUT)?;
                        return self
                            .put_blob(container, key, first.bytes, md5, &headers, options)
                            .await;
                    }
                    None => preloaded.push(first),
                    Some(second) => {
                        preloaded.push(first);
                        preloaded.push(second);
                    }
                }
            }
        }
        self.put_blocks(container, key, reader, preloaded, &headers, options)
            .await
    }

    /// `Put Blob` of a block blob held in memory, with its MD5 (computed as the body
    /// was read) for the service to check and keep.
    async fn put_blob(
        &self,
        container: &str,
        key: &str,
        bytes: Bytes,
        md5: [u8; 16],
        headers: &BlobHeaders,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let md5 = STANDARD.encode(md5);
        let mut req = request(PUT, Method::PUT, self.client.blob_url(container, key))
            .header(BLOB_TYPE, BLOCK_BLOB)
            .header("content-type", &headers.content_type)
            .header("content-md5", &md5);
        for (name, value) in &headers.metadata {
            req = req.header(name, value);
        }
        let size = bytes.len() as u64;
        let resp = self.client.send(req.body(bytes)).await?;
        Ok(written(container, key, size, headers, options, &resp))
    }
}

/// What was written, from the request and the answer's ETag and date.
pub(crate) fn written(
    container: &str,
    key: &str,
    size: u64,
    headers: &BlobHeaders,
    options: &PutOptions,
    resp: &HttpResponse,
) -> ObjectMeta {
    ObjectMeta {
        container: container.to_string(),
        name: key.to_string(),
        size,
        etag: resp.header("etag").map(|e| e.trim_matches('"').to_string()),
        content_type: Some(headers.content_type.clone()),
        last_modified: resp.header("last-modified").and_then(model_date),
        metadata: options
            .metadata
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect(),
        extra: Default::default(),
    }
}

fn model_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|d| d.with_timezone(&chrono::Utc))
}
