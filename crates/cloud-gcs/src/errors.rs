//! Google's error documents (`{"error":{"code","message","errors":[{"reason"}]}}`) onto
//! typed errors, and the `308 Resume Incomplete` answer of resumable uploads.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, first_text_line, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde::Deserialize;

/// Most characters of a server's message kept in an error.
const MESSAGE_LIMIT: usize = 300;

/// Parses Cloud Storage's JSON error answers; any other body (HTML from a proxy,
/// garbage, a truncated document) falls back to the status and the body's first line.
///
/// 404 is `NotFound`, 409 `Conflict`, 412 `Conflict` (a failed precondition), 401
/// `InvalidCredentials`, 403 `PermissionDenied` (or `RateLimited` for the rate-limit
/// reasons), 429 `RateLimited`, 5xx `Provider`; 408, 429 and 5xx are retryable. A 308
/// (a resumable upload not yet complete) becomes an error carrying
/// [`ResumeIncomplete`](crate::model::ResumeIncomplete) as its source, which the upload
/// reads back.
#[derive(Debug, Default, Clone, Copy)]
pub struct GcsErrorParser;

#[derive(Deserialize)]
struct Document {
    error: Option<Body>,
}

#[derive(Deserialize)]
struct Body {
    code: Option<serde_json::Value>,
    message: Option<String>,
    #[serde(default)]
    errors: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    reason: Option<String>,
}

/// The reason and message of an error document, when the body is one.
pub fn parse_error_document(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let doc: Document = serde_json::from_slice(body).ok()?;
    let error = doc.error?;
    let _ = error.code;
    let reason = error.errors.into_iter().find_map(|i| i.reason);
    Some((reason, error.message))
}

impl ErrorParser for GcsErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        if status == StatusCode::PERMANENT_REDIRECT {
            let incomplete = crate::model::ResumeIncomplete::from_headers(headers);
            return Error::new(
                ErrorKind::Provider,
                format!("the upload is not complete yet ({incomplete})"),
            )
            .with_code("ResumeIncomplete")
            .with_retryable(false)
            .with_source(incomplete);
        }
        let (reason, message) = parse_error_document(body).unwrap_or((None, None));
        let message = message
            .filter(|m| !m.trim().is_empty())
            .or_else(|| first_text_line(body))
            .unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("unexpected HTTP status")
                    .to_string()
            });
        let message: String = message.chars().take(MESSAGE_LIMIT).collect();
        let kind = kind_of(status, reason.as_deref());
        let retryable = status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || kind == ErrorKind::RateLimited;
        let mut error = Error::new(kind, message)
            .with_status(status.as_u16())
            .with_retryable(retryable);
        if let Some(reason) = reason {
            error = error.with_code(reason.chars().take(100).collect::<String>());
        }
        error
    }
}

/// The kind for a status and Google's reason word.
fn kind_of(status: StatusCode, reason: Option<&str>) -> ErrorKind {
    let rate_limited = matches!(
        reason,
        Some("rateLimitExceeded" | "userRateLimitExceeded" | "quotaExceeded")
    );
    match status.as_u16() {
        401 => ErrorKind::InvalidCredentials,
        403 if rate_limited => ErrorKind::RateLimited,
        403 => ErrorKind::PermissionDenied,
        404 => ErrorKind::NotFound,
        409 | 412 => ErrorKind::Conflict,
        416 => ErrorKind::InvalidInput,
        429 => ErrorKind::RateLimited,
        _ => kind_for_status(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Error {
        GcsErrorParser.parse(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn documents_become_typed_errors() {
        let e = parse(
            404,
            r#"{"error":{"code":404,"message":"No such object: b/k","errors":[{"reason":"notFound","message":"No such object: b/k"}]}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.code(), Some("notFound"));
        assert_eq!(e.message(), "No such object: b/k");
        assert_eq!(e.status(), Some(404));
        assert!(!e.is_retryable());

        let e = parse(
            409,
            r#"{"error":{"code":409,"message":"taken","errors":[{"reason":"conflict"}]}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Conflict);
        let e = parse(
            412,
            r#"{"error":{"code":412,"message":"Precondition Failed"}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(parse(401, "{}").kind(), ErrorKind::InvalidCredentials);
        assert_eq!(parse(403, "").kind(), ErrorKind::PermissionDenied);
        let limited = parse(
            403,
            r#"{"error":{"code":403,"message":"slow down","errors":[{"reason":"rateLimitExceeded"}]}}"#,
        );
        assert_eq!(limited.kind(), ErrorKind::RateLimited);
        assert!(limited.is_retryable());
        assert!(parse(429, "").is_retryable());
        assert!(parse(503, "<html><h1>Service Unavailable</h1></html>").is_retryable());
    }

    #[test]
    fn garbage_and_truncated_bodies_fall_back_to_the_status() {
        for body in [
            "",
            "{\"error\":{\"code\":40",
            "\u{0}\u{1}garbage",
            "[1,2]",
            "{\"error\":7}",
        ] {
            let e = parse(500, body);
            assert_eq!(e.kind(), ErrorKind::Provider, "{body:?}");
            assert!(!e.message().is_empty());
        }
        assert_eq!(parse(502, "").message(), "Bad Gateway");
    }

    #[test]
    fn a_308_carries_the_committed_range() {
        let mut headers = HeaderMap::new();
        headers.insert("range", "bytes=0-524287".parse().unwrap());
        let e = GcsErrorParser.parse(StatusCode::PERMANENT_REDIRECT, &headers, b"");
        assert_eq!(e.code(), Some("ResumeIncomplete"));
        let incomplete = crate::model::ResumeIncomplete::of(&e).unwrap();
        assert_eq!(incomplete.committed, 524_288);
    }
}
