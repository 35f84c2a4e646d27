//! OpenStack's error answers: Keystone's `{"error": {"code", "title", "message"}}`, Nova's
//! and Cinder's `{"itemNotFound": {"code", "message"}}` (the key names the fault), and
//! Swift's plain text or HTML pages.

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, kind_for_status};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::Value;

/// Most characters of a provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 500;

/// The kind an OpenStack fault name stands for, and whether trying again may help;
/// `None` for a name that says nothing more than the status.
fn fault_kind(fault: &str) -> Option<(ErrorKind, bool)> {
    Some(match fault {
        "itemNotFound" => (ErrorKind::NotFound, false),
        "badRequest" | "badMediaType" | "validationError" => (ErrorKind::InvalidInput, false),
        "conflictingRequest" | "buildInProgress" => (ErrorKind::Conflict, false),
        "overLimit" | "rateLimit" => (ErrorKind::RateLimited, true),
        "forbidden" => (ErrorKind::PermissionDenied, false),
        "unauthorized" => (ErrorKind::InvalidCredentials, false),
        "notImplemented" => (ErrorKind::Unsupported, false),
        "serviceUnavailable" => (ErrorKind::Provider, true),
        _ => return None,
    })
}

/// The fault name and message of a JSON error document, when the body is one.
fn json_fault(body: &[u8]) -> Option<(String, String)> {
    let doc: Value = serde_json::from_slice(body).ok()?;
    let (name, inner) = doc.as_object()?.iter().next()?;
    let inner = inner.as_object()?;
    let message = inner.get("message")?.as_str()?.to_string();
    let name = if name == "error" {
        inner
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("error")
            .to_string()
    } else {
        name.clone()
    };
    Some((name, message))
}

/// Turns OpenStack error answers into [`Error`]s: the kind from the fault name where it
/// says more than the status (`itemNotFound`, `overLimit`, …), else from the status;
/// 5xx, 429 and `overLimit` are retried (the pipeline honours `Retry-After`).
#[derive(Debug, Default, Clone, Copy)]
pub struct OpenStackErrorParser;

impl ErrorParser for OpenStackErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        let retry_status = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        let (fault, message) = match json_fault(body) {
            Some((fault, message)) => (Some(fault), message),
            None => (
                None,
                cloud_core::http::first_text_line(body).unwrap_or_else(|| {
                    status
                        .canonical_reason()
                        .unwrap_or("unexpected HTTP status")
                        .to_string()
                }),
            ),
        };
        let message: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
        let (kind, retryable) = fault
            .as_deref()
            .and_then(fault_kind)
            .unwrap_or_else(|| (kind_for_status(status), retry_status));
        let kind = match (kind, status.as_u16()) {
            (ErrorKind::Provider, 413) => ErrorKind::InvalidInput,
            (ErrorKind::Provider, 507) => ErrorKind::QuotaExceeded,
            (kind, _) => kind,
        };
        let mut err = Error::new(kind, message).with_retryable(retryable || retry_status);
        if let Some(fault) = fault {
            err = err.with_code(fault);
        }
        err
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        &[
            "x-openstack-request-id",
            "x-compute-request-id",
            "x-trans-id",
        ]
    }
}

/// Names `provider` in a result's error: the drivers of this family serve more than one
/// provider id (`openstack`, `rackspace`), and parse errors are made with the family's.
pub(crate) fn relabel<T>(provider: &'static str, result: Result<T>) -> Result<T> {
    result.map_err(|e| e.with_provider(provider))
}

/// [`relabel`] for every error of a stream.
pub(crate) fn relabel_stream<'a, T: 'a>(
    provider: &'static str,
    stream: cloud_core::BoxStream<'a, Result<T>>,
) -> cloud_core::BoxStream<'a, Result<T>> {
    use futures::TryStreamExt;
    Box::pin(stream.map_err(move |e| e.with_provider(provider)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&OpenStackErrorParser, status, body.as_bytes())
    }

    #[test]
    fn faults_and_statuses_map_to_kinds() {
        use ErrorKind::*;
        for (status, body, kind, retryable, code) in [
            (
                401,
                r#"{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"#,
                InvalidCredentials,
                false,
                Some("Unauthorized"),
            ),
            (
                404,
                r#"{"itemNotFound": {"code": 404, "message": "Instance x could not be found."}}"#,
                NotFound,
                false,
                Some("itemNotFound"),
            ),
            (
                400,
                r#"{"badRequest": {"code": 400, "message": "Invalid flavorRef provided."}}"#,
                InvalidInput,
                false,
                Some("badRequest"),
            ),
            (
                409,
                r#"{"conflictingRequest": {"code": 409, "message": "Cannot 'stop' instance"}}"#,
                Conflict,
                false,
                Some("conflictingRequest"),
            ),
            (
                413,
                r#"{"overLimit": {"code": 413, "message": "Quota exceeded", "retryAfter": "30"}}"#,
                RateLimited,
                true,
                Some("overLimit"),
            ),
            (
                404,
                "<html><h1>Not Found</h1><p>The resource could not be found.</p></html>",
                NotFound,
                false,
                None,
            ),
            (
                409,
                "There was a conflict when trying to complete your request.",
                Conflict,
                false,
                None,
            ),
            (
                413,
                "<html><h1>Request Entity Too Large</h1></html>",
                InvalidInput,
                false,
                None,
            ),
            (503, "", Provider, true, None),
            (507, "Insufficient Storage", QuotaExceeded, true, None),
        ] {
            let err = parse(status, body);
            assert_eq!(err.kind(), kind, "{body}");
            assert_eq!(err.is_retryable(), retryable, "{body}");
            assert_eq!(err.code(), code, "{body}");
            assert!(!err.message().is_empty());
        }
        assert_eq!(
            parse(404, "<html><h1>Not Found</h1></html>").message(),
            "Not Found"
        );
    }

    #[test]
    fn garbage_falls_back_to_the_status() {
        for body in ["\u{0}\u{1}", "{", "[1,2]", r#"{"x": 1}"#, &"z".repeat(5000)] {
            let err = parse(400, body);
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.message().chars().count() <= MAX_MESSAGE_CHARS);
        }
    }
}
