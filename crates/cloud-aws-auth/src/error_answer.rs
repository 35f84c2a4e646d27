//! What every AWS driver does with an error answer once its own parser has read (or
//! failed to read) the service's error document.

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, StatusErrorParser};
use cloud_core::{Error, ErrorKind};

/// The parts of an AWS error document, as a service's parser read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsErrorParts {
    /// The error code (`Throttling`, `NoSuchHostedZone`, …).
    pub code: String,
    /// The message (or the code when there is none).
    pub message: String,
    /// The request id from the document, when it has one.
    pub request_id: Option<String>,
}

/// The portable error for an AWS error answer: with `parts` (the service's error document
/// read), the kind and retryability `classify` gives, the code, message, status and
/// request id; without (a body that is no error document), the HTTP status's usual
/// mapping, 503 being `RateLimited` and retried as AWS means it.
pub fn aws_error_answer(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    parts: Option<AwsErrorParts>,
    classify: impl FnOnce(&AwsErrorParts) -> (ErrorKind, bool),
) -> Error {
    if let Some(parts) = parts {
        let (kind, retryable) = classify(&parts);
        let mut err = Error::new(kind, parts.message)
            .with_code(parts.code)
            .with_status(status.as_u16())
            .with_retryable(retryable);
        if let Some(id) = parts.request_id {
            err = err.with_request_id(id);
        }
        return err;
    }
    let fallback = StatusErrorParser.parse(status, headers, body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return Error::new(ErrorKind::RateLimited, fallback.message().to_string())
            .with_status(status.as_u16())
            .with_retryable(true);
    }
    fallback.with_status(status.as_u16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_classified_and_keeps_its_request_id() {
        let parts = AwsErrorParts {
            code: "Throttling".into(),
            message: "slow down".into(),
            request_id: Some("req-1".into()),
        };
        let err = aws_error_answer(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            b"",
            Some(parts),
            |p| {
                assert_eq!(p.code, "Throttling");
                (ErrorKind::RateLimited, true)
            },
        );
        assert_eq!(err.kind(), ErrorKind::RateLimited);
        assert!(err.is_retryable());
        assert_eq!(err.code(), Some("Throttling"));
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(err.status(), Some(400));
    }

    #[test]
    fn without_a_document_503_is_a_retried_rate_limit() {
        let err = aws_error_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &HeaderMap::new(),
            b"<html>busy</html>",
            None,
            |_| unreachable!("no document to classify"),
        );
        assert_eq!(err.kind(), ErrorKind::RateLimited);
        assert!(err.is_retryable());
        let err = aws_error_answer(StatusCode::NOT_FOUND, &HeaderMap::new(), b"", None, |_| {
            unreachable!("no document to classify")
        });
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.status(), Some(404));
    }
}
