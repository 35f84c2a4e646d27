//! Cloud DNS's errors onto the core's kinds: the documents of refused calls
//! (`{"validationErrors": {"messages": [...]}, "code": 400}`, `{"code", "message",
//! "details"}`, or one wrapped in its fault's name: `{"itemNotFound": {...}}`,
//! `{"overLimit": {...}}`, `dnsFault`, `badRequest`, …) and the `error` of a job that
//! ended in `ERROR`.

use cloud_core::http::{StatusCode, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde_json::Value;

use super::jobs::{Job, JobFault};

/// Most characters of a provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 500;

/// The kind of a failure with code (an HTTP status) `code` and provider text `text`,
/// and whether trying again may help.
fn kind_for(code: u16, text: &str) -> (ErrorKind, bool) {
    let lower = text.to_ascii_lowercase();
    if lower.contains("already exist") || lower.contains("duplicate") {
        return (ErrorKind::AlreadyExists, false);
    }
    match code {
        413 if lower.contains("quota") || lower.contains("absolute limit") => {
            (ErrorKind::QuotaExceeded, false)
        }
        413 => (ErrorKind::RateLimited, true),
        500 | 502..=504 => (ErrorKind::Provider, true),
        _ => {
            let kind = StatusCode::from_u16(code)
                .map(kind_for_status)
                .unwrap_or(ErrorKind::Provider);
            (kind, false)
        }
    }
}

/// `message: details`, or whichever of them is there and says something.
fn describe(fault: &JobFault) -> Option<String> {
    fn clean(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    match (clean(&fault.message), clean(&fault.details)) {
        (Some(m), Some(d)) if m != d => Some(format!("{m}: {d}")),
        (Some(m), _) => Some(m.to_string()),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    }
}

fn cap(text: String) -> String {
    if text.chars().count() <= MAX_MESSAGE_CHARS {
        text
    } else {
        text.chars().take(MAX_MESSAGE_CHARS).collect()
    }
}

/// The text of a JSON value, when it is a string.
fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

/// The fault of an error document, with the wrapping fault's name when there is one.
fn json_fault(body: &[u8]) -> Option<(Option<String>, JobFault)> {
    let doc: Value = serde_json::from_slice(body).ok()?;
    let object = doc.as_object()?;
    let code = |o: &serde_json::Map<String, Value>| {
        o.get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
    };
    if let Some(validation) = object.get("validationErrors") {
        let messages: Vec<&str> = validation
            .get("messages")
            .and_then(Value::as_array)
            .map(|m| m.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        return Some((
            Some("validationErrors".into()),
            JobFault {
                code: code(object),
                message: Some("the request did not pass validation".into()),
                details: (!messages.is_empty()).then(|| messages.join("; ")),
            },
        ));
    }
    if object.contains_key("message") || object.contains_key("details") {
        return Some((
            None,
            JobFault {
                code: code(object),
                message: text(object.get("message")),
                details: text(object.get("details")),
            },
        ));
    }
    let (name, inner) = object.iter().next()?;
    let inner = inner.as_object()?;
    Some((
        Some(name.clone()),
        JobFault {
            code: code(inner),
            message: text(inner.get("message")),
            details: text(inner.get("details")),
        },
    ))
}

/// The error for a refused call: `status` and its body. The kind comes from the status
/// (or the document's own code) and the text (a duplicate is `AlreadyExists`); 5xx and
/// rate limits are retryable. Never panics, whatever the body.
pub fn error_answer(status: u16, body: &[u8]) -> Error {
    let (name, fault) = match json_fault(body) {
        Some((name, fault)) => (name, fault),
        None => (
            None,
            JobFault {
                code: None,
                message: cloud_core::http::first_text_line(body),
                details: None,
            },
        ),
    };
    let message = describe(&fault).unwrap_or_else(|| {
        StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("unexpected HTTP status")
            .to_string()
    });
    let code = if (400..600).contains(&status) {
        status
    } else {
        fault.code.unwrap_or(status)
    };
    let (kind, retryable) = kind_for(code, &message);
    let retryable = retryable || status == 429 || (500..600).contains(&status);
    let mut err = Error::new(kind, cap(message))
        .with_retryable(retryable)
        .with_provider(crate::PROVIDER_ID);
    if let Some(name) = name {
        err = err.with_code(name);
    }
    err
}

/// The error for a job that ended in `ERROR`, carrying the provider's reason: the faults
/// of the items that failed when the job lists them, else the job's own message and
/// details. The kind follows their code and text (`Domain already exists` is
/// `AlreadyExists`, 404 `NotFound`, 400 `InvalidInput`); the code is the provider's.
pub fn job_failure(job: &Job) -> Error {
    let error = job.error.clone().unwrap_or_default();
    let faults = error.item_faults();
    let chosen: Vec<&JobFault> = if faults.is_empty() {
        vec![&error.fault]
    } else {
        faults.iter().collect()
    };
    let texts: Vec<String> = chosen.iter().filter_map(|f| describe(f)).collect();
    let reason = if texts.is_empty() {
        describe(&error.fault).unwrap_or_else(|| "no reason given".into())
    } else {
        texts.join("; ")
    };
    let code = chosen
        .iter()
        .find_map(|f| f.code)
        .or(error.fault.code)
        .unwrap_or(500);
    let (kind, _) = kind_for(code, &reason);
    Error::new(
        kind,
        cap(format!("Cloud DNS job {} failed: {reason}", job.id)),
    )
    .with_code(code.to_string())
    .with_provider(crate::PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dns::parse_job;

    #[test]
    fn refused_calls_map_to_kinds() {
        use ErrorKind::*;
        for (status, body, kind, retryable, message) in [
            (
                404,
                r#"{"code": 404, "message": "Not Found", "details": "Object not Found."}"#,
                NotFound,
                false,
                "Not Found: Object not Found.",
            ),
            (
                400,
                r#"{"validationErrors": {"messages": ["Invalid TTL: must be >= 300", "bad name"]}, "code": 400}"#,
                InvalidInput,
                false,
                "the request did not pass validation: Invalid TTL: must be >= 300; bad name",
            ),
            (
                409,
                r#"{"code": 409, "message": "Conflict", "details": "Domain already exists"}"#,
                AlreadyExists,
                false,
                "Conflict: Domain already exists",
            ),
            (
                413,
                r#"{"overLimit": {"code": 413, "message": "Too many requests", "details": "retry later"}}"#,
                RateLimited,
                true,
                "Too many requests: retry later",
            ),
            (
                500,
                r#"{"dnsFault": {"code": 500, "message": "Internal error"}}"#,
                Provider,
                true,
                "Internal error",
            ),
            (401, "", InvalidCredentials, false, "Unauthorized"),
            (
                503,
                "<html><h1>Service Unavailable</h1></html>",
                Provider,
                true,
                "Service Unavailable",
            ),
        ] {
            let err = error_answer(status, body.as_bytes());
            assert_eq!(err.kind(), kind, "{body}");
            assert_eq!(err.is_retryable(), retryable, "{body}");
            assert_eq!(err.message(), message, "{body}");
            assert_eq!(err.provider(), Some("rackspace"));
        }
    }

    #[test]
    fn garbage_falls_back_to_the_status() {
        for body in [
            "\u{0}\u{1}",
            "{",
            "[1,2]",
            r#"{"x": 1}"#,
            r#"{"code": "x"}"#,
        ] {
            let err = error_answer(400, body.as_bytes());
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{body}");
            assert!(!err.message().is_empty());
        }
        let long = "z".repeat(5000);
        assert!(error_answer(500, long.as_bytes()).message().chars().count() <= MAX_MESSAGE_CHARS);
    }

    #[test]
    fn failed_jobs_name_the_providers_reason() {
        let job = parse_job(
            br#"{"jobId": "j-1", "status": "ERROR", "error": {"code": 500,
                 "message": "One or more items could not be added.",
                 "failedItems": {"faults": [{"code": 409, "message": "Conflict",
                 "details": "Domain already exists"}]}}}"#,
        )
        .unwrap();
        let err = job_failure(&job);
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        assert_eq!(err.code(), Some("409"));
        assert_eq!(
            err.message(),
            "Cloud DNS job j-1 failed: Conflict: Domain already exists"
        );
        let job = parse_job(
            br#"{"jobId": "j-2", "status": "ERROR", "error": {"code": 400,
                 "message": "Bad Request", "details": "Invalid data in record: name"}}"#,
        )
        .unwrap();
        let err = job_failure(&job);
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("Invalid data in record"), "{err}");
        let bare = parse_job(br#"{"jobId": "j-3", "status": "ERROR"}"#).unwrap();
        let err = job_failure(&bare);
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert!(err.message().contains("no reason given"), "{err}");
    }
}
