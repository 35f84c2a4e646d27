//! Google's error document, `{"error": {"code", "message", "errors": [{"reason",
//! "message"}], "status"}}`, onto typed errors; and the kinds of failed operations.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, StatusErrorParser, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde::Deserialize;

/// Most characters of a message put into an error.
const MAX_MESSAGE_CHARS: usize = 500;

#[derive(Debug, Deserialize)]
struct Envelope {
    error: Body,
}

#[derive(Debug, Deserialize)]
struct Body {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: Vec<Reason>,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Reason {
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Turns Compute Engine's error answers into [`Error`]s.
///
/// The first `errors[].reason` picks the kind where it says more than the status:
/// `notFound` → `NotFound`, `alreadyExists` → `AlreadyExists`, `quotaExceeded` →
/// `QuotaExceeded`, `rateLimitExceeded` and `userRateLimitExceeded` (sent with 403) →
/// `RateLimited`, retryable; `resourceNotReady` and `resourceInUseByAnotherResource` →
/// `Conflict`. Otherwise the status decides (401 `InvalidCredentials`, 403
/// `PermissionDenied`, 400 `InvalidInput`, …; 429 and 5xx retryable). The reason is the
/// error's code; a body that is not the document falls back to the bare status.
#[derive(Debug, Default, Clone, Copy)]
pub struct GceErrorParser;

impl ErrorParser for GceErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let Ok(Envelope { error }) = serde_json::from_slice::<Envelope>(body) else {
            return StatusErrorParser
                .parse(status, headers, body)
                .with_status(status.as_u16());
        };
        let reason = error
            .errors
            .iter()
            .find_map(|r| r.reason.as_deref().filter(|r| !r.is_empty()));
        let kind = reason
            .and_then(kind_for_reason)
            .unwrap_or_else(|| kind_for_status(status));
        let message = error
            .message
            .as_deref()
            .or_else(|| error.errors.iter().find_map(|r| r.message.as_deref()))
            .or(error.status.as_deref())
            .unwrap_or("no message");
        let message: String = message.trim().chars().take(MAX_MESSAGE_CHARS).collect();
        let retryable = kind.is_retryable_by_default()
            || status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS;
        let err = Error::new(kind, message)
            .with_status(status.as_u16())
            .with_retryable(retryable);
        match reason {
            Some(reason) => err.with_code(reason.chars().take(64).collect::<String>()),
            None => err,
        }
    }
}

/// The kind an `errors[].reason` word implies, when it implies one.
fn kind_for_reason(reason: &str) -> Option<ErrorKind> {
    Some(match reason {
        "notFound" => ErrorKind::NotFound,
        "alreadyExists" => ErrorKind::AlreadyExists,
        "quotaExceeded" => ErrorKind::QuotaExceeded,
        "rateLimitExceeded" | "userRateLimitExceeded" => ErrorKind::RateLimited,
        "resourceNotReady" | "resourceInUseByAnotherResource" => ErrorKind::Conflict,
        "invalid" | "invalidParameter" | "required" | "badRequest" => ErrorKind::InvalidInput,
        "forbidden" | "insufficientPermissions" => ErrorKind::PermissionDenied,
        "authError" | "unauthorized" => ErrorKind::InvalidCredentials,
        _ => return None,
    })
}

/// The kind a failed operation's error code implies: capacity and quota codes are
/// `QuotaExceeded`, missing and existing resources `NotFound` and `AlreadyExists`, a
/// resource in use `Conflict`; any other code stays `Provider`.
pub(crate) fn kind_for_operation_code(code: &str) -> ErrorKind {
    match code {
        "QUOTA_EXCEEDED"
        | "ZONE_RESOURCE_POOL_EXHAUSTED"
        | "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS"
        | "RESOURCE_POOL_EXHAUSTED" => ErrorKind::QuotaExceeded,
        "RESOURCE_NOT_FOUND" => ErrorKind::NotFound,
        "RESOURCE_ALREADY_EXISTS" | "ALREADY_EXISTS" => ErrorKind::AlreadyExists,
        "RESOURCE_IN_USE_BY_ANOTHER_RESOURCE" | "RESOURCE_NOT_READY" => ErrorKind::Conflict,
        "INVALID_FIELD_VALUE" | "INVALID_USAGE" => ErrorKind::InvalidInput,
        _ => ErrorKind::Provider,
    }
}

