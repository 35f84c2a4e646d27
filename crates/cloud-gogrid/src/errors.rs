//! GoGrid's unsuccessful HTTP answers as typed errors.

use cloud_core::Error;
use cloud_core::http::{ErrorParser, StatusCode, StatusErrorParser, header::HeaderMap};
use serde_json::Value;

use crate::model::envelope::{ApiError, api_error, to_error};

/// Reads the failure envelope of a non-2xx answer; falls back to the status alone when
/// the body is not one. `403` is `InvalidCredentials` (unknown key or bad signature),
/// `401` is `PermissionDenied` (the key's role lacks the right), `404` is `NotFound`,
/// `400` is `InvalidInput` unless the message says no object matched (`NotFound`), and
/// `5xx` is a retryable `Provider` error.
#[derive(Debug, Default, Clone, Copy)]
pub struct GoGridErrorParser;

impl ErrorParser for GoGridErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let parsed = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| api_error(&v));
        match parsed {
            Some(err) => to_error(status.as_u16(), &err),
            None if matches!(status.as_u16(), 401 | 403) => {
                let fallback = StatusErrorParser.parse(status, headers, body);
                to_error(
                    status.as_u16(),
                    &ApiError {
                        code: None,
                        message: fallback.message().to_string(),
                    },
                )
            }
            None => StatusErrorParser.parse(status, headers, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn parse(status: u16, body: &[u8]) -> Error {
        cloud_test::errors::parse_answer(&GoGridErrorParser, status, body)
    }

    #[test]
    fn statuses_without_envelope() {
        assert_eq!(
            parse(403, b"Forbidden").kind(),
            ErrorKind::InvalidCredentials
        );
        assert_eq!(parse(401, b"").kind(), ErrorKind::PermissionDenied);
        assert_eq!(parse(404, b"<html/>").kind(), ErrorKind::NotFound);
        assert_eq!(parse(400, b"bad").kind(), ErrorKind::InvalidInput);
        let e = parse(500, b"\xff\x00");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
    }

    #[test]
    fn envelope_wins_over_status() {
        let e = parse(
            400,
            br#"{"list":[{"object":"error","errorcode":"IllegalArgumentException",
                "message":"No object found that matches your input criteria."}],
                "method":"/grid/server/get","status":"failure","summary":{"total":1,"start":0,"returned":1}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.code(), Some("IllegalArgumentException"));
    }
}
