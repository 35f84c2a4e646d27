//! Writing objects: one `PutObject` up to the multipart threshold, a multipart upload
//! above it.

use std::path::Path;

use bytes::Bytes;
use cloud_core::Result;
use cloud_core::http::Method;
use cloud_core::storage::{ByteStream, ObjectMeta, Progress, PutOptions};

use super::ctx;
use super::digests::{BodyDigests, body_digests};
use super::file_parts::{FileParts, LocalFile};
use super::headers::object_headers;
use super::multipart::Parts;
use super::names::{validate_bucket, validate_key};
use super::parts::PartReader;
use crate::S3Storage;
use crate::client::S3Request;
use crate::model::etag;

impl S3Storage {
    /// Writes `body` under `key`. With the size known, the size picks one request
    /// (up to `multipart_threshold`) or a multipart upload; with the size unknown, the
    /// first part is read and the upload turns multipart only when more follows.
    pub(crate) async fn put(
        &self,
        bucket: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let headers = write_headers(bucket, key, options)?;
        match options.size {
            Some(size) if size <= self.options.multipart_threshold => {
                let mut reader = PartReader::new(body, size.max(1), Some(size));
                let data = ctx(reader.next_part().await, "PutObject")?.unwrap_or_default();
                ctx(read_to_end(&mut reader).await, "PutObject")?;
                self.put_single(bucket, key, data, headers, options).await
            }
            Some(size) => {
                let part = self.options.part_size_for(Some(size));
                let reader = PartReader::new(body, part, Some(size));
                let parts = Parts::Stream {
                    reader,
                    first: None,
                };
                self.put_multipart(bucket, key, headers, options, parts)
                    .await
            }
            None => {
                let mut reader = PartReader::new(body, self.options.part_size, None);
                let first = ctx(reader.next_part().await, "PutObject")?;
                let more = ctx(reader.has_more().await, "PutObject")?;
                match first {
                    Some(first) if more => {
                        let parts = Parts::Stream {
                            reader,
                            first: Some(first),
                        };
                        self.put_multipart(bucket, key, headers, options, parts)
                            .await
                    }
                    first => {
                        let data = first.unwrap_or_default();
                        self.put_single(bucket, key, data, headers, options).await
                    }
                }
            }
        }
    }

    /// Writes the local file at `path` under `key`: one `PutObject` up to
    /// `multipart_threshold`, else a multipart upload whose part tasks each read their
    /// own range of the file. `progress` hears of each part once it is uploaded.
    pub(crate) async fn put_file(
        &self,
        bucket: &str,
        key: &str,
        path: &Path,
        options: &PutOptions,
        progress: Progress,
    ) -> Result<ObjectMeta> {
        let headers = write_headers(bucket, key, options)?;
        let file = ctx(LocalFile::open(path).await, "PutObject")?;
        let size = file.size();
        if size <= self.options.multipart_threshold {
            let len = usize::try_from(size).unwrap_or(usize::MAX);
            let signed = self.client.signs_payloads();
            let checksum = self.options.upload_checksum;
            let (data, digests) =
                ctx(file.range(0, len).load(checksum, signed).await, "PutObject")?;
            let written = self
                .send_single(bucket, key, data, digests, headers, options)
                .await?;
            progress(size);
            return Ok(written);
        }
        let part = self.options.part_size_for(Some(size));
        let parts = Parts::File(FileParts::new(file, part), progress);
        self.put_multipart(bucket, key, headers, options, parts)
            .await
    }

    /// One `PutObject` of a body held in memory, with its checksum.
    async fn put_single(
        &self,
        bucket: &str,
        key: &str,
        data: Bytes,
        headers: Vec<(String, String)>,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let digests = body_digests(
            &data,
            self.options.upload_checksum,
            self.client.signs_payloads(),
        )
        .await;
        self.send_single(bucket, key, data, digests, headers, options)
            .await
    }

    /// `PutObject` of `data` with its digests.
    async fn send_single(
        &self,
        bucket: &str,
        key: &str,
        data: Bytes,
        digests: BodyDigests,
        headers: Vec<(String, String)>,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let (checksum_header, checksum) = digests.checksum;
        let mut req = S3Request::object("PutObject", Method::PUT, bucket, key)
            .header(checksum_header, checksum)
            .unsigned_payload_allowed()
            .payload_sha256(digests.sha256);
        let content_type = headers.first().map(|(_, v)| v.clone());
        for (name, value) in headers {
            req = req.header(&name, value);
        }
        let size = data.len() as u64;
        let resp = self.client.send(&req.body(data)).await?;
        Ok(written(
            bucket,
            key,
            size,
            resp.header("etag").map(etag),
            content_type,
            options,
        ))
    }
}

/// The names checked, and the headers of a write of `key`.
fn write_headers(bucket: &str, key: &str, options: &PutOptions) -> Result<Vec<(String, String)>> {
    ctx(
        validate_bucket(bucket)
            .and_then(|()| validate_key(key))
            .and_then(|()| object_headers(key, options)),
        "PutObject",
    )
}

/// Reads past the last byte of a body to make sure nothing follows.
async fn read_to_end(reader: &mut PartReader) -> Result<()> {
    if reader.has_more().await? {
        reader.next_part().await?;
    }
    reader.check_complete()
}

/// What was written, as far as the driver knows without asking again.
pub(crate) fn written(
    bucket: &str,
    key: &str,
    size: u64,
    etag: Option<String>,
    content_type: Option<String>,
    options: &PutOptions,
) -> ObjectMeta {
    ObjectMeta {
        container: bucket.to_string(),
        name: key.to_string(),
        size,
        etag,
        content_type,
        last_modified: None,
        metadata: options
            .metadata
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect(),
        extra: Default::default(),
    }
}
