//! Cloud Servers faults as typed errors.
//!
//! Every unsuccessful answer carries a fault document in the format asked for, its root
//! naming the fault: `itemNotFound` (404), `badRequest` (400), `unauthorized` (401),
//! `overLimit` (413, with `retryAfter`), `buildInProgress` and
//! `backupOrResizeInProgress` (409), `resizeNotAllowed` (403), `badMediaType` (415),
//! `badMethod` (405), `notImplemented` (501), `serviceUnavailable` and
//! `serverCapacityUnavailable` (503), and the generic `cloudServersFault` (500, 400, …).

use std::time::{Duration, SystemTime};

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, StatusErrorParser, kind_for_status};
use cloud_core::{Error, ErrorKind};

use crate::model::{Fault, parse_fault};

/// Turns Cloud Servers' unsuccessful answers into errors.
#[derive(Debug, Default, Clone, Copy)]
pub struct FirstGenErrorParser;

impl ErrorParser for FirstGenErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        match parse_fault(body) {
            Some(fault) => fault_error(&fault, status, SystemTime::now()),
            None if status == StatusCode::UNAUTHORIZED => unauthorized(),
            None if status == StatusCode::NOT_FOUND => {
                Error::new(ErrorKind::NotFound, "no such resource at Cloud Servers")
            }
            None if status == StatusCode::PAYLOAD_TOO_LARGE => {
                Error::new(ErrorKind::RateLimited, "over a Cloud Servers limit")
                    .with_retryable(true)
            }
            None => StatusErrorParser.parse(status, headers, body),
        }
    }
}

/// The error of a fault answered with `status`, at `now` (which a `retryAfter` time is
/// counted from).
pub fn fault_error(fault: &Fault, status: StatusCode, now: SystemTime) -> Error {
    let (kind, retryable) = match fault.name.as_str() {
        "itemNotFound" => (ErrorKind::NotFound, false),
        "badRequest" | "badMediaType" => (ErrorKind::InvalidInput, false),
        "unauthorized" => return unauthorized(),
        "overLimit" => (ErrorKind::RateLimited, true),
        "buildInProgress" | "backupOrResizeInProgress" => (ErrorKind::Conflict, false),
        "resizeNotAllowed" => (ErrorKind::PermissionDenied, false),
        "badMethod" | "notImplemented" => (ErrorKind::Unsupported, false),
        "serverCapacityUnavailable" => (ErrorKind::QuotaExceeded, true),
        "serviceUnavailable" => (ErrorKind::Provider, true),
        _ => (
            kind_for_status(status),
            status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS,
        ),
    };
    let mut message = if fault.message.is_empty() {
        fault.name.clone()
    } else {
        fault.message.clone()
    };
    if let Some(details) = &fault.details
        && details != &fault.message
    {
        message.push_str(&format!(" ({details})"));
    }
    if let Some(at) = &fault.retry_after {
        message.push_str(&format!("; retry after {at}"));
    }
    let mut error = Error::new(kind, message)
        .with_code(fault.name.clone())
        .with_retryable(retryable);
    if let Some(delay) = fault
        .retry_after
        .as_deref()
        .and_then(|at| delay_until(at, now))
    {
        error = error.with_retry_after(delay);
    }
    error
}

/// How long from `now` until `at` (an ISO 8601 time); zero once it has passed, `None`
/// when `at` is not a time.
fn delay_until(at: &str, now: SystemTime) -> Option<Duration> {
    let at = chrono::DateTime::parse_from_rfc3339(at.trim()).ok()?;
    let at = SystemTime::from(at.with_timezone(&chrono::Utc));
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The error of a refused token that a fresh login did not cure.
fn unauthorized() -> Error {
    Error::new(
        ErrorKind::InvalidCredentials,
        "Cloud Servers refused the token even after logging in again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &[u8]) -> Error {
        cloud_test::errors::parse_answer(&FirstGenErrorParser, status, body)
    }

    #[test]
    fn faults_map_to_kinds() {
        let cases: &[(u16, &str, ErrorKind, bool)] = &[
            (404, "itemNotFound", ErrorKind::NotFound, false),
            (400, "badRequest", ErrorKind::InvalidInput, false),
            (401, "unauthorized", ErrorKind::InvalidCredentials, false),
            (409, "buildInProgress", ErrorKind::Conflict, false),
            (409, "backupOrResizeInProgress", ErrorKind::Conflict, false),
            (403, "resizeNotAllowed", ErrorKind::PermissionDenied, false),
            (405, "badMethod", ErrorKind::Unsupported, false),
            (501, "notImplemented", ErrorKind::Unsupported, false),
            (503, "serviceUnavailable", ErrorKind::Provider, true),
            (
                503,
                "serverCapacityUnavailable",
                ErrorKind::QuotaExceeded,
                true,
            ),
            (500, "cloudServersFault", ErrorKind::Provider, true),
            (400, "cloudServersFault", ErrorKind::InvalidInput, false),
        ];
        for (status, name, kind, retryable) in cases {
            let json = format!(r#"{{"{name}": {{"code": {status}, "message": "m-{name}"}}}}"#);
            let xml = format!(
                r#"<{name} xmlns="http://docs.rackspacecloud.com/servers/api/v1.0" code="{status}"><message>m-{name}</message></{name}>"#
            );
            for body in [json, xml] {
                let e = parse(*status, body.as_bytes());
                assert_eq!(e.kind(), *kind, "{body}");
                assert_eq!(e.is_retryable(), *retryable, "{body}");
                if *name != "unauthorized" {
                    assert_eq!(e.code(), Some(*name));
                    assert!(e.message().starts_with(&format!("m-{name}")), "{e}");
                }
            }
        }
    }

    #[test]
    fn over_limit_waits_until_retry_after() {
        let fault = parse_fault(
            br#"{"overLimit": {"code": 413, "message": "Too many requests", "retryAfter": "2010-08-01T00:01:30Z"}}"#,
        )
        .unwrap();
        let now =
            SystemTime::from(chrono::DateTime::parse_from_rfc3339("2010-08-01T00:00:00Z").unwrap());
        let e = fault_error(&fault, StatusCode::PAYLOAD_TOO_LARGE, now);
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert!(e.is_retryable());
        assert_eq!(e.retry_after(), Some(Duration::from_secs(90)));
        assert!(
            e.message().contains("retry after 2010-08-01T00:01:30Z"),
            "{e}"
        );
        let later = now + Duration::from_secs(600);
        assert_eq!(
            fault_error(&fault, StatusCode::PAYLOAD_TOO_LARGE, later).retry_after(),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn details_are_kept_and_garbage_is_read_from_the_status() {
        let e = parse(
            400,
            br#"{"badRequest": {"code": 400, "message": "Invalid flavorId", "details": "flavor 999"}}"#,
        );
        assert_eq!(e.message(), "Invalid flavorId (flavor 999)");
        assert_eq!(parse(404, b"").kind(), ErrorKind::NotFound);
        assert_eq!(parse(401, b"<html>").kind(), ErrorKind::InvalidCredentials);
        assert_eq!(parse(413, b"").kind(), ErrorKind::RateLimited);
        let e = parse(502, b"\x00\xff{\"a\"");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
    }
}
