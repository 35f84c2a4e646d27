//! Elastic Load Balancing error documents and what each error code means for the caller.
//!
//! An answer is `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`;
//! the driver's EC2 calls (subnets, instances) answer EC2's `<Response><Errors>` form.
//! Both are read by [`parse_query_error`].

use cloud_aws_auth::aws_error_answer;
use cloud_aws_auth::query::{classify_query_error, parse_query_error};
use cloud_core::http::{ErrorParser, HeaderMap, StatusCode};
use cloud_core::{Error, ErrorKind};

/// Codes saying a resource of that name or that port already exists.
const EXISTS_CODES: &[&str] = &[
    "DuplicateLoadBalancerName",
    "DuplicateTargetGroupName",
    "DuplicateListener",
    "DuplicateTagKeys",
];

/// Codes saying the resource is in a state (or in use) that forbids the call.
const CONFLICT_CODES: &[&str] = &[
    "ResourceInUse",
    "OperationNotPermitted",
    "PriorityInUse",
    "TargetNotRunning",
];

/// The error kind an Elastic Load Balancing (or EC2) error code stands for, and whether
/// trying again may help.
///
/// | code | kind | retried |
/// | --- | --- | --- |
/// | `DuplicateLoadBalancerName`, `DuplicateTargetGroupName`, `DuplicateListener` | `AlreadyExists` | no |
/// | `TooManyLoadBalancers`, `TooManyTargets` and every other `TooMany*`, `TargetGroupAssociationLimit` | `QuotaExceeded` | no |
/// | `ResourceInUse`, `OperationNotPermitted`, `PriorityInUse`, `TargetNotRunning` | `Conflict` | no |
/// | `LoadBalancerNotFound`, `TargetGroupNotFound`, `ListenerNotFound`, `SubnetNotFound`, … | `NotFound` | no |
/// | `ValidationError`, `InvalidTarget`, `InvalidConfigurationRequest`, … | `InvalidInput` | no |
/// | anything else | what [`classify_query_error`] says | |
pub fn classify(code: &str, status: StatusCode) -> (ErrorKind, bool) {
    if EXISTS_CODES.contains(&code) {
        (ErrorKind::AlreadyExists, false)
    } else if code.starts_with("TooMany") || code == "TargetGroupAssociationLimit" {
        (ErrorKind::QuotaExceeded, false)
    } else if CONFLICT_CODES.contains(&code) {
        (ErrorKind::Conflict, false)
    } else {
        classify_query_error(code, status)
    }
}

/// Turns Elastic Load Balancing (and EC2) error answers into [`Error`]s with the kind
/// from [`classify`], the provider's code and message, and the request id. A body that
/// is no error document falls back to the HTTP status (503 is a retried `RateLimited`).
#[derive(Debug, Default, Clone, Copy)]
pub struct ElbErrorParser;

impl ErrorParser for ElbErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let parts = parse_query_error(body);
        aws_error_answer(status, headers, body, parts, |p| classify(&p.code, status))
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        cloud_aws_auth::AWS_REQUEST_ID_HEADERS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(code: &str) -> String {
        format!(
            "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">\
             <Error><Type>Sender</Type><Code>{code}</Code><Message>why &amp; how</Message></Error>\
             <RequestId>req-7</RequestId></ErrorResponse>"
        )
    }

    #[test]
    fn maps_codes_to_kinds() {
        use ErrorKind::*;
        for (code, status, kind, retryable) in [
            ("DuplicateLoadBalancerName", 400, AlreadyExists, false),
            ("DuplicateTargetGroupName", 400, AlreadyExists, false),
            ("DuplicateListener", 400, AlreadyExists, false),
            ("TooManyLoadBalancers", 400, QuotaExceeded, false),
            ("TooManyTargets", 400, QuotaExceeded, false),
            ("TargetGroupAssociationLimit", 400, QuotaExceeded, false),
            ("ResourceInUse", 400, Conflict, false),
            ("OperationNotPermitted", 400, Conflict, false),
            ("LoadBalancerNotFound", 400, NotFound, false),
            ("TargetGroupNotFound", 400, NotFound, false),
            ("ListenerNotFound", 400, NotFound, false),
            ("SubnetNotFound", 400, NotFound, false),
            ("InvalidInstanceID.NotFound", 400, NotFound, false),
            ("ValidationError", 400, InvalidInput, false),
            ("InvalidTarget", 400, InvalidInput, false),
            ("InvalidConfigurationRequest", 400, InvalidInput, false),
            ("UnsupportedProtocol", 400, Unsupported, false),
            ("Throttling", 400, RateLimited, true),
            ("SignatureDoesNotMatch", 403, InvalidCredentials, false),
            ("AccessDenied", 403, PermissionDenied, false),
            ("InternalFailure", 500, Provider, true),
        ] {
            let err =
                cloud_test::errors::parse_answer(&ElbErrorParser, status, doc(code).as_bytes());
            assert_eq!(err.kind(), kind, "{code}");
            assert_eq!(err.is_retryable(), retryable, "{code}");
            assert_eq!(err.code(), Some(code));
            assert_eq!(err.message(), "why & how");
            assert_eq!(err.request_id(), Some("req-7"));
        }
    }

    #[test]
    fn other_bodies_fall_back_to_the_status() {
        for body in [
            "",
            "<html>busy</html>",
            "<ErrorResponse><Error/></ErrorResponse>",
        ] {
            let err = cloud_test::errors::parse_answer(&ElbErrorParser, 503, body.as_bytes());
            assert_eq!(err.kind(), ErrorKind::RateLimited, "{body:?}");
            assert!(err.is_retryable());
            let err = cloud_test::errors::parse_answer(&ElbErrorParser, 403, body.as_bytes());
            assert!(!err.is_retryable());
        }
    }
}
