//! Azure AD's (and the managed identity endpoints') error answers:
//! `{"error":"invalid_client","error_description":"AADSTS7000215: …","error_codes":[7000215],"trace_id":…}`,
//! or App Service's `{"statusCode":400,"message":…}`. Only the code and description are
//! kept; the request never echoes a secret, and neither does the error.

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, first_text_line};
use cloud_core::{Error, ErrorKind};
use serde::Deserialize;

/// Longest error description kept in a message.
const DESCRIPTION_LIMIT: usize = 400;

#[derive(Deserialize)]
struct RawError {
    error: Option<serde_json::Value>,
    error_description: Option<String>,
    error_codes: Option<Vec<serde_json::Value>>,
    trace_id: Option<String>,
    correlation_id: Option<String>,
    message: Option<String>,
    #[serde(rename = "Message")]
    message_capitalised: Option<String>,
}

/// The error of an unsuccessful answer with `status` from `origin`. OAuth2 errors
/// (`invalid_client`, `unauthorized_client`, `invalid_request`, …) and other 4xx are
/// `InvalidCredentials` carrying the code (the `AADSTS` number when given) and the
/// description; 429 is `RateLimited`, 5xx a retryable `Provider` error.
pub fn parse_error_answer(status: u16, body: &[u8], origin: &str) -> Error {
    let kind = match status {
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Provider,
        _ => ErrorKind::InvalidCredentials,
    };
    let (code, description, request_id) = match serde_json::from_slice::<RawError>(body) {
        Ok(raw) => {
            let code = match raw.error {
                Some(serde_json::Value::String(s)) => Some(s),
                Some(serde_json::Value::Object(o)) => {
                    o.get("code").and_then(|c| c.as_str()).map(str::to_string)
                }
                _ => None,
            };
            let aadsts = raw
                .error_codes
                .unwrap_or_default()
                .first()
                .and_then(serde_json::Value::as_u64)
                .map(|n| format!("AADSTS{n}"));
            let description = raw
                .error_description
                .or(raw.message)
                .or(raw.message_capitalised);
            let code = match (code, aadsts) {
                (Some(c), Some(a)) => Some(format!("{c} ({a})")),
                (c, a) => c.or(a),
            };
            (code, description, raw.trace_id.or(raw.correlation_id))
        }
        Err(_) => (None, first_text_line(body), None),
    };
    let code = code
        .map(|c| c.chars().take(80).collect::<String>())
        .filter(|c| !c.trim().is_empty());
    let description = description
        .map(|d| {
            first_line(&d)
                .chars()
                .take(DESCRIPTION_LIMIT)
                .collect::<String>()
        })
        .filter(|d| !d.trim().is_empty());
    let what = match (&code, &description) {
        (Some(c), Some(d)) => format!("{c}: {d}"),
        (Some(c), None) => c.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "no reason given".to_string(),
    };
    let mut error = Error::new(kind, format!("{origin} refused: {what} (HTTP {status})"))
        .with_retryable(matches!(kind, ErrorKind::Provider | ErrorKind::RateLimited))
        .with_status(status);
    if let Some(code) = code {
        error = error.with_code(code);
    }
    if let Some(id) = request_id.filter(|id| is_plain_id(id)) {
        error = error.with_request_id(id);
    }
    error
}

/// Azure AD descriptions run over several lines (trace and correlation ids,
/// timestamp): the first carries the reason.
fn first_line(text: &str) -> &str {
    text.split(['\r', '\n']).next().unwrap_or_default().trim()
}

fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The [`ErrorParser`] of Azure AD and managed identity answers, for the HTTP pipeline.
#[derive(Debug, Clone)]
pub struct AadErrorParser {
    origin: String,
}

impl AadErrorParser {
    /// A parser whose errors name `origin`.
    pub fn new(origin: impl Into<String>) -> Self {
        AadErrorParser {
            origin: origin.into(),
        }
    }
}

impl ErrorParser for AadErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        parse_error_answer(status.as_u16(), body, &self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aad_errors_are_invalid_credentials_with_code_and_description() {
        let body = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0a1b\r\nCorrelation ID: 2c3d","error_codes":[7000215],"timestamp":"2024-01-01 00:00:00Z","trace_id":"0a1b-2c3d","correlation_id":"4e5f"}"#;
        let e = parse_error_answer(401, body, "the token endpoint");
        assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
        assert_eq!(e.code(), Some("invalid_client (AADSTS7000215)"));
        assert_eq!(e.status(), Some(401));
        assert_eq!(e.request_id(), Some("0a1b-2c3d"));
        assert!(
            e.message()
                .contains("AADSTS7000215: Invalid client secret provided."),
            "{e}"
        );
        assert!(!e.message().contains("Trace ID"), "{e}");
        assert!(!e.is_retryable());
    }

    #[test]
    fn throttling_outages_and_other_shapes() {
        let e = parse_error_answer(429, b"", "t");
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert!(e.is_retryable());
        assert!(e.message().contains("no reason given"), "{e}");

        let e = parse_error_answer(503, b"<html><body>Service Unavailable</body></html>", "t");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
        assert!(e.message().contains("Service Unavailable"), "{e}");

        let app_service = br#"{"statusCode":400,"message":"No managed identity found"}"#;
        let e = parse_error_answer(400, app_service, "t");
        assert!(e.message().contains("No managed identity found"), "{e}");

        let nested = br#"{"error":{"code":"InvalidAuthenticationToken","message":"x"}}"#;
        assert_eq!(
            parse_error_answer(401, nested, "t").code(),
            Some("InvalidAuthenticationToken")
        );
    }
}
