//! Route 53 error documents and what each error code means for the caller.
//!
//! Route 53 answers errors in one of two shapes:
//! `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`,
//! and, for a change batch it refuses, `<InvalidChangeBatch><Messages><Message/>…
//! </Messages><RequestId/></InvalidChangeBatch>`. Both are read by local name, with or
//! without the `https://route53.amazonaws.com/doc/2013-04-01/` namespace.

use cloud_aws_auth::{AwsErrorParts, aws_error_answer};
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_core::xml::Element;
use cloud_core::{Error, ErrorKind};

/// Most characters of a provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 500;

/// The code of a refused change batch.
const INVALID_CHANGE_BATCH: &str = "InvalidChangeBatch";

/// Codes that mean the credentials themselves are wrong.
const CREDENTIAL_CODES: &[&str] = &[
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "InvalidSignatureException",
    "UnrecognizedClientException",
    "AuthFailure",
];

/// Codes that mean the credentials are fine but not allowed to do this.
const PERMISSION_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "OptInRequired",
];

/// Codes that mean "slow down" or "wait for the previous change".
const THROTTLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "PriorRequestNotComplete",
    "RequestLimitExceeded",
];

/// Codes that mean a name is taken.
const EXISTS_CODES: &[&str] = &[
    "HostedZoneAlreadyExists",
    "ConflictingDomainExists",
    "DelegationSetAlreadyCreated",
    "HealthCheckAlreadyExists",
];

/// Codes that mean the resource is in the wrong state for the call.
const CONFLICT_CODES: &[&str] = &[
    "HostedZoneNotEmpty",
    "ConcurrentModification",
    "DelegationSetInUse",
    "HealthCheckInUse",
    "ConflictingTypes",
];

/// Codes that mean a limit of the account or the zone is reached.
const QUOTA_CODES: &[&str] = &[
    "TooManyHostedZones",
    "TooManyHealthChecks",
    "LimitsExceeded",
    "TooManyTrafficPolicies",
];

/// Server-side codes worth another try.
const SERVER_CODES: &[&str] = &["InternalError", "InternalFailure", "ServiceUnavailable"];

/// The error kind a Route 53 error code stands for, and whether trying again may help.
/// `message` decides for `InvalidChangeBatch`, which Route 53 answers both for bad input
/// and for a batch that no longer fits the zone.
///
/// | code | kind | retried |
/// | --- | --- | --- |
/// | `InvalidClientTokenId`, `SignatureDoesNotMatch`, `ExpiredToken`, … | `InvalidCredentials` | no |
/// | `AccessDenied`, … | `PermissionDenied` | no |
/// | `Throttling`, `PriorRequestNotComplete`, … | `RateLimited` | yes |
/// | `NoSuchHostedZone`, `NoSuchChange` and other `NoSuch*` | `NotFound` | no |
/// | `HostedZoneAlreadyExists`, `ConflictingDomainExists` | `AlreadyExists` | no |
/// | `HostedZoneNotEmpty`, `ConcurrentModification`, … | `Conflict` | no |
/// | `InvalidChangeBatch` saying a set conflicts with another, was "not found", or its values "do not match" | `Conflict` | no |
/// | any other `InvalidChangeBatch` saying a set "already exists" | `AlreadyExists` | no |
/// | any other `InvalidChangeBatch`, `InvalidInput`, `InvalidArgument`, other `Invalid*`, `MalformedXML` | `InvalidInput` | no |
/// | `TooManyHostedZones`, `LimitsExceeded`, … | `QuotaExceeded` | no |
/// | any other code with HTTP 503 | `RateLimited` | yes |
/// | `InternalError`, `ServiceUnavailable`, … | `Provider` | yes |
/// | anything else | `Provider` | when the HTTP status is 5xx |
pub fn classify(code: &str, message: &str, status: StatusCode) -> (ErrorKind, bool) {
    let listed = |list: &[&str]| list.contains(&code);
    if listed(CREDENTIAL_CODES) {
        (ErrorKind::InvalidCredentials, false)
    } else if listed(PERMISSION_CODES) {
        (ErrorKind::PermissionDenied, false)
    } else if listed(THROTTLE_CODES) {
        (ErrorKind::RateLimited, true)
    } else if code == INVALID_CHANGE_BATCH {
        (change_batch_kind(message), false)
    } else if code.starts_with("NoSuch") {
        (ErrorKind::NotFound, false)
    } else if listed(EXISTS_CODES) {
        (ErrorKind::AlreadyExists, false)
    } else if listed(CONFLICT_CODES) {
        (ErrorKind::Conflict, false)
    } else if listed(QUOTA_CODES) {
        (ErrorKind::QuotaExceeded, false)
    } else if code.starts_with("Invalid") || code == "MalformedXML" {
        (ErrorKind::InvalidInput, false)
    } else if status == StatusCode::SERVICE_UNAVAILABLE {
        (ErrorKind::RateLimited, true)
    } else if listed(SERVER_CODES) {
        (ErrorKind::Provider, true)
    } else {
        (ErrorKind::Provider, status.is_server_error())
    }
}

