//! Multipart uploads: parts sent concurrently with bounded memory, completed in
//! order, and aborted on any failure, including a failing body stream and a dropped
//! future, so no parts are left behind.

use bytes::Bytes;
use cloud_core::http::{HttpResponse, Method};
use cloud_core::storage::{ObjectMeta, Progress, PutOptions};
use cloud_core::xml::escape;
use cloud_core::{Error, ErrorKind, Result};
use tokio::task::JoinSet;

use super::digests::body_digests;
use super::file_parts::{FileParts, FileRange};
use super::parts::PartReader;
use super::trailed::{self, TrailedBody};
use super::write::written;
use super::{ctx, in_ctx};
use crate::S3Storage;
use crate::client::{S3Client, S3Request};
use crate::model::{self, etag};
use crate::settings::{MAX_PARTS, UploadChecksum};

/// Where an upload's parts come from.
pub(crate) enum Parts {
    /// A body stream, read part by part (`first` already read by the caller).
    Stream {
        /// The rest of the body.
        reader: PartReader,
        /// The first part, when the caller read it to choose multipart.
        first: Option<Bytes>,
    },
    /// A local file, each part read by its own task; `progress` is told of each part
    /// once it is uploaded.
    File(FileParts, Progress),
}

/// One part's bytes: in memory, or still in the file.
enum PartBody {
    Memory(Bytes),
    File(FileRange),
}

impl Parts {
    /// The next part; `None` after the last.
    async fn next(&mut self) -> Result<Option<PartBody>> {
        match self {
            Parts::Stream { reader, first } => match first.take() {
                Some(p) => Ok(Some(PartBody::Memory(p))),
                None => Ok(reader.next_part().await?.map(PartBody::Memory)),
            },
            Parts::File(file, _) => Ok(file.next_range().map(PartBody::File)),
        }
    }

    /// Checks, after the last part, that a stream had its declared size.
    fn check_complete(&self) -> Result<()> {
        match self {
            Parts::Stream { reader, .. } => reader.check_complete(),
            Parts::File(..) => Ok(()),
        }
    }

    /// Bytes handed out so far.
    fn total(&self) -> u64 {
        match self {
            Parts::Stream { reader, .. } => reader.total(),
            Parts::File(file, _) => file.total(),
        }
    }
}

/// A part S3 accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DonePart {
    /// Its number, from 1.
    number: u32,
    /// The entity tag S3 gave it.
    etag: String,
    /// The checksum it was sent with, when completion must repeat it.
    checksum: Option<String>,
    /// Its size in bytes.
    size: u64,
}

