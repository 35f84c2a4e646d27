//! S3's error documents, `<Error><Code>…</Code><Message>…</Message>…</Error>`, turned
//! into [`Error`]s; and the region hint a redirect carries.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, kind_for_status};
use cloud_core::xml::Element;
use cloud_core::{Error, ErrorKind};

/// Most characters of a provider code or message kept.
const MAX_CODE_CHARS: usize = 64;
const MAX_MESSAGE_CHARS: usize = 300;

/// The header S3 names a bucket's region in.
pub const BUCKET_REGION_HEADER: &str = "x-amz-bucket-region";

/// Attached (as the error's source) to an error that says the bucket lives in another
/// region: a 301 redirect, or a 400 `AuthorizationHeaderMalformed` naming the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketRegion(pub String);

impl std::fmt::Display for BucketRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the bucket is in region {}", self.0)
    }
}

impl std::error::Error for BucketRegion {}

/// The region an error says the bucket is in, when it says.
pub fn region_hint(error: &Error) -> Option<&str> {
    std::error::Error::source(error)
        .and_then(|s| s.downcast_ref::<BucketRegion>())
        .map(|r| r.0.as_str())
}

/// Turns S3's error answers into [`Error`]s.
///
/// The provider code picks the kind (`NoSuchKey` → `NotFound`, `AccessDenied` →
/// `PermissionDenied`, `SignatureDoesNotMatch` → `InvalidCredentials`, `SlowDown` →
/// `RateLimited`, `BucketNotEmpty` → `Conflict`, …); an answer without a document (every
/// `HEAD`) is mapped by its status. `SlowDown`, `InternalError` and 5xx answers are
/// retryable. A redirect to another region carries a [`BucketRegion`] source.
#[derive(Debug, Default, Clone, Copy)]
pub struct S3ErrorParser;

impl ErrorParser for S3ErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let doc = Element::parse(body).ok().filter(|e| e.name == "Error");
        match doc {
            Some(doc) => from_document(status, headers, &doc),
            None => from_status(status, headers),
        }
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        cloud_aws_auth::AWS_REQUEST_ID_HEADERS
    }
}

/// The error an `<Error>` document describes (also found in 200 answers to
/// `CompleteMultipartUpload` and `CopyObject`).
pub fn from_document(status: StatusCode, headers: &HeaderMap, doc: &Element<'_>) -> Error {
    let code: String = doc
        .child_value("Code")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CODE_CHARS)
        .collect();
    let message: String = doc
        .child_value("Message")
        .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect())
        .unwrap_or_default();
    if code.is_empty() {
        return from_status(status, headers);
    }
    let (kind, retryable) = match code_kind(&code) {
        Some(found) => found,
        None => {
            let kind = if status == StatusCode::OK {
                ErrorKind::Provider
            } else {
                kind_for_status(status)
            };
            (kind, status.is_server_error())
        }
    };
    let message = match (code.as_str(), message.is_empty()) {
        ("BucketNotEmpty", _) => format!(
            "{} (delete every object in the bucket first)",
            if message.is_empty() {
                "the bucket is not empty"
            } else {
                &message
            }
        ),
        (_, true) => status
            .canonical_reason()
            .unwrap_or("S3 reported an error")
            .to_string(),
        _ => message,
    };
    let mut error = Error::new(kind, message)
        .with_code(code)
        .with_status(status.as_u16())
        .with_retryable(retryable);
    let request_id = doc
        .child_value("RequestId")
        .or_else(|| doc.child_value("RequestID"));
    if let Some(id) = request_id {
        error = error.with_request_id(id.chars().take(MAX_CODE_CHARS).collect::<String>());
    }
    let region =
        header_region(headers).or_else(|| doc.child_value("Region").and_then(valid_region));
    match region {
        Some(region) => error.with_source(BucketRegion(region.to_string())),
        None => error,
    }
}

