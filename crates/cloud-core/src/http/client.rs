//! The pipeline: sign, send, time out, parse errors, retry.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures::{StreamExt, TryStreamExt};
use tracing::Instrument;

use super::{
    Endpoint, ErrorParser, HeaderMap, HttpConfig, HttpRequest, OutgoingRequest, RequestBody,
    StatusCode, is_loopback_host, parse_retry_after, redact_url,
};
use crate::clock::{Clock, SystemClock};
use crate::storage::ByteStream;
use crate::{Error, ErrorKind, Result};

/// Most bytes of an error body handed to the [`ErrorParser`].
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Adds credentials to a request just before it is sent; called once per attempt, so
/// time-based signatures are fresh on every retry. It may only edit the request.
#[async_trait]
pub trait Signer: Send + Sync + std::fmt::Debug {
    /// Signs or authorises the request in place.
    async fn sign(&self, request: &mut OutgoingRequest) -> Result<()>;

    /// The server answered 401 to `rejected` (the request as this signer signed it).
    /// Returns `true` when fresh credentials are now in place and the request may be
    /// sent once more; the pipeline asks at most once per call, so a credential the
    /// server keeps refusing ends as `InvalidCredentials`, never a loop. Signers of
    /// long-lived keys keep the default: `false`.
    async fn refresh_after_unauthorized(&self, rejected: &OutgoingRequest) -> Result<bool> {
        let _ = rejected;
        Ok(false)
    }
}

/// A signer that adds nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoAuth;

#[async_trait]
impl Signer for NoAuth {
    async fn sign(&self, _request: &mut OutgoingRequest) -> Result<()> {
        Ok(())
    }
}

/// A successful answer read into memory.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status (2xx).
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Bytes,
}

impl HttpResponse {
    /// The value of a header as text, when present and valid.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Parses the body as JSON; `MalformedResponse` (with a short excerpt) otherwise.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::malformed(format!(
                "response is not the expected JSON: {e} (body starts {:?})",
                excerpt(&self.body)
            ))
        })
    }
}

/// A successful answer whose body is still arriving, for streaming downloads.
pub struct StreamingResponse {
    /// Status (2xx).
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// The body, piece by piece. A broken connection or a stalled read (past the read
    /// timeout) ends it with a `Transport` or `Timeout` error.
    pub body: ByteStream,
}

impl std::fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    /// The value of a header as text, when present and valid.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Up to 120 characters of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned()
}

/// A driver's HTTP client: one per driver, shared by all its calls, cheap to clone.
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    provider: String,
    endpoint: Endpoint,
    client: reqwest::Client,
    config: HttpConfig,
    signer: Arc<dyn Signer>,
    errors: Arc<dyn ErrorParser>,
    clock: Arc<dyn Clock>,
}

/// What one attempt came to.
enum Outcome {
    Done(Answer),
    Failed {
        error: Error,
        reached_server: bool,
        /// The request as signed, when the server refused it with 401.
        unauthorized: Option<Box<OutgoingRequest>>,
    },
}

/// A successful answer, read whole or left streaming.
enum Answer {
    Buffered(HttpResponse),
    Streaming(reqwest::Response),
}

