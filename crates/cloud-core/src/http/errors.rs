//! Turning an unsuccessful HTTP answer into an [`Error`].

use super::{HeaderMap, StatusCode};

use crate::{Error, ErrorKind};

/// A provider's error document parser. The pipeline calls it for every non-2xx answer
/// with the status, headers and (at most 64 KiB of) body. It must not panic on any input.
pub trait ErrorParser: Send + Sync + std::fmt::Debug {
    /// Builds the error. Provider, operation, status, request id and `Retry-After` are
    /// filled in by the pipeline where the parser leaves them unset.
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error;

    /// The response headers carrying this provider's request id, in the order they are
    /// tried; logged with every answer and put on errors.
    fn request_id_headers(&self) -> &'static [&'static str] {
        &["x-request-id", "request-id"]
    }
}

/// The error kind a bare HTTP status implies.
pub fn kind_for_status(status: StatusCode) -> ErrorKind {
    match status.as_u16() {
        400 | 422 => ErrorKind::InvalidInput,
        401 => ErrorKind::InvalidCredentials,
        403 => ErrorKind::PermissionDenied,
        404 | 410 => ErrorKind::NotFound,
        409 | 412 => ErrorKind::Conflict,
        408 | 504 => ErrorKind::Timeout,
        429 => ErrorKind::RateLimited,
        _ => ErrorKind::Provider,
    }
}

/// A parser that knows only HTTP statuses; the body's first line becomes the message.
/// 5xx and 429 answers are marked retryable.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatusErrorParser;

impl ErrorParser for StatusErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        let text = String::from_utf8_lossy(body);
        let first = text.lines().next().unwrap_or("").trim();
        let message = if first.is_empty() {
            status
                .canonical_reason()
                .unwrap_or("unexpected HTTP status")
                .to_string()
        } else {
            first.chars().take(300).collect()
        };
        Error::new(kind_for_status(status), message)
            .with_retryable(status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS)
    }
}
