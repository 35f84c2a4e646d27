//! The Blob service's error answers (`<Error><Code>…</Code><Message>…</Message></Error>`
//! and the `x-ms-error-code` header, the only trace of an error to a `HEAD`) onto typed
//! errors.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, first_text_line, kind_for_status};
use cloud_core::{Error, ErrorKind};

use crate::model;

/// Most characters of a server's message kept in an error.
const MESSAGE_LIMIT: usize = 300;

/// Parses the Blob service's error answers; any other body (HTML from a proxy, garbage,
/// a truncated document) falls back to the status and the body's first line.
///
/// `BlobNotFound`, `ContainerNotFound` and other `…NotFound` codes are `NotFound`;
/// `ContainerAlreadyExists` and `BlobAlreadyExists` `AlreadyExists`;
/// `AuthenticationFailed` and the other authentication codes `InvalidCredentials` (the
/// message is the service's first line only: its details quote the string it signed);
/// `AuthorizationPermissionMismatch` and `AuthorizationFailure` `PermissionDenied`;
/// `ConditionNotMet` and `…BeingDeleted` `Conflict`; `ServerBusy`, `InternalError`,
/// `OperationTimedOut`, 408, 429 and every 5xx are retryable.
#[derive(Debug, Default, Clone, Copy)]
pub struct AzureBlobErrorParser;

impl ErrorParser for AzureBlobErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let document = model::error_document(body);
        let header_code = headers
            .get("x-ms-error-code")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let (body_code, body_message) = document.unwrap_or((None, None));
        let code = header_code.or(body_code);
        let message = body_message
            .and_then(|m| {
                m.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string)
            })
            .or_else(|| {
                if body.starts_with(b"<") || body.starts_with(b"\xef\xbb\xbf<") {
                    None
                } else {
                    first_text_line(body)
                }
            })
            .or_else(|| code.clone())
            .unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("unexpected HTTP status")
                    .to_string()
            });
        let message: String = message.chars().take(MESSAGE_LIMIT).collect();
        let mut kind = kind_of(status, code.as_deref());
        // Azurite answers a bad Shared Key signature with `AuthorizationFailure` and
        // "Server failed to authenticate the request"; the service uses that code, with
        // another message, for requests its network rules refuse. A `HEAD` brings no
        // message: the code alone is taken for the emulator's.
        if code.as_deref() == Some("AuthorizationFailure") && body_says_authenticate(&message, body)
        {
            kind = ErrorKind::InvalidCredentials;
        }
        let retryable = status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || matches!(
                code.as_deref(),
                Some("ServerBusy" | "InternalError" | "OperationTimedOut")
            );
        let mut error = Error::new(kind, message)
            .with_status(status.as_u16())
            .with_retryable(retryable);
        if let Some(code) = code {
            error = error.with_code(code);
        }
        error
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        &["x-ms-request-id"]
    }
}

/// Whether an `AuthorizationFailure` is about authentication: its message says so, or
/// there is no body to say otherwise.
fn body_says_authenticate(message: &str, body: &[u8]) -> bool {
    body.is_empty() || message.contains("failed to authenticate")
}

/// The error kind of a status and the service's error code.
fn kind_of(status: StatusCode, code: Option<&str>) -> ErrorKind {
    match code {
        Some(
            "AuthenticationFailed"
            | "InvalidAuthenticationInfo"
            | "NoAuthenticationInformation"
            | "AuthenticationError",
        ) => ErrorKind::InvalidCredentials,
        Some(
            "AuthorizationPermissionMismatch"
            | "AuthorizationFailure"
            | "AuthorizationResourceTypeMismatch"
            | "AuthorizationServiceMismatch"
            | "AuthorizationSourceIPMismatch"
            | "AuthorizationProtocolMismatch"
            | "InsufficientAccountPermissions"
            | "AccountIsDisabled",
        ) => ErrorKind::PermissionDenied,
        Some("ContainerAlreadyExists" | "BlobAlreadyExists") => ErrorKind::AlreadyExists,
        Some(c) if c.ends_with("NotFound") => ErrorKind::NotFound,
        Some(
            "ConditionNotMet"
            | "ContainerBeingDeleted"
            | "ContainerDisabled"
            | "LeaseIdMissing"
            | "LeaseAlreadyPresent"
            | "PendingCopyOperation"
            | "TargetConditionNotMet",
        ) => ErrorKind::Conflict,
        Some("InvalidRange") => ErrorKind::InvalidInput,
        Some("ServerBusy") if status == StatusCode::SERVICE_UNAVAILABLE => ErrorKind::RateLimited,
        Some("Md5Mismatch" | "Crc64Mismatch") => ErrorKind::Provider,
        _ => match status.as_u16() {
            416 => ErrorKind::InvalidInput,
            _ => kind_for_status(status),
        },
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::http::HeaderValue;

    use super::*;

    fn parse(status: u16, code: Option<&'static str>, body: &str) -> Error {
        let mut headers = HeaderMap::new();
        if let Some(code) = code {
            headers.insert("x-ms-error-code", HeaderValue::from_static(code));
        }
        AzureBlobErrorParser.parse(
            StatusCode::from_u16(status).unwrap(),
            &headers,
            body.as_bytes(),
        )
    }

    #[test]
    fn codes_map_onto_kinds() {
        let doc = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code>\
                   <Message>The specified container does not exist.\nRequestId:1\nTime:x</Message></Error>";
        let e = parse(404, None, doc);
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.code(), Some("ContainerNotFound"));
        assert_eq!(e.message(), "The specified container does not exist.");
        assert_eq!(
            parse(404, Some("BlobNotFound"), "").kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            parse(409, Some("ContainerAlreadyExists"), "").kind(),
            ErrorKind::AlreadyExists
        );
        assert_eq!(
            parse(412, Some("ConditionNotMet"), "").kind(),
            ErrorKind::Conflict
        );
        let busy = parse(503, Some("ServerBusy"), "");
        assert!(busy.is_retryable());
        let internal = parse(500, Some("InternalError"), "");
        assert!(internal.is_retryable());
        assert_eq!(internal.kind(), ErrorKind::Provider);
    }

    #[test]
    fn authentication_failures_never_echo_the_details() {
        let doc = "<Error><Code>AuthenticationFailed</Code><Message>Server failed to \
                   authenticate the request.\nRequestId:x</Message><AuthenticationErrorDetail>\
                   The MAC signature found in the HTTP request 'c2lnbmF0dXJl' is not the same\
                   </AuthenticationErrorDetail></Error>";
        let e = parse(403, None, doc);
        assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
        assert!(!e.to_string().contains("c2lnbmF0dXJl"), "{e}");
        // Azurite's code for a bad signature, with and without a body.
        let azurite = "<Error><Code>AuthorizationFailure</Code><Message>Server failed to \
                       authenticate the request. Make sure the value of the Authorization \
                       header is formed correctly including the signature.</Message></Error>";
        assert_eq!(
            parse(403, None, azurite).kind(),
            ErrorKind::InvalidCredentials
        );
        assert_eq!(
            parse(403, Some("AuthorizationFailure"), "").kind(),
            ErrorKind::InvalidCredentials
        );
        let firewall = "<Error><Code>AuthorizationFailure</Code><Message>This request is \
                        not authorized to perform this operation.</Message></Error>";
        assert_eq!(
            parse(403, None, firewall).kind(),
            ErrorKind::PermissionDenied
        );
    }

    #[test]
    fn garbage_falls_back_to_the_status() {
        let e = parse(502, None, "<html><body>Bad gateway</body>");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
        let e = parse(400, None, "<Error><Code>Inval");
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
}