/// What a refused change batch means, from Route 53's explanation.
fn change_batch_kind(message: &str) -> ErrorKind {
    let message = message.to_ascii_lowercase();
    if ["conflict", "not found", "do not match"]
        .iter()
        .any(|m| message.contains(m))
    {
        ErrorKind::Conflict
    } else if message.contains("already exists") {
        ErrorKind::AlreadyExists
    } else {
        ErrorKind::InvalidInput
    }
}

/// Turns Route 53 error answers into [`Error`]s with the kind from [`classify`], the
/// provider's code and message, and the request id (`<RequestId>`, else the
/// `x-amzn-RequestId` header the pipeline reads).
///
/// A body that is not a Route 53 error document falls back to the HTTP status: 503 is
/// `RateLimited` and retried, other 5xx are retried `Provider` errors, 4xx follow the
/// usual status mapping.
#[derive(Debug, Default, Clone, Copy)]
pub struct Route53ErrorParser;

impl ErrorParser for Route53ErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let parts = parse_error_document(body);
        aws_error_answer(status, headers, body, parts, |p| {
            classify(&p.code, &p.message, status)
        })
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        cloud_aws_auth::AWS_REQUEST_ID_HEADERS
    }
}

/// Reads a Route 53 error document: its `<Code>` (`InvalidChangeBatch` for that
/// document's own shape), its `<Message>` (the messages of a refused batch joined by
/// `; `, cut to a sane length, or the code when there is none) and its `<RequestId>`;
/// `None` when the body is not one (not XML, or neither an `<Error><Code>` nor an
/// `<InvalidChangeBatch>`).
pub fn parse_error_document(body: &[u8]) -> Option<AwsErrorParts> {
    let root = Element::parse(body).ok()?;
    let request_id = root
        .child_value("RequestId")
        .or_else(|| root.child_value("RequestID"))
        .map(str::to_string);
    if root.name == INVALID_CHANGE_BATCH {
        let messages: Vec<&str> = root
            .child("Messages")
            .map(|m| {
                m.children_named("Message")
                    .map(|e| e.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let message = if messages.is_empty() {
            root.child_value("Message").unwrap_or(INVALID_CHANGE_BATCH)
        } else {
            &messages.join("; ")
        };
        return Some(AwsErrorParts {
            code: INVALID_CHANGE_BATCH.to_string(),
            message: cut(message),
            request_id,
        });
    }
    let error = root
        .child("Error")
        .or_else(|| root.path(&["Errors", "Error"]))
        .or_else(|| (root.name == "Error").then_some(&root))?;
    let code = error.child_value("Code")?.to_string();
    let message = error
        .child_value("Message")
        .map(cut)
        .unwrap_or_else(|| code.clone());
    Some(AwsErrorParts {
        code,
        message,
        request_id,
    })
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_MESSAGE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#" xmlns="https://route53.amazonaws.com/doc/2013-04-01/""#;

    fn doc(code: &str, message: &str, namespaced: bool) -> String {
        let ns = if namespaced { NS } else { "" };
        format!(
            r#"<?xml version="1.0"?>
<ErrorResponse{ns}><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-7</RequestId></ErrorResponse>"#
        )
    }

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&Route53ErrorParser, status, body.as_bytes())
    }

    #[test]
    fn maps_codes_to_kinds() {
        use ErrorKind::*;
        for (code, status, kind, retryable) in [
            ("NoSuchHostedZone", 404, NotFound, false),
            ("NoSuchChange", 404, NotFound, false),
            ("HostedZoneAlreadyExists", 409, AlreadyExists, false),
            ("ConflictingDomainExists", 400, AlreadyExists, false),
            ("HostedZoneNotEmpty", 400, Conflict, false),
            ("InvalidInput", 400, InvalidInput, false),
            ("InvalidDomainName", 400, InvalidInput, false),
            ("Throttling", 400, RateLimited, true),
            ("PriorRequestNotComplete", 400, RateLimited, true),
            ("AccessDenied", 403, PermissionDenied, false),
            ("InvalidClientTokenId", 403, InvalidCredentials, false),
            ("SignatureDoesNotMatch", 403, InvalidCredentials, false),
            ("ExpiredToken", 403, InvalidCredentials, false),
            ("TooManyHostedZones", 400, QuotaExceeded, false),
            ("ServiceUnavailable", 503, RateLimited, true),
            ("InternalFailure", 500, Provider, true),
            ("SomethingNew", 400, Provider, false),
            ("SomethingNew", 502, Provider, true),
        ] {
            for namespaced in [false, true] {
                let err = parse(status, &doc(code, "because &amp; why", namespaced));
                assert_eq!(err.kind(), kind, "{code}");
                assert_eq!(err.is_retryable(), retryable, "{code}");
                assert_eq!(err.code(), Some(code));
                assert_eq!(err.message(), "because & why");
                assert_eq!(err.request_id(), Some("req-7"));
                assert_eq!(err.status(), Some(status));
            }
        }
    }

    #[test]
    fn refused_change_batches_are_classified_by_their_message() {
        let batch = |messages: &[&str]| {
            let items: String = messages
                .iter()
                .map(|m| format!("<Message>{m}</Message>"))
                .collect();
            format!(
                "<InvalidChangeBatch{NS}><Messages>{items}</Messages><RequestId>b-1</RequestId></InvalidChangeBatch>"
            )
        };
        for (messages, kind) in [
            (
                &[
                    "Tried to create resource record set [name='www.example.org.', type='A'] but it already exists",
                ][..],
                ErrorKind::AlreadyExists,
            ),
            (
                &[
                    "Tried to delete resource record set [name='www.example.org.', type='A'] but it was not found",
                ][..],
                ErrorKind::Conflict,
            ),
            (
                &[
                    "Tried to delete resource record set [name='a.example.org.', type='A'] but the values provided do not match the current values",
                ][..],
                ErrorKind::Conflict,
            ),
            (
                &[
                    "RRSet of type CNAME with DNS name x.example.org. is not permitted as it conflicts with other records with the same DNS name in zone example.org.",
                ][..],
                ErrorKind::Conflict,
            ),
            (
                &[
                    "RRSet of type CNAME with DNS name www.example.org. is not permitted because a conflicting RRSet of type A with the same DNS name already exists in zone example.org.",
                ][..],
                ErrorKind::Conflict,
            ),
            (
                &[
                    "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with 'x'",
                    "second",
                ][..],
                ErrorKind::InvalidInput,
            ),
        ] {
            let err = parse(400, &batch(messages));
            assert_eq!(err.kind(), kind, "{messages:?}");
            assert_eq!(err.code(), Some("InvalidChangeBatch"));
            assert_eq!(err.message(), messages.join("; "));
            assert_eq!(err.request_id(), Some("b-1"));
            assert!(!err.is_retryable());
        }
        // moto answers the same code in the usual shape.
        let err = parse(
            400,
            &doc(
                "InvalidChangeBatch",
                "Number of records limit of 1000 exceeded.",
                true,
            ),
        );
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn other_bodies_fall_back_to_the_status() {
        for body in ["", "<html>oops</html>", "<ErrorResponse/>", "<ErrorRes"] {
            let err = parse(503, body);
            assert_eq!(err.kind(), ErrorKind::RateLimited, "{body:?}");
            assert!(err.is_retryable());
            let err = parse(500, body);
            assert_eq!(err.kind(), ErrorKind::Provider);
            assert!(err.is_retryable());
            let err = parse(403, body);
            assert_eq!(err.kind(), ErrorKind::PermissionDenied);
            let err = parse(404, body);
            assert_eq!(err.kind(), ErrorKind::NotFound);
        }
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "m".repeat(2000);
        let d = parse_error_document(doc("X", &long, false).as_bytes()).unwrap();
        assert_eq!(d.message.chars().count(), MAX_MESSAGE_CHARS);
    }
}
