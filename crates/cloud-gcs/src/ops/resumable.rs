//! Resumable uploads: a session started with `uploadType=resumable`, then the bytes in
//! requests of `chunk_size` (a multiple of 256 KiB) to the session URI, each answered
//! `308` with the bytes the server holds until the last one, which is answered with
//! the object. After a broken connection or a server error the server is asked what
//! it holds (`Content-Range: bytes */TOTAL`, or `*/*` while the size is unknown) and
//! the upload goes on from there. Only bytes not yet confirmed are kept: memory is
//! bounded by one chunk whatever the object's size.

use std::time::Instant;

use bytes::Bytes;
use cloud_core::http::{HttpRequest, HttpResponse, Method};
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, ErrorKind, Result};
use futures::StreamExt;
use serde_json::Value;
use url::Url;

use super::upload_body::{Queue, Source};
use super::write::INSERT;
use super::{ctx, in_ctx};
use crate::GcsStorage;
use crate::client::{GcsClient, request, with_query};
use crate::model::{ResumeIncomplete, encode_crc32c};
use crate::settings::MIN_CHUNK_SIZE;

const CHUNK: &str = "objects.insert (resumable)";

/// What one request to the session came to.
enum Reply {
    /// The object is complete: its resource.
    Done(HttpResponse),
    /// The server holds this many bytes and waits for more.
    Holds(u64),
}

impl GcsStorage {
    /// Uploads what `queue` holds and the rest of `source` in a resumable session.
    pub(crate) async fn resumable(
        &self,
        bucket: &str,
        key: &str,
        resource: Value,
        mut source: Source,
        mut queue: Queue,
        size: Option<u64>,
    ) -> Result<ObjectMeta> {
        let session = self.start_session(bucket, &resource, size).await?;
        let mut cancel = Cancel {
            client: self.client.clone(),
            session: Some(session.clone()),
        };
        let chunk = self.settings.chunk_size.max(MIN_CHUNK_SIZE);
        let policy = self.client.config().retry.clone();
        let mut at: u64 = 0;
        let mut failures: u32 = 0;
        let started = Instant::now();
        loop {
            ctx(source.fill(&mut queue, chunk).await, INSERT)?;
            let last = source.ended();
            let total = if last { Some(source.read()) } else { size };
            let n = if last {
                queue.len()
            } else {
                (queue.len().min(chunk) / MIN_CHUNK_SIZE) * MIN_CHUNK_SIZE
            };
            let crc = last.then(|| source.crc());
            let sent = send_chunk(&self.client, &session, at, queue.front(n), n, total, crc).await;
            let reply = match sent {
                Ok(reply) => Ok(reply),
                Err(e) if recoverable(&e) => {
                    failures += 1;
                    let delay = policy.backoff(failures, e.retry_after());
                    if failures >= policy.max_attempts || started.elapsed() + delay > policy.budget
                    {
                        return Err(e);
                    }
                    tracing::debug!(offset = at, error = %e, "asking a broken upload's state");
                    tokio::time::sleep(delay).await;
                    match query(&self.client, &session, total).await {
                        Err(e) if recoverable(&e) => continue,
                        other => other,
                    }
                }
                Err(e) => Err(e),
            }?;
            match reply {
                Reply::Done(resp) => {
                    if !source.ended() {
                        return Err(in_ctx(
                            Error::malformed(format!(
                                "the server completed the upload after {at} bytes, before \
                                 the body ended"
                            )),
                            INSERT,
                        ));
                    }
                    cancel.session = None;
                    return self
                        .stored(bucket, key, &resp.body, source.crc(), source.read())
                        .await;
                }
                Reply::Holds(committed) => {
                    if committed > at {
                        failures = 0;
                    }
                    advance(&mut queue, &mut at, committed)?;
                }
            }
        }
    }

    /// Starts the session; its URI, at this driver's endpoint.
    async fn start_session(
        &self,
        bucket: &str,
        resource: &Value,
        size: Option<u64>,
    ) -> Result<Url> {
        let url = with_query(
            self.client.upload_url(bucket),
            &[("uploadType", "resumable")],
        );
        let mut req = request(INSERT, Method::POST, url)
            .json(resource)
            // A second session for the same object is harmless: unused, it expires.
            .idempotent(true);
        if let Some(content_type) = resource["contentType"].as_str() {
            req = req.header("x-upload-content-type", content_type);
        }
        if let Some(size) = size {
            req = req.header("x-upload-content-length", &size.to_string());
        }
        let resp = self.client.send(req).await?;
        let location = resp.header("location").ok_or_else(|| {
            in_ctx(
                Error::malformed("the resumable upload was started without a session URI"),
                INSERT,
            )
        })?;
        ctx(self.client.session_url(location), INSERT)
    }
}

