//! The envelope every GoGrid answer comes in:
//! `{"list": [...], "method": "/grid/server/list", "status": "success", "summary": {...}}`.
//!
//! A failed call has `"status": "failure"` and an error object in `list`:
//! `{"object": "error", "errorcode": "...", "message": "..."}`. Paged lists report
//! `summary.numpages`, `returned`, `start` and `total`.

use cloud_core::{Error, ErrorKind, Result};
use serde_json::Value;

/// Paging facts of a list answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages in all when the list was paged (`num_items` given); 0 otherwise.
    pub numpages: u64,
    /// Items in this answer.
    pub returned: u64,
    /// Index of the first item of this answer.
    pub start: u64,
    /// Items in the whole list.
    pub total: u64,
}

impl Summary {
    /// The page index after `page`, when the list has more pages.
    pub fn next_page(&self, page: u64) -> Option<u64> {
        let more_pages = page.saturating_add(1) < self.numpages;
        let more_items = self.start.saturating_add(self.returned) < self.total;
        (self.returned > 0 && more_pages && more_items).then(|| page + 1)
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The items.
    pub list: Vec<Value>,
    /// The API method that answered (`/grid/server/list`).
    pub method: String,
    /// Paging facts.
    pub summary: Summary,
}

/// The error object of a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// GoGrid's error code (`IllegalArgumentException`, …), when given.
    pub code: Option<String>,
    /// The message.
    pub message: String,
}

/// Parses an answer body. A `failure` envelope becomes the error it describes (with
/// `status` giving the HTTP status to map); anything that is not an envelope is
/// `MalformedResponse`.
pub fn parse_envelope(body: &[u8], status: u16) -> Result<Envelope> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Error::malformed(format!(
            "GoGrid answer is not JSON: {e} (body starts {:?})",
            String::from_utf8_lossy(&body[..body.len().min(80)])
        ))
    })?;
    let Some(obj) = value.as_object() else {
        return Err(Error::malformed("GoGrid answer is not a JSON object"));
    };
    let state = obj.get("status").and_then(Value::as_str).unwrap_or("");
    match state {
        "success" => {}
        "failure" => {
            let err = api_error(&value).unwrap_or_else(|| ApiError {
                code: None,
                message: "GoGrid reported a failure without an error object".into(),
            });
            return Err(to_error(status, &err));
        }
        other => {
            return Err(Error::malformed(format!(
                "GoGrid answer has status {other:?}, not success or failure"
            )));
        }
    }
    let list = match obj.get("list") {
        Some(Value::Array(items)) => items.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(Error::malformed("GoGrid answer's list is not an array")),
    };
    let summary = obj.get("summary").map(parse_summary).unwrap_or_default();
    Ok(Envelope {
        list,
        method: obj
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        summary,
    })
}

fn parse_summary(v: &Value) -> Summary {
    let n = |k: &str| v.get(k).and_then(number).unwrap_or(0);
    Summary {
        numpages: n("numpages"),
        returned: n("returned"),
        start: n("start"),
        total: n("total"),
    }
}

fn number(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The error object of a failure envelope, when the body holds one.
pub fn api_error(value: &Value) -> Option<ApiError> {
    let first = value.get("list")?.as_array()?.first()?;
    let message = first
        .get("message")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|m| !m.is_empty())?;
    Some(ApiError {
        code: first
            .get("errorcode")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        message: message.chars().take(500).collect(),
    })
}

/// The kind of a GoGrid error, from the HTTP status, the error code and the message.
///
/// GoGrid answered `403` to an unknown key or a bad signature and `401` to a key whose
/// role lacks the right for the call; a lookup of an id or name that matches nothing is
/// a `400` whose message says "No object found".
pub fn kind_of(status: u16, err: &ApiError) -> ErrorKind {
    let message = err.message.to_ascii_lowercase();
    let code = err.code.as_deref().unwrap_or("").to_ascii_lowercase();
    if message.contains("no object found")
        || message.contains("does not exist")
        || code.contains("notfound")
    {
        return ErrorKind::NotFound;
    }
    match status {
        403 => ErrorKind::InvalidCredentials,
        401 => ErrorKind::PermissionDenied,
        404 => ErrorKind::NotFound,
        400 | 422 => ErrorKind::InvalidInput,
        429 => ErrorKind::RateLimited,
        _ if code.contains("authentication") || code.contains("unauthorized") => {
            ErrorKind::InvalidCredentials
        }
        _ if code.contains("illegalargument") || code.contains("invalid") => {
            ErrorKind::InvalidInput
        }
        _ => ErrorKind::Provider,
    }
}

