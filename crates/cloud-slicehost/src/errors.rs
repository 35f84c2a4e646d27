//! Slicehost error answers as typed errors.
//!
//! Slicehost answered failures the Rails way: a `422` (or other status) with
//! `<errors><error>Name can't be blank</error>…</errors>`, a `401` whose body is the
//! text `HTTP Basic: Access denied.`, and a `404` for an id that does not exist.

use cloud_core::http::{
    ErrorParser, StatusCode, StatusErrorParser, header::HeaderMap, kind_for_status,
};
use cloud_core::{Error, ErrorKind};

use crate::model::parse_error_document;

/// Turns Slicehost's unsuccessful answers into errors.
#[derive(Debug, Default, Clone, Copy)]
pub struct SlicehostErrorParser;

impl ErrorParser for SlicehostErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        if status == StatusCode::UNAUTHORIZED {
            return Error::new(
                ErrorKind::InvalidCredentials,
                "HTTP Basic: Access denied. (check the Slicehost API key and that API access \
                 is enabled in the SliceManager)",
            );
        }
        match parse_error_document(body) {
            Some(messages) if !messages.is_empty() => {
                let text = messages.join("; ");
                let kind = if text.to_ascii_lowercase().contains("permission denied") {
                    ErrorKind::PermissionDenied
                } else {
                    kind_for_status(status)
                };
                Error::new(kind, text).with_retryable(retryable)
            }
            _ if status == StatusCode::NOT_FOUND => {
                Error::new(ErrorKind::NotFound, "no such resource at Slicehost")
            }
            _ => StatusErrorParser.parse(status, headers, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &[u8]) -> Error {
        cloud_test::errors::parse_answer(&SlicehostErrorParser, status, body)
    }

    #[test]
    fn maps_rails_errors_document() {
        let e = parse(
            422,
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n  <error>Flavor is invalid</error>\n  <error>Name can't be blank</error>\n</errors>\n",
        );
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.message(), "Flavor is invalid; Name can't be blank");
        assert!(!e.is_retryable());
    }

    #[test]
    fn maps_permission_errors() {
        let e = parse(
            422,
            b"<errors><error>You must enable slice deletes in the SliceManager</error><error>Permission denied</error></errors>",
        );
        assert_eq!(e.kind(), ErrorKind::PermissionDenied);
    }

    #[test]
    fn maps_basic_auth_denial() {
        let e = parse(401, b"HTTP Basic: Access denied.\n");
        assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
        assert!(e.message().contains("Access denied"));
    }

    #[test]
    fn maps_statuses_and_garbage() {
        assert_eq!(parse(404, b"").kind(), ErrorKind::NotFound);
        assert_eq!(parse(404, b"<html>gone</html>").kind(), ErrorKind::NotFound);
        let e = parse(500, b"\x00\xff<errors");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
        let e = parse(503, b"<errors><error>down for maintenance</error></errors>");
        assert!(e.is_retryable());
        assert_eq!(e.message(), "down for maintenance");
        assert_eq!(
            parse(422, b"<errors></errors>").kind(),
            ErrorKind::InvalidInput
        );
    }
}
