//! EC2 error documents and what each error code means for the caller.
//!
//! An EC2 error answer is
//! `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`,
//! with or without a namespace (moto adds one, AWS does not). Elements are read by local
//! name, so both parse the same.

use cloud_aws_auth::query::{classify_query_error, parse_query_error};
use cloud_aws_auth::{AwsErrorParts, aws_error_answer};
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_core::{Error, ErrorKind};

/// The code AWS answers a dry run with when the real call would have succeeded.
pub const DRY_RUN_OPERATION: &str = "DryRunOperation";

/// The error kind an EC2 error code stands for, and whether trying again may help:
/// `DryRunOperation` is a `Provider` error (see [`is_dry_run_success`]), every other code
/// means what [`classify_query_error`] says (`*.NotFound` is `NotFound`, `Throttling` a
/// retried `RateLimited`, …).
pub fn classify(code: &str, status: StatusCode) -> (ErrorKind, bool) {
    if code == DRY_RUN_OPERATION {
        (ErrorKind::Provider, false)
    } else {
        classify_query_error(code, status)
    }
}

/// Whether `err` is AWS saying that a dry run (`"dry_run": true` in the create
/// options) would have succeeded: the code `DryRunOperation`.
pub fn is_dry_run_success(err: &Error) -> bool {
    err.code() == Some(DRY_RUN_OPERATION)
}

/// Turns EC2 error answers into [`Error`]s with the kind from [`classify`], the
/// provider's code and message, and the `<RequestID>`.
///
/// A body that is not an EC2 error document falls back to the HTTP status: 503 (how
/// AWS answers when it throttles without a document) is `RateLimited` and retried,
/// other 5xx are retried `Provider` errors, 4xx follow the usual status mapping.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ec2ErrorParser;

impl ErrorParser for Ec2ErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let parts = parse_error_document(body);
        aws_error_answer(status, headers, body, parts, |p| classify(&p.code, status))
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        cloud_aws_auth::AWS_REQUEST_ID_HEADERS
    }
}

/// Reads an EC2 error document (see [`parse_query_error`]): its `<Code>`, its
/// `<Message>` (cut to a sane length, or the code when there is none) and its
/// `<RequestID>`; `None` when the body is not one.
pub fn parse_error_document(body: &[u8]) -> Option<AwsErrorParts> {
    parse_query_error(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(code: &str, namespaced: bool) -> String {
        let ns = if namespaced {
            r#" xmlns="http://ec2.amazonaws.com/doc/2016-11-15""#
        } else {
            ""
        };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Response{ns}><Errors><Error><Code>{code}</Code><Message>because &amp; why</Message></Error></Errors><RequestID>req-9</RequestID></Response>"#
        )
    }

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&Ec2ErrorParser, status, body.as_bytes())
    }

    #[test]
    fn maps_codes_to_kinds() {
        use ErrorKind::*;
        for (code, status, kind, retryable) in [
            ("AuthFailure", 401, InvalidCredentials, false),
            ("InvalidClientTokenId", 403, InvalidCredentials, false),
            ("SignatureDoesNotMatch", 403, InvalidCredentials, false),
            ("UnauthorizedOperation", 403, PermissionDenied, false),
            ("OptInRequired", 401, PermissionDenied, false),
            ("Blocked", 403, PermissionDenied, false),
            ("RequestLimitExceeded", 503, RateLimited, true),
            ("Throttling", 400, RateLimited, true),
            ("InsufficientInstanceCapacity", 500, QuotaExceeded, true),
            ("InstanceLimitExceeded", 400, QuotaExceeded, false),
            ("VolumeLimitExceeded", 400, QuotaExceeded, false),
            ("InvalidInstanceID.NotFound", 400, NotFound, false),
            ("InvalidAMIID.NotFound", 400, NotFound, false),
            ("InvalidKeyPair.Duplicate", 400, AlreadyExists, false),
            ("InvalidInstanceID.Malformed", 400, InvalidInput, false),
            ("InvalidParameterValue", 400, InvalidInput, false),
            ("MissingParameter", 400, InvalidInput, false),
            ("InvalidParameterCombination", 400, InvalidInput, false),
            ("InvalidBlockDeviceMapping", 400, InvalidInput, false),
            ("IdempotentParameterMismatch", 400, Conflict, false),
            ("IncorrectState", 400, Conflict, false),
            ("IncorrectInstanceState", 400, Conflict, false),
            ("VolumeInUse", 400, Conflict, false),
            ("UnsupportedOperation", 400, Unsupported, false),
            ("DryRunOperation", 412, Provider, false),
            ("InternalError", 500, Provider, true),
            ("ServiceUnavailable", 503, RateLimited, true),
            ("Unavailable", 503, RateLimited, true),
            ("SomethingNew", 400, Provider, false),
            ("SomethingNew", 502, Provider, true),
        ] {
            for namespaced in [false, true] {
                let err = parse(status, &doc(code, namespaced));
                assert_eq!(err.kind(), kind, "{code}");
                assert_eq!(err.is_retryable(), retryable, "{code}");
                assert_eq!(err.code(), Some(code));
                assert_eq!(err.message(), "because & why");
                assert_eq!(err.request_id(), Some("req-9"));
                assert_eq!(err.status(), Some(status));
            }
        }
    }

    #[test]
    fn dry_run_is_recognisable() {
        let err = parse(412, &doc("DryRunOperation", true));
        assert!(is_dry_run_success(&err));
        assert!(!is_dry_run_success(&parse(400, &doc("AuthFailure", false))));
    }

    #[test]
    fn other_bodies_fall_back_to_the_status() {
        for body in [
            "",
            "<html>oops</html>",
            "<Response><Errors/></Response>",
            "<Resp",
        ] {
            let err = parse(503, body);
            assert_eq!(err.kind(), ErrorKind::RateLimited, "{body:?}");
            assert!(err.is_retryable());
            let err = parse(500, body);
            assert_eq!(err.kind(), ErrorKind::Provider);
            assert!(err.is_retryable());
            let err = parse(401, body);
            assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
            assert!(!err.is_retryable());
            assert_eq!(err.status(), Some(401));
        }
    }

    #[test]
    fn request_id_spellings_and_bare_error_elements() {
        let d = parse_error_document(
            b"<ErrorResponse><Error><Code>X</Code></Error><RequestId>r</RequestId></ErrorResponse>",
        )
        .unwrap();
        assert_eq!(d.code, "X");
        assert_eq!(d.message, "X");
        assert_eq!(d.request_id.as_deref(), Some("r"));
        let long = "m".repeat(2000);
        let d = parse_error_document(
            format!("<Response><Errors><Error><Code>C</Code><Message>{long}</Message></Error></Errors></Response>")
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(d.message.len(), 500);
        assert_eq!(d.request_id, None);
    }
}