impl HttpClient {
    /// A client for `provider` at `endpoint`.
    pub fn new(
        provider: impl Into<String>,
        endpoint: Endpoint,
        config: HttpConfig,
        signer: Arc<dyn Signer>,
        errors: Arc<dyn ErrorParser>,
    ) -> Result<Self> {
        let provider = provider.into();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .user_agent(config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none());
        if config.loopback_only {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!("cannot build HTTP client: {e}"),
            )
            .with_provider(provider.clone())
        })?;
        Ok(HttpClient {
            inner: Arc::new(Inner {
                provider,
                endpoint,
                client,
                config,
                signer,
                errors,
                clock: Arc::new(SystemClock),
            }),
        })
    }

    /// The same client with another clock (for `Retry-After` dates); for tests.
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        let mut inner = (*self.inner).clone();
        inner.clock = clock;
        HttpClient {
            inner: Arc::new(inner),
        }
    }

    /// The provider id this client speaks for.
    pub fn provider(&self) -> &str {
        &self.inner.provider
    }

    /// The base endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The configuration in force.
    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// The endpoint's URL with `path` joined on.
    pub fn url(&self, path: &str) -> url::Url {
        self.inner.endpoint.join(path)
    }

    /// Sends a request and reads the whole successful body into memory.
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        match self.execute(request, true).await? {
            Answer::Buffered(resp) => Ok(resp),
            Answer::Streaming(resp) => buffer(resp)
                .await
                .map_err(|e| Error::new(ErrorKind::Transport, chain(&e))),
        }
    }

    /// Sends a request and returns the successful response with its body unread, for
    /// streaming downloads. The body is bounded by the read timeout, not the attempt
    /// timeout.
    pub async fn send_streaming(&self, request: HttpRequest) -> Result<StreamingResponse> {
        match self.execute(request, false).await? {
            Answer::Streaming(resp) => Ok(streaming(resp)),
            Answer::Buffered(resp) => Ok(StreamingResponse {
                status: resp.status,
                headers: resp.headers,
                body: futures::stream::once(async move { Ok(resp.body) }).boxed(),
            }),
        }
    }

    async fn execute(&self, mut request: HttpRequest, buffered: bool) -> Result<Answer> {
        let inner = &self.inner;
        if inner.config.loopback_only && !is_loopback_host(&request.url) {
            return Err(refuse_non_loopback(&inner.provider, &request.url)
                .with_operation(request.operation.clone()));
        }
        let policy = &inner.config.retry;
        let started = Instant::now();
        let redacted = redact_url(&request.url);
        let mut stream_body = match std::mem::replace(&mut request.body, RequestBody::Empty) {
            RequestBody::Stream(b) => Some(b.into_stream()),
            other => {
                request.body = other;
                None
            }
        };
        let replayable = stream_body.is_none();
        let mut attempt: u32 = 0;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let span = tracing::debug_span!(
                "http",
                provider = %inner.provider,
                operation = %request.operation,
                method = %request.method,
                url = %redacted,
                attempt,
            );
            let outcome = self
                .attempt(&request, stream_body.take(), buffered)
                .instrument(span)
                .await;
            let (error, reached_server, unauthorized) = match outcome {
                Outcome::Done(answer) => return Ok(answer),
                Outcome::Failed {
                    error,
                    reached_server,
                    unauthorized,
                } => (error, reached_server, unauthorized),
            };
            let error = error.in_context(&inner.provider, &request.operation);
            if let Some(rejected) = unauthorized
                && replayable
                && !reauthenticated
            {
                reauthenticated = true;
                if inner
                    .signer
                    .refresh_after_unauthorized(&rejected)
                    .await
                    .map_err(|e| e.in_context(&inner.provider, &request.operation))?
                {
                    tracing::debug!("credentials refreshed after 401; sending again");
                    attempt -= 1;
                    continue;
                }
            }
            let server_declined = error.kind() == ErrorKind::RateLimited
                || error.status() == Some(StatusCode::TOO_MANY_REQUESTS.as_u16());
            let safe_to_repeat = !reached_server || request.idempotent || server_declined;
            let may_retry = error.is_retryable()
                && replayable
                && safe_to_repeat
                && attempt < policy.max_attempts;
            if !may_retry {
                return Err(error);
            }
            let delay = policy.backoff(attempt, error.retry_after());
            if started.elapsed() + delay > policy.budget {
                tracing::debug!(?delay, "retry budget spent");
                return Err(error);
            }
            tracing::warn!(
                provider = %inner.provider,
                operation = %request.operation,
                attempt,
                ?delay,
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        request: &HttpRequest,
        stream_body: Option<ByteStream>,
        buffered: bool,
    ) -> Outcome {
        let inner = &self.inner;
        let mut outgoing = OutgoingRequest::new(request.method.clone(), request.url.clone())
            .with_headers(request.headers.clone());
        let body: Option<reqwest::Body> = match (&request.body, stream_body) {
            (_, Some(stream)) => {
                outgoing = outgoing.with_streamed_body();
                Some(reqwest::Body::wrap_stream(stream))
            }
            (RequestBody::Bytes(b), None) => {
                outgoing = outgoing.with_body(b.clone());
                Some(reqwest::Body::from(b.clone()))
            }
            (RequestBody::Repeatable(make), None) => {
                outgoing = outgoing.with_streamed_body();
                Some(reqwest::Body::wrap_stream(make()))
            }
            _ => None,
        };
        if let Err(error) = inner.signer.sign(&mut outgoing).await {
            return Outcome::Failed {
                error,
                reached_server: false,
                unauthorized: None,
            };
        }
        let signed = outgoing.clone();
        let (method, url, headers) = outgoing.into_parts();
        let mut builder = inner.client.request(method, url).headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let built = match builder.build() {
            Ok(b) => b,
            Err(e) => {
                return Outcome::Failed {
                    error: Error::invalid_input(format!("cannot build request: {}", chain(&e))),
                    reached_server: false,
                    unauthorized: None,
                };
            }
        };
        let timeout = inner.config.request_timeout;
        let result = tokio::time::timeout(timeout, async {
            let resp = inner.client.execute(built).await?;
            let status = resp.status();
            tracing::debug!(
                status = status.as_u16(),
                request_id = request_id(inner.errors.as_ref(), resp.headers())
                    .as_deref()
                    .unwrap_or(""),
                "response"
            );
            if !status.is_success() {
                let body = read_limited(resp, ERROR_BODY_LIMIT).await;
                return Ok(Err((status, body)));
            }
            if buffered {
                Ok(Ok(Answer::Buffered(buffer(resp).await?)))
            } else {
                Ok(Ok(Answer::Streaming(resp)))
            }
        })
        .await;
        match result {
            Err(_elapsed) => Outcome::Failed {
                error: Error::new(
                    ErrorKind::Timeout,
                    format!("no complete answer within {timeout:?}"),
                ),
                reached_server: true,
                unauthorized: None,
            },
            Ok(Err(e)) => {
                let e: reqwest::Error = e;
                let kind = if e.is_timeout() {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Transport
                };
                Outcome::Failed {
                    reached_server: !e.is_connect(),
                    error: Error::new(kind, chain(&e)).with_source(e.without_url()),
                    unauthorized: None,
                }
            }
            Ok(Ok(Ok(answer))) => Outcome::Done(answer),
            Ok(Ok(Err((status, (headers, body))))) => {
                let mut error = inner.errors.parse(status, &headers, &body);
                if error.status().is_none() {
                    error = error.with_status(status.as_u16());
                }
                if error.request_id().is_none()
                    && let Some(id) = request_id(inner.errors.as_ref(), &headers)
                {
                    error = error.with_request_id(id);
                }
                let asked = headers
                    .get(super::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, inner.clock.now()));
                if error.retry_after().is_none()
                    && let Some(delay) = asked
                {
                    error = error.with_retry_after(delay);
                }
                Outcome::Failed {
                    error,
                    reached_server: true,
                    unauthorized: (status == StatusCode::UNAUTHORIZED).then(|| Box::new(signed)),
                }
            }
        }
    }
}

