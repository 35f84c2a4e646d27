//! The error answers of Query API services (EC2, Elastic Load Balancing, …) and what the
//! codes they share mean for the caller.
//!
//! An error answer is `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`
//! (EC2) or `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`
//! (Elastic Load Balancing and most others), with or without a namespace. Elements are
//! read by local name, so every variant parses the same.

use cloud_core::ErrorKind;
use cloud_core::http::StatusCode;
use cloud_core::xml::Element;

use crate::AwsErrorParts;

/// Most characters of a provider message kept in an error.
pub(crate) const MAX_MESSAGE_CHARS: usize = 500;

/// Codes that mean the credentials themselves are wrong.
const CREDENTIAL_CODES: &[&str] = &[
    "AuthFailure",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "ExpiredToken",
    "UnrecognizedClientException",
];

/// Codes that mean the credentials are fine but not allowed to do this.
const PERMISSION_CODES: &[&str] = &[
    "UnauthorizedOperation",
    "OptInRequired",
    "Blocked",
    "PendingVerification",
    "AccessDenied",
];

/// Codes that mean "slow down".
const THROTTLE_CODES: &[&str] = &[
    "RequestLimitExceeded",
    "Throttling",
    "ThrottlingException",
    "RequestThrottled",
];

/// Codes that mean the resource is in the wrong state for the call.
const CONFLICT_CODES: &[&str] = &[
    "IncorrectState",
    "IncorrectInstanceState",
    "VolumeInUse",
    "DependencyViolation",
    "InvalidState",
    "IdempotentParameterMismatch",
];

/// Codes that mean the request itself is wrong.
const INPUT_CODES: &[&str] = &[
    "InvalidParameterValue",
    "MissingParameter",
    "InvalidParameterCombination",
    "InvalidParameter",
    "UnknownParameter",
    "ValidationError",
    "InvalidRequest",
    "InvalidQueryParameter",
    "MalformedQueryString",
    "MissingAction",
    "InvalidAction",
];

/// Server-side codes worth another try.
const SERVER_CODES: &[&str] = &[
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
    "Unavailable",
];

/// The error kind a Query API error code stands for, and whether trying again may help.
/// A service with codes of its own checks those first and falls back to this.
///
/// | code | kind | retried |
/// | --- | --- | --- |
/// | `AuthFailure`, `InvalidClientTokenId`, `SignatureDoesNotMatch`, … | `InvalidCredentials` | no |
/// | `UnauthorizedOperation`, `OptInRequired`, `Blocked`, … | `PermissionDenied` | no |
/// | `RequestLimitExceeded`, `Throttling`, … | `RateLimited` | yes |
/// | `InsufficientInstanceCapacity` and other `Insufficient*Capacity` | `QuotaExceeded` | yes |
/// | `InstanceLimitExceeded` and other `*LimitExceeded` | `QuotaExceeded` | no |
/// | `*.NotFound` | `NotFound` | no |
/// | `*.Duplicate` | `AlreadyExists` | no |
/// | `*.Malformed`, `InvalidParameterValue`, `MissingParameter`, `InvalidParameterCombination`, other `Invalid*` | `InvalidInput` | no |
/// | `IncorrectState`, `IncorrectInstanceState`, `VolumeInUse`, `DependencyViolation`, `IdempotentParameterMismatch` | `Conflict` | no |
/// | `Unsupported*` | `Unsupported` | no |
/// | any other code with HTTP 503 (AWS did not act) | `RateLimited` | yes |
/// | `InternalError`, `InternalFailure`, … | `Provider` | yes |
/// | anything else | `Provider` | when the HTTP status is 5xx |
pub fn classify_query_error(code: &str, status: StatusCode) -> (ErrorKind, bool) {
    let listed = |list: &[&str]| list.contains(&code);
    if listed(CREDENTIAL_CODES) || code.starts_with("AuthFailure.") {
        (ErrorKind::InvalidCredentials, false)
    } else if listed(PERMISSION_CODES) {
        (ErrorKind::PermissionDenied, false)
    } else if listed(THROTTLE_CODES) {
        (ErrorKind::RateLimited, true)
    } else if code.starts_with("Insufficient") && code.ends_with("Capacity") {
        (ErrorKind::QuotaExceeded, true)
    } else if code.ends_with("LimitExceeded") {
        (ErrorKind::QuotaExceeded, false)
    } else if code.ends_with(".NotFound") || code.ends_with("NotFound") {
        (ErrorKind::NotFound, false)
    } else if code.ends_with(".Duplicate") {
        (ErrorKind::AlreadyExists, false)
    } else if listed(CONFLICT_CODES) {
        (ErrorKind::Conflict, false)
    } else if code.ends_with(".Malformed") || listed(INPUT_CODES) || code.starts_with("Invalid") {
        (ErrorKind::InvalidInput, false)
    } else if code.starts_with("Unsupported") {
        (ErrorKind::Unsupported, false)
    } else if status == StatusCode::SERVICE_UNAVAILABLE {
        (ErrorKind::RateLimited, true)
    } else if listed(SERVER_CODES) {
        (ErrorKind::Provider, true)
    } else {
        (ErrorKind::Provider, status.is_server_error())
    }
}

/// Reads a Query API error document: its `<Code>`, its `<Message>` (cut to a sane length, or
/// the code when there is none) and its `<RequestID>` (or `<RequestId>`); `None` when the
/// body is not one (not XML, or no `<Error><Code>`).
pub fn parse_query_error(body: &[u8]) -> Option<AwsErrorParts> {
    let root = Element::parse(body).ok()?;
    let error = root
        .path(&["Errors", "Error"])
        .or_else(|| root.child("Error"))
        .or_else(|| (root.name == "Error").then_some(&root))?;
    let code = error.child_value("Code")?.to_string();
    let message = error
        .child_value("Message")
        .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect())
        .unwrap_or_else(|| code.clone());
    let request_id = root
        .child_value("RequestID")
        .or_else(|| root.child_value("RequestId"))
        .map(str::to_string);
    Some(AwsErrorParts {
        code,
        message,
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_document_shapes_parse_the_same() {
        for body in [
            "<Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>no &amp; vpc</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
            "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>InvalidVpcID.NotFound</Code><Message>no &amp; vpc</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
        ] {
            let parts = parse_query_error(body.as_bytes()).unwrap();
            assert_eq!(parts.code, "InvalidVpcID.NotFound");
            assert_eq!(parts.message, "no & vpc");
            assert_eq!(parts.request_id.as_deref(), Some("r-1"));
        }
        for body in [
            "",
            "<html/>",
            "<ErrorResponse><Error/></ErrorResponse>",
            "<Err",
        ] {
            assert!(parse_query_error(body.as_bytes()).is_none(), "{body:?}");
        }
    }

    #[test]
    fn shared_codes_map_to_kinds() {
        use ErrorKind::*;
        for (code, status, kind, retryable) in [
            ("SignatureDoesNotMatch", 403, InvalidCredentials, false),
            ("AccessDenied", 403, PermissionDenied, false),
            ("Throttling", 400, RateLimited, true),
            ("LoadBalancerNotFound", 400, NotFound, false),
            ("InvalidSubnetID.NotFound", 400, NotFound, false),
            ("ValidationError", 400, InvalidInput, false),
            ("DependencyViolation", 400, Conflict, false),
            ("SomethingNew", 503, RateLimited, true),
            ("SomethingNew", 400, Provider, false),
        ] {
            let got = classify_query_error(code, StatusCode::from_u16(status).unwrap());
            assert_eq!(got, (kind, retryable), "{code}");
        }
    }
}