/// The error for a GoGrid error object answered with HTTP `status`.
pub fn to_error(status: u16, err: &ApiError) -> Error {
    let kind = kind_of(status, err);
    let retryable = status >= 500 || status == 429;
    let mut error = Error::new(kind, err.message.clone()).with_retryable(retryable);
    if let Some(code) = &err.code {
        error = error.with_code(code.clone());
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: &str, message: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "list": [{"object": "error", "errorcode": code, "message": message}],
            "method": "/grid/server/get",
            "status": "failure",
            "summary": {"numpages": 0, "returned": 1, "start": 0, "total": 1}
        }))
        .unwrap()
    }

    #[test]
    fn reads_success_and_summary() {
        let env = parse_envelope(
            br#"{"list":[{"id":1},{"id":2}],"method":"/grid/server/list","status":"success",
                "summary":{"numpages":3,"returned":2,"start":0,"total":5}}"#,
            200,
        )
        .unwrap();
        assert_eq!(env.list.len(), 2);
        assert_eq!(env.method, "/grid/server/list");
        assert_eq!(env.summary.next_page(0), Some(1));
    }

    #[test]
    fn next_page_stops_at_the_end() {
        let s = |numpages, returned, start, total| Summary {
            numpages,
            returned,
            start,
            total,
        };
        assert_eq!(s(0, 1, 0, 1).next_page(0), None, "not paged");
        assert_eq!(s(2, 2, 0, 3).next_page(0), Some(1));
        assert_eq!(s(2, 1, 2, 3).next_page(1), None, "last page");
        assert_eq!(s(5, 0, 0, 9).next_page(0), None, "empty page");
        assert_eq!(s(5, 2, 8, 9).next_page(1), None, "all items seen");
        assert_eq!(s(u64::MAX, 1, u64::MAX, u64::MAX).next_page(u64::MAX), None);
    }

    #[test]
    fn failures_map_to_kinds() {
        let cases = [
            (
                400,
                "IllegalArgumentException",
                "No object found that matches your input criteria.",
                ErrorKind::NotFound,
            ),
            (
                400,
                "IllegalArgumentException",
                "Invalid value 'no-such-size' for server.ram",
                ErrorKind::InvalidInput,
            ),
            (
                403,
                "AuthenticationException",
                "Invalid API key or signature",
                ErrorKind::InvalidCredentials,
            ),
            (
                401,
                "UnauthorizedException",
                "API key has insufficient rights",
                ErrorKind::PermissionDenied,
            ),
            (404, "", "Unknown method", ErrorKind::NotFound),
            (
                500,
                "UnexpectedException",
                "Internal error",
                ErrorKind::Provider,
            ),
            (
                200,
                "IllegalArgumentException",
                "bad id",
                ErrorKind::InvalidInput,
            ),
        ];
        for (status, code, message, kind) in cases {
            let err = parse_envelope(&failure(code, message), status).unwrap_err();
            assert_eq!(err.kind(), kind, "{status} {code} {message}");
            assert_eq!(err.message(), message);
            assert_eq!(err.is_retryable(), status >= 500);
            if !code.is_empty() {
                assert_eq!(err.code(), Some(code));
            }
        }
    }

    #[test]
    fn garbage_is_malformed() {
        for body in [
            &b""[..],
            b"[]",
            b"{\"status\":\"maybe\"}",
            b"{\"status\":\"success\",\"list\":{}}",
            b"<html>",
            b"{\"list\":[],\"status\":",
        ] {
            let err = parse_envelope(body, 200).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
        let err = parse_envelope(br#"{"status":"failure","list":[]}"#, 400).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
}