/// Transport failures, timeouts and retryable answers (5xx, 429): ask and go on.
fn recoverable(error: &Error) -> bool {
    error.is_retryable() || matches!(error.kind(), ErrorKind::Transport | ErrorKind::Timeout)
}

/// Drops what the server now holds from the queue.
fn advance(queue: &mut Queue, at: &mut u64, committed: u64) -> Result<()> {
    if committed < *at {
        return Err(in_ctx(
            Error::new(
                ErrorKind::Provider,
                format!(
                    "the server holds {committed} bytes of the upload, fewer than the {at} it \
                     had confirmed; the upload cannot go on"
                ),
            ),
            INSERT,
        ));
    }
    if committed > *at + queue.len() {
        return Err(in_ctx(
            Error::malformed(format!(
                "the server claims {committed} bytes of the upload, only {} were sent",
                *at + queue.len()
            )),
            INSERT,
        ));
    }
    queue.drop_front(committed - *at);
    *at = committed;
    Ok(())
}

/// Sends `n` bytes (`pieces`) from offset `at`; `total` when known, and the CRC32C of
/// the whole object with the last request.
async fn send_chunk(
    client: &GcsClient,
    session: &Url,
    at: u64,
    pieces: Vec<Bytes>,
    n: u64,
    total: Option<u64>,
    crc: Option<u32>,
) -> Result<Reply> {
    let total_text = total.map_or_else(|| "*".to_string(), |t| t.to_string());
    let range = if n == 0 {
        format!("bytes */{total_text}")
    } else {
        format!("bytes {at}-{}/{total_text}", at + n - 1)
    };
    let body = futures::stream::iter(pieces.into_iter().map(Ok)).boxed();
    let mut req = HttpRequest::new(CHUNK, Method::PUT, session.clone())
        .header("content-range", &range)
        .header("content-length", &n.to_string())
        .stream(body)
        // Never repeated blindly: after a failure the server is asked what it holds.
        .idempotent(false);
    if let Some(crc) = crc {
        req = req.header("x-goog-hash", &format!("crc32c={}", encode_crc32c(crc)));
    }
    reply(client.send(req).await)
}

/// Asks the server how many bytes of the upload it holds.
async fn query(client: &GcsClient, session: &Url, total: Option<u64>) -> Result<Reply> {
    let total_text = total.map_or_else(|| "*".to_string(), |t| t.to_string());
    let req = HttpRequest::new(CHUNK, Method::PUT, session.clone())
        .header("content-range", &format!("bytes */{total_text}"))
        .body(Bytes::new());
    reply(client.send(req).await)
}

/// A completed upload, a `308` with the bytes held, or the failure.
fn reply(answer: Result<HttpResponse>) -> Result<Reply> {
    match answer {
        Ok(resp) => Ok(Reply::Done(resp)),
        Err(e) => match ResumeIncomplete::of(&e) {
            Some(incomplete) => Ok(Reply::Holds(incomplete.committed)),
            None if e.kind() == ErrorKind::NotFound => Err(Error::new(
                ErrorKind::NotFound,
                format!(
                    "the upload session is gone (expired or cancelled): {}",
                    e.message()
                ),
            )
            .in_context(crate::PROVIDER_ID, CHUNK)),
            None => Err(e),
        },
    }
}

/// Cancels the session when the upload does not finish (an error, or the call
/// dropped), detached through `cloud_core::cleanup`.
struct Cancel {
    client: GcsClient,
    session: Option<Url>,
}

impl Drop for Cancel {
    fn drop(&mut self) {
        let Some(session) = self.session.take() else {
            return;
        };
        let client = self.client.clone();
        let spawned = cloud_core::cleanup::spawn(async move {
            let req = HttpRequest::new("objects.insert (cancel)", Method::DELETE, session);
            // Cloud Storage answers 499 to a cancelled session.
            match client.send(req).await {
                Ok(_) => {}
                Err(e) if e.status() == Some(499) => {}
                Err(e) => tracing::debug!(error = %e, "cancelling an upload session"),
            }
        });
        if !spawned {
            tracing::debug!("no runtime to cancel an upload session on");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_refuses_lost_or_invented_bytes() {
        let mut queue = Queue::default();
        let mut at = 10;
        assert!(advance(&mut queue, &mut at, 9).is_err());
        assert!(advance(&mut queue, &mut at, 11).is_err());
        advance(&mut queue, &mut at, 10).unwrap();
        assert_eq!(at, 10);
    }
}
