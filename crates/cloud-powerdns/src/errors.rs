//! PowerDNS's error answers: `{"error": "…", "errors": […]}` from the API, or a bare
//! status word (`Not Found`, `Conflict`, `Unauthorized`) in plain text from its web
//! server; and the context put on errors raised before any request.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde::Deserialize;

use crate::PROVIDER_ID;

/// Most characters of the message taken from an answer.
const MAX_MESSAGE_CHARS: usize = 300;

/// Most entries of an `errors` list put into the message.
const MAX_DETAILS: usize = 5;

/// What an answer to a refused API key says (the key itself never appears).
pub(crate) const REFUSED_KEY: &str = "the PowerDNS API refused the API key";

#[derive(Debug, Deserialize)]
struct Envelope {
    error: String,
    #[serde(default)]
    errors: Vec<String>,
}

/// Turns PowerDNS's error answers into [`Error`]s.
///
/// 401 and 403 are `InvalidCredentials` with one fixed message (the key was refused);
/// 404 `NotFound`, 409 `AlreadyExists`, 400 and 422 `InvalidInput`, other statuses as
/// their kind says (5xx `Provider`, retryable). The message is the answer's `error`
/// (and its `errors` list), else its first line of text, else the status's reason.
#[derive(Debug, Default, Clone, Copy)]
pub struct PowerDnsErrorParser;

impl ErrorParser for PowerDnsErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        let code = status.as_u16();
        let kind = match code {
            401 | 403 => ErrorKind::InvalidCredentials,
            409 => ErrorKind::AlreadyExists,
            _ => kind_for_status(status),
        };
        let message = if kind == ErrorKind::InvalidCredentials {
            REFUSED_KEY.to_string()
        } else {
            message(body).unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("unexpected HTTP status")
                    .to_string()
            })
        };
        let retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        Error::new(kind, message)
            .with_status(code)
            .with_retryable(retryable)
    }
}

/// The message of an error answer: the envelope's `error` and `errors`, or the first
/// line of a text body; `None` when the body says nothing.
fn message(body: &[u8]) -> Option<String> {
    if let Ok(envelope) = serde_json::from_slice::<Envelope>(body) {
        let mut parts = vec![envelope.error];
        parts.extend(envelope.errors.into_iter().take(MAX_DETAILS));
        let parts: Vec<String> = parts
            .iter()
            .map(|p| one_line(p))
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            return Some(cut(&parts.join("; ")));
        }
    }
    let text = String::from_utf8_lossy(body);
    let first = one_line(text.lines().next().unwrap_or(""));
    (!first.is_empty()).then(|| cut(&first))
}

/// `text` on one line: control characters become spaces, runs of spaces one.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_MESSAGE_CHARS).collect()
}

/// Puts this driver's name and the operation on an error raised before any request.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(PROVIDER_ID, operation)
}

/// `err` with `message` instead of its own, everything else kept: for answers whose
/// own message is a bare status word (`Not Found`) where the call knows what was missing.
pub(crate) fn reworded(err: Error, message: String) -> Error {
    let mut out = Error::new(err.kind(), message).with_retryable(err.is_retryable());
    if let Some(status) = err.status() {
        out = out.with_status(status);
    }
    if let Some(provider) = err.provider() {
        out = out.with_provider(provider);
    }
    if let Some(operation) = err.operation() {
        out = out.with_operation(operation);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&PowerDnsErrorParser, status, body.as_bytes())
    }

    #[test]
    fn statuses_map_to_kinds() {
        for (status, kind, retryable) in [
            (400, ErrorKind::InvalidInput, false),
            (404, ErrorKind::NotFound, false),
            (409, ErrorKind::AlreadyExists, false),
            (422, ErrorKind::InvalidInput, false),
            (429, ErrorKind::RateLimited, true),
            (500, ErrorKind::Provider, true),
            (503, ErrorKind::Provider, true),
        ] {
            let err = parse(status, r#"{"error": "because"}"#);
            assert_eq!(err.kind(), kind, "{status}");
            assert_eq!(err.is_retryable(), retryable, "{status}");
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.message(), "because");
        }
    }

    #[test]
    fn a_refused_key_is_one_clear_message() {
        for status in [401, 403] {
            for body in ["Unauthorized", r#"{"error": "key abc123 is wrong"}"#, ""] {
                let err = parse(status, body);
                assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
                assert_eq!(err.message(), "the PowerDNS API refused the API key");
                assert_eq!(err.status(), Some(status));
                assert!(!err.is_retryable());
            }
        }
    }

    #[test]
    fn plain_text_and_detail_lists_are_read() {
        assert_eq!(parse(404, "Not Found").message(), "Not Found");
        assert_eq!(parse(409, "Conflict\n").message(), "Conflict");
        assert_eq!(parse(404, "").message(), "Not Found");
        let err = parse(
            422,
            r#"{"error": "RRset www.example.org. IN A: bad", "errors": ["one", "two\nlines"]}"#,
        );
        assert_eq!(
            err.message(),
            "RRset www.example.org. IN A: bad; one; two lines"
        );
        let long = "x".repeat(5000);
        let err = parse(422, &format!(r#"{{"error": "{long}"}}"#));
        assert_eq!(err.message().len(), MAX_MESSAGE_CHARS);
        for body in [
            "{\"error\":",
            "\u{0}\u{1}",
            "<html>oops</html>",
            "{\"error\": 5}",
        ] {
            let err = parse(502, body);
            assert_eq!(err.kind(), ErrorKind::Provider, "{body:?}");
            assert!(!err.message().contains('\n'));
        }
    }

    #[test]
    fn rewording_keeps_the_rest() {
        let err = parse(404, "Not Found").in_context(PROVIDER_ID, "get_zone");
        let err = reworded(err, "no zone x.".into());
        assert_eq!(err.message(), "no zone x.");
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.operation(), Some("get_zone"));
    }
}
