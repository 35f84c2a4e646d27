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

/// The first line of a text or HTML error body with something in it, tags dropped and
/// trimmed: the message to show when a service answers with a page instead of its error
/// document. Invalid UTF-8 is replaced, never refused.
pub fn first_text_line(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push('\n');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_text_line_skips_tags_and_blank_lines() {
        let page = b"<html>\n<head><title>503 Service Unavailable</title></head><body>down</body>";
        assert_eq!(
            first_text_line(page).as_deref(),
            Some("503 Service Unavailable")
        );
        assert_eq!(
            first_text_line(b"  \n plain text \n").as_deref(),
            Some("plain text")
        );
        assert_eq!(first_text_line(b"<p>\n</p>"), None);
        assert_eq!(first_text_line(&[0xff, b'x']).as_deref(), Some("\u{fffd}x"));
    }
}