/// The error a bare status implies (HEAD answers have no body).
fn from_status(status: StatusCode, headers: &HeaderMap) -> Error {
    let (kind, message) = match status.as_u16() {
        301 | 307 => (
            ErrorKind::Provider,
            "the bucket is in another region or behind another endpoint",
        ),
        400 => (
            ErrorKind::InvalidInput,
            "S3 rejected the request as invalid",
        ),
        403 => (
            ErrorKind::PermissionDenied,
            "access denied (or the credentials are wrong)",
        ),
        404 => (ErrorKind::NotFound, "no such bucket or key"),
        409 => (
            ErrorKind::Conflict,
            "the request conflicts with the bucket's state",
        ),
        412 => (ErrorKind::Conflict, "a precondition failed"),
        416 => (
            ErrorKind::InvalidInput,
            "the requested range is not satisfiable",
        ),
        503 => (ErrorKind::RateLimited, "S3 asked to slow down"),
        _ => (
            kind_for_status(status),
            status
                .canonical_reason()
                .unwrap_or("unexpected HTTP status"),
        ),
    };
    let retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
    let error = Error::new(kind, message)
        .with_status(status.as_u16())
        .with_retryable(retryable);
    match header_region(headers) {
        Some(region) => error.with_source(BucketRegion(region.to_string())),
        None => error,
    }
}

/// The kind and retryability of a known S3 error code.
pub fn code_kind(code: &str) -> Option<(ErrorKind, bool)> {
    use ErrorKind::*;
    Some(match code {
        "NoSuchBucket" | "NoSuchKey" | "NoSuchUpload" | "NoSuchVersion" => (NotFound, false),
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" | "InvalidObjectState" => {
            (PermissionDenied, false)
        }
        "InvalidAccessKeyId"
        | "SignatureDoesNotMatch"
        | "ExpiredToken"
        | "InvalidToken"
        | "TokenRefreshRequired"
        | "InvalidSecurity"
        | "MissingSecurityHeader"
        | "RequestTimeTooSkewed"
        | "AuthorizationQueryParametersError" => (InvalidCredentials, false),
        "SlowDown"
        | "ServiceUnavailable"
        | "Throttling"
        | "ThrottlingException"
        | "RequestLimitExceeded"
        | "TooManyRequests" => (RateLimited, true),
        "InternalError" => (Provider, true),
        "RequestTimeout" => (Timeout, true),
        "BadDigest" => (Transport, true),
        "OperationAborted" => (Conflict, true),
        "BucketNotEmpty" | "PreconditionFailed" | "InvalidBucketState" => (Conflict, false),
        "BucketAlreadyExists" | "BucketAlreadyOwnedByYou" => (AlreadyExists, false),
        "InvalidRange"
        | "EntityTooSmall"
        | "EntityTooLarge"
        | "InvalidPart"
        | "InvalidPartOrder"
        | "InvalidArgument"
        | "InvalidBucketName"
        | "KeyTooLongError"
        | "MetadataTooLarge"
        | "InvalidRequest"
        | "MalformedXML"
        | "InvalidDigest"
        | "InvalidStorageClass"
        | "InvalidLocationConstraint"
        | "IllegalLocationConstraintException"
        | "MissingContentLength"
        | "IncompleteBody"
        | "UnexpectedContent"
        | "InvalidURI" => (InvalidInput, false),
        "TooManyBuckets" | "QuotaExceeded" => (QuotaExceeded, false),
        "XAmzContentSHA256Mismatch" => (Transport, true),
        "NotImplemented" | "MethodNotAllowed" => (Unsupported, false),
        "PermanentRedirect" | "TemporaryRedirect" | "Redirect" | "AuthorizationHeaderMalformed" => {
            (Provider, false)
        }
        _ => return None,
    })
}

