//! The token endpoint's answers (and the metadata server's, which has the same shape):
//! `{"access_token":…,"expires_in":3599,"token_type":"Bearer"}` on success,
//! `{"error":"invalid_grant","error_description":…}` on failure. Messages name fields,
//! never a token.

use std::time::{Duration, SystemTime};

use cloud_core::auth::AccessToken;
use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, first_text_line};
use cloud_core::{Error, ErrorKind, Result, Secret};
use serde::Deserialize;

/// Longest error description kept in a message.
const DESCRIPTION_LIMIT: usize = 300;

/// A successful token answer.
#[derive(Debug, Clone)]
pub struct TokenAnswer {
    /// The access token.
    pub access_token: Secret,
    /// Its lifetime in seconds, when given.
    pub expires_in: Option<u64>,
    /// `Bearer`.
    pub token_type: String,
}

impl TokenAnswer {
    /// The token, expiring `expires_in` after `now` (never, when no lifetime was given).
    pub fn into_access_token(self, now: SystemTime) -> AccessToken {
        match self.expires_in {
            Some(secs) => AccessToken::valid_for(self.access_token, now, Duration::from_secs(secs)),
            None => AccessToken::non_expiring(self.access_token),
        }
    }
}

#[derive(Deserialize)]
struct RawAnswer {
    access_token: Option<Secret>,
    expires_in: Option<serde_json::Value>,
    token_type: Option<String>,
}