impl S3Storage {
    /// Uploads `parts` as a multipart upload of `key`.
    pub(crate) async fn put_multipart(
        &self,
        bucket: &str,
        key: &str,
        headers: Vec<(String, String)>,
        options: &PutOptions,
        mut parts: Parts,
    ) -> Result<ObjectMeta> {
        let content_type = headers.first().map(|(_, v)| v.clone());
        let upload_id = self.create_upload(bucket, key, headers).await?;
        let mut guard = AbortGuard::new(&self.client, bucket, key, &upload_id);
        let uploaded = self.upload_parts(bucket, key, &upload_id, &mut parts).await;
        let result = match uploaded {
            Ok(parts) => {
                let checksum = self.options.upload_checksum;
                complete(&self.client, bucket, key, &upload_id, &parts, checksum).await
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(tag) => {
                guard.disarm();
                Ok(written(
                    bucket,
                    key,
                    parts.total(),
                    tag,
                    content_type,
                    options,
                ))
            }
            Err(e) => {
                guard.abort().await;
                Err(e)
            }
        }
    }

    /// `CreateMultipartUpload`: the upload id.
    ///
    /// The request runs in a task of its own. A caller that gives up while it is in
    /// flight (the server may already have made the upload) then leaves nothing behind:
    /// with nobody left to take the id, the task aborts the upload itself. The caller
    /// arms its [`AbortGuard`] right after this returns, with no await in between.
    async fn create_upload(
        &self,
        bucket: &str,
        key: &str,
        headers: Vec<(String, String)>,
    ) -> Result<String> {
        let mut req = S3Request::object("CreateMultipartUpload", Method::POST, bucket, key)
            .query("uploads", "");
        if let Some(algorithm) = self.options.upload_checksum.algorithm() {
            req = req.header("x-amz-checksum-algorithm", algorithm);
        }
        for (name, value) in headers {
            req = req.header(&name, value);
        }
        let client = self.client.clone();
        let (bucket, key) = (bucket.to_string(), key.to_string());
        let (handover, created) = tokio::sync::oneshot::channel();
        // Tracked as cleanup: a program exiting after its caller gave up waits for it.
        cloud_core::cleanup::spawn(async move {
            let upload_id = match client.send(&req).await {
                Ok(resp) => ctx(model::upload_id(&resp.body), "CreateMultipartUpload"),
                Err(e) => Err(e),
            };
            if let Err(Ok(id)) = handover.send(upload_id) {
                aborted(
                    abort_upload(&client, &bucket, &key, &id).await,
                    &bucket,
                    &key,
                    &id,
                );
            }
        });
        created.await.unwrap_or_else(|_| {
            Err(in_ctx(
                Error::new(
                    ErrorKind::Provider,
                    "the CreateMultipartUpload request stopped unexpectedly",
                ),
                "CreateMultipartUpload",
            ))
        })
    }

    /// Sends every part, at most `concurrency` at a time. A part is read from the body
    /// only when a slot is free, so at most `concurrency` part buffers exist at once.
    /// On failure the part uploads still running are stopped before returning.
    async fn upload_parts(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        parts: &mut Parts,
    ) -> Result<Vec<DonePart>> {
        let mut running: JoinSet<Result<DonePart>> = JoinSet::new();
        let mut done: Vec<DonePart> = Vec::new();
        let mut next_number: u32 = 1;
        let mut body_done = false;
        let outcome: Result<()> = async {
            loop {
                while !body_done && running.len() < self.options.concurrency {
                    let Some(part) = ctx(parts.next().await, "UploadPart")? else {
                        body_done = true;
                        ctx(parts.check_complete(), "UploadPart")?;
                        break;
                    };
                    if u64::from(next_number) > MAX_PARTS {
                        return Err(in_ctx(
                            Error::invalid_input(format!(
                                "the body needs more than {MAX_PARTS} parts of {} bytes; \
                                 raise the part_size option",
                                self.options.part_size
                            )),
                            "UploadPart",
                        ));
                    }
                    let client = self.client.clone();
                    let (b, k, id) = (bucket.to_string(), key.to_string(), upload_id.to_string());
                    let number = next_number;
                    let checksum = self.options.upload_checksum;
                    running.spawn(async move {
                        upload_part(&client, &b, &k, &id, number, part, checksum).await
                    });
                    next_number += 1;
                }
                match running.join_next().await {
                    Some(Ok(Ok(part))) => {
                        if let Parts::File(_, progress) = &*parts {
                            progress(part.size);
                        }
                        done.push(part);
                    }
                    Some(Ok(Err(e))) => return Err(e),
                    Some(Err(join)) => {
                        return Err(in_ctx(
                            Error::new(
                                ErrorKind::Provider,
                                format!("a part upload stopped unexpectedly: {join}"),
                            ),
                            "UploadPart",
                        ));
                    }
                    None if body_done => return Ok(()),
                    None => {}
                }
            }
        }
        .await;
        match outcome {
            Ok(()) => {
                done.sort_unstable_by_key(|part| part.number);
                Ok(done)
            }
            Err(e) => {
                running.shutdown().await;
                Err(e)
            }
        }
    }
}

/// `UploadPart` with the part's checksum; the part as S3 accepted it.
async fn upload_part(
    client: &S3Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
    number: u32,
    body: PartBody,
    checksum: UploadChecksum,
) -> Result<DonePart> {
    let signed = client.signs_payloads();
    let (data, digests) = match body {
        PartBody::File(range) if checksum == UploadChecksum::Crc32c && !signed => {
            return upload_streamed_part(client, bucket, key, upload_id, number, range).await;
        }
        PartBody::Memory(data) => {
            let digests = body_digests(&data, checksum, signed).await;
            (data, digests)
        }
        PartBody::File(range) => ctx(range.load(checksum, signed).await, "UploadPart")?,
    };
    let size = data.len() as u64;
    let (checksum_header, value) = digests.checksum;
    let req = S3Request::object("UploadPart", Method::PUT, bucket, key)
        .query("partNumber", number.to_string())
        .query("uploadId", upload_id)
        .header(checksum_header, value.clone())
        .unsigned_payload_allowed()
        .payload_sha256(digests.sha256)
        .body(data);
    let resp = client.send(&req).await;
    let repeated = checksum.complete_element().map(|_| value);
    accepted(&resp?, number, repeated, size)
}

/// The part S3 accepted with `resp`, which must carry its entity tag.
fn accepted(
    resp: &HttpResponse,
    number: u32,
    checksum: Option<String>,
    size: u64,
) -> Result<DonePart> {
    match resp.header("etag").map(etag).filter(|t| !t.is_empty()) {
        Some(etag) => Ok(DonePart {
            number,
            etag,
            checksum,
            size,
        }),
        None => Err(in_ctx(
            Error::malformed(format!("part {number} was accepted without an ETag")),
            "UploadPart",
        )),
    }
}

/// `UploadPart` of a file range streamed as it is read, its CRC32C in a trailer.
async fn upload_streamed_part(
    client: &S3Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
    number: u32,
    range: FileRange,
) -> Result<DonePart> {
    let body = TrailedBody::new(range);
    let req = S3Request::object("UploadPart", Method::PUT, bucket, key)
        .query("partNumber", number.to_string())
        .query("uploadId", upload_id)
        .header("content-encoding", "aws-chunked")
        .header("content-length", body.encoded_len().to_string())
        .header(
            "x-amz-decoded-content-length",
            body.decoded_len().to_string(),
        )
        .header("x-amz-trailer", trailed::TRAILER)
        .header("x-amz-content-sha256", trailed::CONTENT_SHA256)
        .stream_body(body.factory());
    let sent = client.send(&req).await;
    let crc = match body.take_outcome() {
        Some(Err(read_failed)) => return Err(in_ctx(read_failed, "UploadPart")),
        Some(Ok(crc)) => Some(crc),
        None => None,
    };
    let done = accepted(&sent?, number, crc, body.decoded_len())?;
    if done.checksum.is_none() {
        return Err(in_ctx(
            Error::new(
                ErrorKind::Provider,
                format!("part {number} was accepted before its body was sent"),
            ),
            "UploadPart",
        ));
    }
    Ok(done)
}

/// `CompleteMultipartUpload` with every part's number, entity tag and (when the upload
/// declared one) checksum, in order. S3 may answer 200 with an error document; a
/// retryable one is tried again.
async fn complete(
    client: &S3Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
    parts: &[DonePart],
    checksum: UploadChecksum,
) -> Result<Option<String>> {
    let xml = completion_document(parts, checksum);
    let req = S3Request::object("CompleteMultipartUpload", Method::POST, bucket, key)
        .query("uploadId", upload_id)
        .header("content-type", "application/xml")
        .body(Bytes::from(xml))
        .idempotent(true);
    let policy = client.http_config().retry.clone();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let resp = client.send(&req).await?;
        match ctx(model::completed(&resp.body), "CompleteMultipartUpload") {
            Err(e) if e.is_retryable() && attempt < policy.max_attempts => {
                tokio::time::sleep(policy.backoff(attempt, e.retry_after())).await;
            }
            other => return other,
        }
    }
}