/// A streamed answer in the pipeline's own terms: body errors become `Transport` or
/// `Timeout` errors without the URL.
fn streaming(resp: reqwest::Response) -> StreamingResponse {
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .bytes_stream()
        .map_err(|e| {
            let kind = if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::Transport
            };
            Error::new(kind, chain(&e)).with_source(e.without_url())
        })
        .boxed();
    StreamingResponse {
        status,
        headers,
        body,
    }
}

/// Reads the headers and at most `limit` bytes of an error answer's body.
async fn read_limited(mut resp: reqwest::Response, limit: usize) -> (HeaderMap, Bytes) {
    let headers = resp.headers().clone();
    let mut buf = BytesMut::new();
    while buf.len() < limit {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - buf.len();
                buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            _ => break,
        }
    }
    (headers, buf.freeze())
}

/// Most bytes reserved up front for an answer from its `Content-Length` (a larger
/// answer still arrives whole, the buffer growing as it comes).
const MAX_BODY_RESERVE: u64 = 64 * 1024 * 1024;

/// Large answers are read into buffers of whole multiples of this: the pages of a
/// listing differ a little in size, and in equal sizes each page fits the memory the
/// one before it freed, where a slightly larger page would be given (and the kernel
/// would map and zero) fresh memory, which costs more than reading into it.
const LARGE_BODY_STEP: u64 = 1024 * 1024;

/// The buffer size for an answer of `len` bytes: `len`, rounded up to a whole number
/// of [`LARGE_BODY_STEP`]s when it is at least one.
fn body_capacity(len: u64) -> usize {
    let len = len.min(MAX_BODY_RESERVE);
    let size = if len >= LARGE_BODY_STEP {
        len.div_ceil(LARGE_BODY_STEP) * LARGE_BODY_STEP
    } else {
        len
    };
    usize::try_from(size).unwrap_or(0)
}

/// Reads a successful answer whole, each piece copied into one buffer as it arrives
/// (while it is still in the CPU's cache), sized from `Content-Length` when given.
async fn buffer(mut resp: reqwest::Response) -> std::result::Result<HttpResponse, reqwest::Error> {
    let status = resp.status();
    let headers = resp.headers().clone();
    let mut body = Vec::with_capacity(body_capacity(resp.content_length().unwrap_or(0)));
    while let Some(piece) = resp.chunk().await? {
        body.extend_from_slice(&piece);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: Bytes::from(body),
    })
}

fn request_id(errors: &dyn ErrorParser, headers: &HeaderMap) -> Option<String> {
    errors
        .request_id_headers()
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
        .map(str::to_string)
}

/// The error and its causes, joined, with any URL removed.
fn chain(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
    let head = if err.is_connect() {
        "cannot connect"
    } else if err.is_timeout() {
        "timed out"
    } else if err.is_body() || err.is_decode() {
        "failed reading the response body"
    } else if err.is_request() {
        "failed sending the request"
    } else {
        "HTTP error"
    };
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {}", parts.join(": "))
    }
}

fn refuse_non_loopback(provider: &str, url: &url::Url) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!(
            "refusing non-loopback host {} while loopback-only mode is on",
            url.host_str().unwrap_or("?")
        ),
    )
    .with_provider(provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_bodies_get_whole_mebibytes_and_small_ones_their_size() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(body_capacity(0), 0);
        assert_eq!(body_capacity(4096), 4096);
        assert_eq!(body_capacity(MIB - 1), (MIB - 1) as usize);
        assert_eq!(body_capacity(MIB), MIB as usize);
        // Pages of 4.88 and 4.95 MB get the same size, so one fits where the other was.
        assert_eq!(body_capacity(4_887_782), 5 * MIB as usize);
        assert_eq!(body_capacity(4_951_037), 5 * MIB as usize);
        assert_eq!(body_capacity(5 * MIB + 1), 6 * MIB as usize);
        assert_eq!(body_capacity(u64::MAX), MAX_BODY_RESERVE as usize);
    }
}