/// Parses a successful answer; anything else is a `MalformedResponse` error naming
/// `origin` (`the token endpoint at …`).
pub fn parse_token_answer(body: &[u8], origin: &str) -> Result<TokenAnswer> {
    let malformed = |what: String| Error::malformed(format!("{origin} answered {what}"));
    let raw: RawAnswer = serde_json::from_slice(body).map_err(|e| {
        malformed(format!(
            "something that is not a token JSON object ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    let access_token = raw
        .access_token
        .filter(|t| !t.expose().trim().is_empty())
        .ok_or_else(|| malformed("without an access_token".into()))?;
    let token_type = raw.token_type.unwrap_or_else(|| "Bearer".to_string());
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(malformed(format!(
            "a token of type {:?}, not Bearer",
            token_type.chars().take(40).collect::<String>()
        )));
    }
    let expires_in = match raw.expires_in {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => Some(n.as_u64().ok_or_else(|| {
            malformed("an expires_in that is not a whole number of seconds".into())
        })?),
        Some(serde_json::Value::String(s)) => Some(s.trim().parse::<u64>().map_err(|_| {
            malformed("an expires_in that is not a whole number of seconds".into())
        })?),
        Some(_) => {
            return Err(malformed(
                "an expires_in that is not a whole number of seconds".into(),
            ));
        }
    };
    Ok(TokenAnswer {
        access_token,
        expires_in,
        token_type,
    })
}

#[derive(Deserialize)]
struct RawError {
    error: Option<serde_json::Value>,
    error_description: Option<String>,
}

/// The error of an unsuccessful answer with `status`. OAuth2 errors (`invalid_grant`,
/// `invalid_client`, …) are `InvalidCredentials` carrying the code and description;
/// 429 is `RateLimited`, 5xx a retryable `Provider` error.
pub fn parse_error_answer(status: u16, body: &[u8], origin: &str) -> Error {
    let (code, description) = match serde_json::from_slice::<RawError>(body) {
        Ok(raw) => {
            let code = match raw.error {
                Some(serde_json::Value::String(s)) => Some(s),
                // Some Google endpoints nest the error: {"error":{"message":…,"status":…}}.
                Some(serde_json::Value::Object(o)) => {
                    let message = o
                        .get("message")
                        .and_then(|m| m.as_str())
                        .map(str::to_string);
                    let label = o.get("status").and_then(|m| m.as_str()).map(str::to_string);
                    return finish(status_kind(status_code(status)), label, message, origin)
                        .with_status(status);
                }
                _ => None,
            };
            (code, raw.error_description)
        }
        Err(_) => (None, first_text_line(body)),
    };
    finish(status_kind(status_code(status)), code, description, origin).with_status(status)
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST)
}

/// The kind an unsuccessful token answer implies.
fn status_kind(status: StatusCode) -> ErrorKind {
    match status.as_u16() {
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Provider,
        _ => ErrorKind::InvalidCredentials,
    }
}

fn finish(
    kind: ErrorKind,
    code: Option<String>,
    description: Option<String>,
    origin: &str,
) -> Error {
    let code = code
        .map(|c| c.chars().take(60).collect::<String>())
        .filter(|c| !c.trim().is_empty());
    let description = description
        .map(|d| d.chars().take(DESCRIPTION_LIMIT).collect::<String>())
        .filter(|d| !d.trim().is_empty());
    let what = match (&code, &description) {
        (Some(c), Some(d)) => format!("{c}: {d}"),
        (Some(c), None) => c.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "no reason given".to_string(),
    };
    let mut error = Error::new(kind, format!("{origin} refused the credentials: {what}"))
        .with_retryable(matches!(kind, ErrorKind::Provider | ErrorKind::RateLimited));
    if let Some(code) = code {
        error = error.with_code(code);
    }
    error
}

/// The [`ErrorParser`] of token endpoint answers, for the HTTP pipeline.
#[derive(Debug, Clone)]
pub struct TokenErrorParser {
    origin: String,
}

impl TokenErrorParser {
    /// A parser whose errors name `origin`.
    pub fn new(origin: impl Into<String>) -> Self {
        TokenErrorParser {
            origin: origin.into(),
        }
    }
}

impl ErrorParser for TokenErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        parse_error_answer(status.as_u16(), body, &self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_answer_gives_a_token_expiring_after_expires_in() {
        let a = parse_token_answer(
            br#"{"access_token":"ya29.tok","expires_in":3599,"token_type":"Bearer"}"#,
            "t",
        )
        .unwrap();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let token = a.into_access_token(now);
        assert_eq!(token.secret.expose(), "ya29.tok");
        assert_eq!(token.expires_at, Some(now + Duration::from_secs(3599)));
        let s = parse_token_answer(br#"{"access_token":"x","expires_in":"60"}"#, "t").unwrap();
        assert_eq!(s.expires_in, Some(60));
    }

    #[test]
    fn broken_answers_are_malformed_and_never_show_the_token() {
        for body in [
            &br#"{"access_token":"ya29.secret-tok","expires_in":36"#[..],
            br#"{"expires_in":3600}"#,
            br#"{"access_token":"ya29.secret-tok","token_type":"MAC"}"#,
            br#"{"access_token":"ya29.secret-tok","expires_in":-5}"#,
            br#"{"access_token":"ya29.secret-tok","expires_in":[1]}"#,
            br#"[]"#,
            b"",
        ] {
            let e = parse_token_answer(body, "the token endpoint").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedResponse);
            assert!(!e.to_string().contains("secret-tok"), "{e}");
            assert!(e.message().starts_with("the token endpoint"), "{e}");
        }
    }

    #[test]
    fn oauth_errors_are_invalid_credentials_with_the_description() {
        let e = parse_error_answer(
            400,
            br#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#,
            "the token endpoint",
        );
        assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
        assert_eq!(e.code(), Some("invalid_grant"));
        assert!(e.message().contains("Invalid JWT Signature."), "{e}");
        assert!(!e.is_retryable());

        let e = parse_error_answer(503, b"<html><body>Unavailable</body></html>", "t");
        assert_eq!(e.kind(), ErrorKind::Provider);
        assert!(e.is_retryable());
        assert!(e.message().contains("Unavailable"), "{e}");

        let e = parse_error_answer(429, b"", "t");
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert!(e.message().contains("no reason given"), "{e}");

        let nested = br#"{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}"#;
        let e = parse_error_answer(403, nested, "t");
        assert_eq!(e.code(), Some("PERMISSION_DENIED"));
        assert!(e.message().contains("denied"), "{e}");
    }
}