/// The body of `CompleteMultipartUpload`.
fn completion_document(parts: &[DonePart], checksum: UploadChecksum) -> String {
    let mut xml =
        String::from("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for part in parts {
        xml.push_str(&format!(
            "<Part><PartNumber>{}</PartNumber><ETag>{}</ETag>",
            part.number,
            escape(&format!("\"{}\"", part.etag))
        ));
        if let (Some(element), Some(value)) = (checksum.complete_element(), &part.checksum) {
            xml.push_str(&format!("<{element}>{}</{element}>", escape(value)));
        }
        xml.push_str("</Part>");
    }
    xml.push_str("</CompleteMultipartUpload>");
    xml
}

/// `AbortMultipartUpload` (retried by the pipeline); an upload already gone counts as
/// aborted.
pub(crate) async fn abort_upload(
    client: &S3Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
) -> Result<()> {
    let req = S3Request::object("AbortMultipartUpload", Method::DELETE, bucket, key)
        .query("uploadId", upload_id);
    match client.send(&req).await {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Aborts an upload unless disarmed: awaited on the error paths, and spawned on the
/// runtime when the upload's future is dropped part way.
struct AbortGuard {
    client: Option<S3Client>,
    bucket: String,
    key: String,
    upload_id: String,
}

impl AbortGuard {
    fn new(client: &S3Client, bucket: &str, key: &str, upload_id: &str) -> Self {
        AbortGuard {
            client: Some(client.clone()),
            bucket: bucket.to_string(),
            key: key.to_string(),
            upload_id: upload_id.to_string(),
        }
    }

    /// The upload completed: nothing to abort.
    fn disarm(&mut self) {
        self.client = None;
    }

    /// Aborts now.
    async fn abort(&mut self) {
        if let Some(client) = self.client.take() {
            aborted(
                abort_upload(&client, &self.bucket, &self.key, &self.upload_id).await,
                &self.bucket,
                &self.key,
                &self.upload_id,
            );
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        let (bucket, key, id) = (
            std::mem::take(&mut self.bucket),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.upload_id),
        );
        let (shown_bucket, shown_key, shown_id) = (bucket.clone(), key.clone(), id.clone());
        let spawned = cloud_core::cleanup::spawn(async move {
            let result = abort_upload(&client, &bucket, &key, &id).await;
            aborted(result, &bucket, &key, &id);
        });
        if !spawned {
            tracing::warn!(
                bucket = %shown_bucket,
                key = %shown_key,
                upload_id = %shown_id,
                "multipart upload dropped outside a runtime; it was not aborted"
            );
        }
    }
}

/// Logs an abort that failed: the upload's parts keep using storage until removed.
fn aborted(result: Result<()>, bucket: &str, key: &str, upload_id: &str) {
    match result {
        Ok(()) => tracing::debug!(%bucket, %key, %upload_id, "multipart upload aborted"),
        Err(e) => tracing::warn!(
            %bucket,
            %key,
            %upload_id,
            error = %e,
            "could not abort the multipart upload; its parts remain until it is aborted"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(number: u32, etag: &str, checksum: Option<&str>) -> DonePart {
        DonePart {
            number,
            etag: etag.to_string(),
            checksum: checksum.map(str::to_string),
            size: 5,
        }
    }

    #[test]
    fn completion_repeats_each_part_checksum_in_order() {
        let parts = [
            part(1, "a1", Some("4waSgw==")),
            part(2, "b&2", Some("AAAAAA==")),
        ];
        let xml = completion_document(&parts, UploadChecksum::Crc32c);
        let root = cloud_core::xml::Element::parse(xml.as_bytes()).unwrap();
        let read: Vec<(String, String, String)> = root
            .children_named("Part")
            .map(|p| {
                (
                    p.child_value("PartNumber").unwrap().to_string(),
                    p.child_value("ETag").unwrap().to_string(),
                    p.child_value("ChecksumCRC32C").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("1".into(), "\"a1\"".into(), "4waSgw==".into()),
                ("2".into(), "\"b&2\"".into(), "AAAAAA==".into())
            ]
        );
    }

    #[test]
    fn md5_completion_names_parts_only() {
        let xml = completion_document(&[part(1, "a1", None)], UploadChecksum::Md5);
        assert!(
            xml.contains("<Part><PartNumber>1</PartNumber><ETag>"),
            "{xml}"
        );
        assert!(
            xml.ends_with("</ETag></Part></CompleteMultipartUpload>"),
            "{xml}"
        );
        assert!(!xml.contains("Checksum"), "{xml}");
    }
}
