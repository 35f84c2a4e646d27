//! A request as a driver describes it, before the pipeline signs and sends it.

use std::sync::Arc;

use bytes::Bytes;
use url::Url;

use super::{HeaderMap, HeaderName, HeaderValue, Method};
use crate::storage::ByteStream;

/// A request body.
pub enum RequestBody {
    /// No body.
    Empty,
    /// A body in memory; can be sent again on retry.
    Bytes(Bytes),
    /// A streamed body; sent once, never retried after it has started.
    Stream(StreamedBody),
    /// A streamed body made anew for every attempt (from a file, say), so it is
    /// retried like an in-memory one while only a piece of it is in memory at a time.
    Repeatable(BodyFactory),
}

/// A body streamed once. The stream sits behind a lock only so that a request can be
/// shared between threads while it waits to be sent; it is taken out whole to send.
pub struct StreamedBody(std::sync::Mutex<ByteStream>);

impl StreamedBody {
    /// Wraps `stream`.
    pub fn new(stream: ByteStream) -> Self {
        StreamedBody(std::sync::Mutex::new(stream))
    }

    /// The stream.
    pub fn into_stream(self) -> ByteStream {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Makes one attempt's streamed body; see [`RequestBody::Repeatable`].
pub type BodyFactory = Arc<dyn Fn() -> ByteStream + Send + Sync>;

impl std::fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            RequestBody::Stream(_) => f.write_str("Stream"),
            RequestBody::Repeatable(_) => f.write_str("Repeatable"),
        }
    }
}

/// A request to send through [`HttpClient`](super::HttpClient).
#[derive(Debug)]
pub struct HttpRequest {
    /// The operation name for logs and errors (`RunInstances`, `list_nodes`).
    pub operation: String,
    /// HTTP method.
    pub method: Method,
    /// Full URL.
    pub url: Url,
    /// Headers (the signer adds its own).
    pub headers: HeaderMap,
    /// Body.
    pub body: RequestBody,
    /// Whether sending it twice has the same effect as once. GET, HEAD, PUT and DELETE
    /// are idempotent by default; a POST carrying an idempotency token may be marked so.
    pub idempotent: bool,
}

impl HttpRequest {
    /// A request with no body; idempotent unless the method is POST or PATCH.
    pub fn new(operation: impl Into<String>, method: Method, url: Url) -> Self {
        let idempotent = !matches!(method, Method::POST | Method::PATCH);
        HttpRequest {
            operation: operation.into(),
            method,
            url,
            headers: HeaderMap::new(),
            body: RequestBody::Empty,
            idempotent,
        }
    }

    /// Adds a header. Invalid names or values are dropped with a debug log, never a panic.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => tracing::debug!(header = name, "dropping invalid header"),
        }
        self
    }

    /// Sets an in-memory body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = RequestBody::Bytes(body.into());
        self
    }

    /// Sets a JSON body and the content type.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header("content-type", "application/json")
            .body(serde_json::to_vec(value).unwrap_or_default())
    }

    /// Sets a form-encoded body and the content type.
    pub fn form(self, pairs: &[(String, String)]) -> Self {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body)
    }

    /// Sets a streamed body.
    pub fn stream(mut self, body: ByteStream) -> Self {
        self.body = RequestBody::Stream(StreamedBody::new(body));
        self
    }

    /// Sets a streamed body that `make` builds afresh for every attempt. A streamed
    /// body has no length of its own: set `content-length` where the server needs one.
    pub fn repeatable_stream(mut self, make: BodyFactory) -> Self {
        self.body = RequestBody::Repeatable(make);
        self
    }

    /// Overrides whether the request may be retried after it may have reached the server.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}