/// A failed operation's error with the kind its code implies, keeping the message,
/// code, provider and operation.
pub(crate) fn typed_operation_error(err: Error) -> Error {
    if err.kind() != ErrorKind::Provider {
        return err;
    }
    let Some(code) = err.code().map(str::to_string) else {
        return err;
    };
    let kind = kind_for_operation_code(&code);
    if kind == ErrorKind::Provider {
        return err;
    }
    let mut typed = Error::new(kind, err.message()).with_code(code);
    if let Some(provider) = err.provider() {
        typed = typed.with_provider(provider);
    }
    if let Some(operation) = err.operation() {
        typed = typed.with_operation(operation);
    }
    typed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&GceErrorParser, status, body.as_bytes())
    }

    fn document(code: u16, reason: &str, message: &str) -> String {
        format!(
            r#"{{"error":{{"code":{code},"message":"{message}","errors":[{{"message":"{message}","domain":"global","reason":"{reason}"}}]}}}}"#
        )
    }

    #[test]
    fn reasons_pick_the_kind() {
        for (status, reason, kind, retryable) in [
            (404, "notFound", ErrorKind::NotFound, false),
            (409, "alreadyExists", ErrorKind::AlreadyExists, false),
            (403, "quotaExceeded", ErrorKind::QuotaExceeded, false),
            (403, "rateLimitExceeded", ErrorKind::RateLimited, true),
            (403, "userRateLimitExceeded", ErrorKind::RateLimited, true),
            (400, "resourceNotReady", ErrorKind::Conflict, false),
            (400, "invalid", ErrorKind::InvalidInput, false),
            (403, "forbidden", ErrorKind::PermissionDenied, false),
            (401, "authError", ErrorKind::InvalidCredentials, false),
            (503, "backendError", ErrorKind::Provider, true),
            (429, "somethingNew", ErrorKind::RateLimited, true),
        ] {
            let err = parse(status, &document(status, reason, "because"));
            assert_eq!(err.kind(), kind, "{reason}");
            assert_eq!(err.is_retryable(), retryable, "{reason}");
            assert_eq!(err.code(), Some(reason));
            assert_eq!(err.message(), "because");
            assert_eq!(err.status(), Some(status));
        }
    }

    #[test]
    fn other_bodies_fall_back_to_the_status() {
        for body in [
            "",
            "<html>oops</html>",
            "{\"error\":",
            "{\"error\":{}}",
            "\u{0}",
        ] {
            let err = parse(404, body);
            assert_eq!(err.kind(), ErrorKind::NotFound, "{body:?}");
        }
        let err = parse(500, r#"{"error":{"code":500,"message":"Internal error"}}"#);
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert!(err.is_retryable());
        assert_eq!(err.code(), None);
        assert_eq!(err.message(), "Internal error");
    }

    #[test]
    fn failed_operation_codes_get_their_kind() {
        let failed = Error::new(ErrorKind::Provider, "no room")
            .with_code("ZONE_RESOURCE_POOL_EXHAUSTED")
            .with_provider("gce")
            .with_operation("create_node");
        let typed = typed_operation_error(failed);
        assert_eq!(typed.kind(), ErrorKind::QuotaExceeded);
        assert_eq!(typed.code(), Some("ZONE_RESOURCE_POOL_EXHAUSTED"));
        assert_eq!(typed.operation(), Some("create_node"));
        let other = typed_operation_error(Error::new(ErrorKind::Provider, "x").with_code("ODD"));
        assert_eq!(other.kind(), ErrorKind::Provider);
        let timeout = typed_operation_error(Error::new(ErrorKind::Timeout, "slow"));
        assert_eq!(timeout.kind(), ErrorKind::Timeout);
    }
}