fn header_region(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(BUCKET_REGION_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(valid_region)
}

/// A region name as S3 sends one; anything else is ignored.
fn valid_region(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()
        && t.len() <= 32
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
    .then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::http::header::HeaderValue;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&S3ErrorParser, status, body.as_bytes())
    }

    fn doc(code: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
             <Message>m &amp; n</Message><RequestId>4442587FB7D0A2F9</RequestId>\
             <HostId>h</HostId></Error>"
        )
    }

    #[test]
    fn codes_pick_kinds() {
        for (status, code, kind, retryable) in [
            (404, "NoSuchBucket", ErrorKind::NotFound, false),
            (404, "NoSuchKey", ErrorKind::NotFound, false),
            (404, "NoSuchUpload", ErrorKind::NotFound, false),
            (403, "AccessDenied", ErrorKind::PermissionDenied, false),
            (
                403,
                "InvalidAccessKeyId",
                ErrorKind::InvalidCredentials,
                false,
            ),
            (
                403,
                "SignatureDoesNotMatch",
                ErrorKind::InvalidCredentials,
                false,
            ),
            (400, "ExpiredToken", ErrorKind::InvalidCredentials, false),
            (503, "SlowDown", ErrorKind::RateLimited, true),
            (500, "InternalError", ErrorKind::Provider, true),
            (409, "BucketNotEmpty", ErrorKind::Conflict, false),
            (
                409,
                "BucketAlreadyOwnedByYou",
                ErrorKind::AlreadyExists,
                false,
            ),
            (409, "BucketAlreadyExists", ErrorKind::AlreadyExists, false),
            (416, "InvalidRange", ErrorKind::InvalidInput, false),
            (400, "EntityTooSmall", ErrorKind::InvalidInput, false),
            (400, "InvalidPart", ErrorKind::InvalidInput, false),
            (400, "RequestTimeout", ErrorKind::Timeout, true),
            (400, "BadDigest", ErrorKind::Transport, true),
            (501, "NotImplemented", ErrorKind::Unsupported, false),
            (418, "SomethingNew", ErrorKind::Provider, false),
            (502, "SomethingNew", ErrorKind::Provider, true),
            (404, "SomethingNew", ErrorKind::NotFound, false),
        ] {
            let err = parse(status, &doc(code));
            assert_eq!(err.kind(), kind, "{code}");
            assert_eq!(err.is_retryable(), retryable, "{code}");
            assert_eq!(err.code(), Some(code));
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.request_id(), Some("4442587FB7D0A2F9"));
        }
        let err = parse(409, &doc("BucketNotEmpty"));
        assert!(err.message().contains("delete every object"), "{err}");
        assert_eq!(parse(404, &doc("NoSuchKey")).message(), "m & n");
    }

    #[test]
    fn bodiless_answers_map_by_status() {
        for (status, kind, retryable) in [
            (404, ErrorKind::NotFound, false),
            (403, ErrorKind::PermissionDenied, false),
            (400, ErrorKind::InvalidInput, false),
            (412, ErrorKind::Conflict, false),
            (416, ErrorKind::InvalidInput, false),
            (503, ErrorKind::RateLimited, true),
            (500, ErrorKind::Provider, true),
            (301, ErrorKind::Provider, false),
        ] {
            let err = parse(status, "");
            assert_eq!(err.kind(), kind, "{status}");
            assert_eq!(err.is_retryable(), retryable, "{status}");
            assert!(err.code().is_none());
        }
        // moto spells the id RequestID; garbage bodies fall back to the status.
        let err = parse(
            404,
            "<Error><Code>NoSuchKey</Code><RequestID>r1</RequestID></Error>",
        );
        assert_eq!(err.request_id(), Some("r1"));
        assert_eq!(
            parse(404, "<html>not found</html>").kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn redirects_carry_the_region() {
        let mut headers = HeaderMap::new();
        headers.insert(BUCKET_REGION_HEADER, HeaderValue::from_static("eu-west-1"));
        let err = S3ErrorParser.parse(StatusCode::MOVED_PERMANENTLY, &headers, b"");
        assert_eq!(region_hint(&err), Some("eu-west-1"));
        let body = "<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region \
                    'us-east-1' is wrong; expecting 'ap-south-1'</Message>\
                    <Region>ap-south-1</Region></Error>";
        let err = parse(400, body);
        assert_eq!(region_hint(&err), Some("ap-south-1"));
        let err = parse(400, "<Error><Code>X</Code><Region>../evil</Region></Error>");
        assert_eq!(region_hint(&err), None);
    }
}
