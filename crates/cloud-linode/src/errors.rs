//! Linode's error envelope: `{"errors": [{"reason": "…", "field": "…"}]}`, and the
//! context put on errors raised before any request.

use cloud_core::Error;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, StatusErrorParser, kind_for_status};
use serde::Deserialize;

use crate::PROVIDER_ID;

/// Most errors of one answer put into the message.
const MAX_REASONS: usize = 8;

/// Most characters of one reason put into the message.
const MAX_REASON_CHARS: usize = 300;

#[derive(Debug, Deserialize)]
struct Envelope {
    errors: Vec<Reason>,
}

#[derive(Debug, Deserialize)]
struct Reason {
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    field: Option<String>,
}

/// Turns Linode's error answers into [`Error`]s.
///
/// The kind follows the HTTP status (401 `InvalidCredentials`, 403 `PermissionDenied`,
/// 404 `NotFound`, 400 `InvalidInput`, 429 `RateLimited`, …). The message is every
/// reason Linode gave, each prefixed with the field it names (`label: Label must be …`).
/// 429 and 5xx answers are retryable; the pipeline honours Linode's `Retry-After`.
/// A body that is not the envelope falls back to the bare status.
#[derive(Debug, Default, Clone, Copy)]
pub struct LinodeErrorParser;

impl ErrorParser for LinodeErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let Some(message) = envelope_message(body) else {
            return StatusErrorParser
                .parse(status, headers, body)
                .with_status(status.as_u16());
        };
        let kind = kind_for_status(status);
        let retryable = kind.is_retryable_by_default()
            || status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS;
        Error::new(kind, message)
            .with_status(status.as_u16())
            .with_retryable(retryable)
    }
}

/// The reasons of an error envelope joined into one message; `None` when the body is
/// not an envelope with at least one reason.
fn envelope_message(body: &[u8]) -> Option<String> {
    let envelope: Envelope = serde_json::from_slice(body).ok()?;
    let parts: Vec<String> = envelope
        .errors
        .iter()
        .filter_map(|e| {
            let reason = e
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())?;
            let reason: String = reason.chars().take(MAX_REASON_CHARS).collect();
            Some(match e.field.as_deref().filter(|f| !f.is_empty()) {
                Some(field) => format!("{field}: {reason}"),
                None => reason,
            })
        })
        .take(MAX_REASONS)
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Puts this driver's name and the operation on an error raised before any request.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(PROVIDER_ID, operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&LinodeErrorParser, status, body.as_bytes())
    }

    #[test]
    fn maps_statuses_to_kinds() {
        for (status, kind, retryable) in [
            (400, ErrorKind::InvalidInput, false),
            (401, ErrorKind::InvalidCredentials, false),
            (403, ErrorKind::PermissionDenied, false),
            (404, ErrorKind::NotFound, false),
            (429, ErrorKind::RateLimited, true),
            (500, ErrorKind::Provider, true),
            (502, ErrorKind::Provider, true),
        ] {
            let err = parse(status, r#"{"errors":[{"reason":"because"}]}"#);
            assert_eq!(err.kind(), kind, "{status}");
            assert_eq!(err.is_retryable(), retryable, "{status}");
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.message(), "because");
        }
    }

    #[test]
    fn names_the_field_and_joins_several_reasons() {
        let err = parse(
            400,
            r#"{"errors":[{"field":"label","reason":"Label must be unique."},
                          {"field":"region","reason":"region is not valid"},
                          {"reason":"Another thing"}]}"#,
        );
        assert_eq!(
            err.message(),
            "label: Label must be unique.; region: region is not valid; Another thing"
        );
    }

    #[test]
    fn falls_back_to_the_status_on_other_bodies() {
        for body in [
            "",
            "<html>bad gateway</html>",
            "{\"errors\":[]}",
            "{\"errors\":",
            "\u{0}\u{1}",
        ] {
            let err = parse(503, body);
            assert_eq!(err.kind(), ErrorKind::Provider, "{body:?}");
            assert!(err.is_retryable());
        }
        assert_eq!(parse(401, "nope").kind(), ErrorKind::InvalidCredentials);
        assert!(!parse(401, "nope").is_retryable());
    }

    #[test]
    fn long_reasons_are_cut() {
        let long = "x".repeat(5000);
        let err = parse(400, &format!(r#"{{"errors":[{{"reason":"{long}"}}]}}"#));
        assert_eq!(err.message().len(), MAX_REASON_CHARS);
    }
}
