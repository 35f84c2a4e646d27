//! Cloud Load Balancers' error documents: `{"message", "code", "details"}` at the top
//! (or wrapped in the fault's name: `{"itemNotFound": {…}}`, `{"overLimit": {…,
//! "retryAfter"}}`), with `validationErrors.messages` on a validation failure, or plain
//! text and HTML from the proxies in front. See "Faults" of the API v1.0 reference.

use std::time::Duration;

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde_json::{Map, Value};

/// The code an error carries when the balancer cannot be changed in its current status
/// (the API's `immutableEntity` fault, status 422).
pub const IMMUTABLE: &str = "immutableEntity";

/// Most characters of a provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 500;

/// The pipeline's parser of Cloud Load Balancers' error answers.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClbErrorParser;

impl ErrorParser for ClbErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        parse_error(status.as_u16(), body)
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        &["x-response-id", "x-openstack-request-id", "x-request-id"]
    }
}

/// Whether `err` says the balancer is in a status that takes no changes right now.
pub fn is_immutable(err: &Error) -> bool {
    err.code() == Some(IMMUTABLE)
}

/// The error an answer with HTTP `status` and `body` stands for:
///
/// - 404 and 410 (`itemNotFound`, a deleted balancer): `NotFound`;
/// - 422 saying the balancer is immutable: `Conflict` with code [`IMMUTABLE`];
/// - "Duplicate nodes detected" (whatever the status): `AlreadyExists`;
/// - 413 `overLimit`: `RateLimited`, retryable, after `retryAfter` seconds when given;
///   413 saying a node limit is reached: `QuotaExceeded`;
/// - 400 and other 422s: `InvalidInput`, with the validation messages;
/// - 5xx: `Provider`, retryable; anything else by its status.
pub fn parse_error(status: u16, body: &[u8]) -> Error {
    let status_code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let doc: Option<Value> = serde_json::from_slice(body).ok();
    let (fault, fields) = match doc.as_ref().and_then(Value::as_object) {
        Some(top) => fault_fields(top),
        None => (None, None),
    };
    let mut message = fields.map(describe).unwrap_or_default();
    if message.is_empty() {
        message = cloud_core::http::first_text_line(body).unwrap_or_else(|| {
            status_code
                .canonical_reason()
                .unwrap_or("unexpected HTTP status")
                .to_string()
        });
    }
    let message: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    let lower = message.to_ascii_lowercase();
    let server = status_code.is_server_error();
    let (kind, code, retryable) = if lower.contains("duplicate nodes") {
        (
            ErrorKind::AlreadyExists,
            Some("duplicateNodes".to_string()),
            false,
        )
    } else if fault.as_deref() == Some(IMMUTABLE) || (status == 422 && lower.contains("immutable"))
    {
        (ErrorKind::Conflict, Some(IMMUTABLE.to_string()), false)
    } else if status == 413 && (lower.contains("must not exceed") || lower.contains("limit of")) {
        (ErrorKind::QuotaExceeded, fault, false)
    } else if status == 413 || fault.as_deref() == Some("overLimit") {
        (ErrorKind::RateLimited, Some("overLimit".to_string()), true)
    } else {
        let kind = match status {
            410 => ErrorKind::NotFound,
            _ => kind_for_status(status_code),
        };
        (kind, fault, server || status == 429)
    };
    let mut err = Error::new(kind, message).with_retryable(retryable || server);
    if let Some(code) = code {
        err = err.with_code(code);
    }
    if let Some(after) = fields.and_then(retry_after) {
        err = err.with_retry_after(after);
    }
    err
}

/// The fault's name and its fields: the top object itself when it carries `message`,
/// else the one object member it wraps (`{"itemNotFound": {…}}`).
fn fault_fields(top: &Map<String, Value>) -> (Option<String>, Option<&Map<String, Value>>) {
    if top.contains_key("message") {
        return (None, Some(top));
    }
    let mut members = top
        .iter()
        .filter_map(|(k, v)| v.as_object().map(|o| (k, o)));
    match (members.next(), members.next()) {
        (Some((name, inner)), None) => (Some(name.clone()), Some(inner)),
        _ => (None, None),
    }
}

/// `message` (a string or a list), the validation messages and `details`, joined.
fn describe(fields: &Map<String, Value>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => parts.push(s.trim().to_string()),
        Value::Array(items) => parts.extend(
            items
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string()),
        ),
        _ => {}
    };
    if let Some(m) = fields.get("message") {
        push(m);
    }
    if let Some(list) = fields
        .get("validationErrors")
        .and_then(|v| v.get("messages"))
    {
        push(list);
    }
    if let Some(d) = fields.get("details") {
        push(d);
    }
    parts.join(": ")
}

/// `retryAfter` as whole seconds, when it is a number (or a string of one).
fn retry_after(fields: &Map<String, Value>) -> Option<Duration> {
    let secs = match fields.get("retryAfter")? {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        _ => return None,
    };
    Some(Duration::from_secs(secs.min(3600)))
}
