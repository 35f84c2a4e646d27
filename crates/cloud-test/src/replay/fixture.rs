//! Interaction files: their JSON shape, and loading a scenario folder.
//!
//! The format is defined in the workspace's `fixtures/README.md`. Loading is strict:
//! unknown fields, two bodies in one response, a missing body file or an invalid header
//! all panic, naming the file, so a typo in a fixture never turns into a silently
//! ignored matcher.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use wiremock::ResponseTemplate;
use wiremock::http::{HeaderName, HeaderValue, Method};

/// A text value in `query`, `headers` or `body_form`. Numbers and booleans are accepted
/// and compared in their JSON spelling (`2`, `true`), so `"page": 2` works like
/// `"page": "2"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Value")]
pub(crate) struct Text(pub(crate) String);

impl TryFrom<Value> for Text {
    type Error = String;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value {
            Value::String(s) => Ok(Text(s)),
            Value::Number(n) => Ok(Text(n.to_string())),
            Value::Bool(b) => Ok(Text(b.to_string())),
            other => Err(format!("expected a string, number or boolean, got {other}")),
        }
    }
}

/// One interaction file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InteractionFile {
    request: RequestFile,
    response: ResponseFile,
    #[serde(default = "one", deserialize_with = "times")]
    times: Option<u64>,
}

fn one() -> Option<u64> {
    Some(1)
}

/// `times`: a count, or `null` for any number.
fn times<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Option::<u64>::deserialize(d)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestFile {
    method: String,
    path: String,
    #[serde(default)]
    query: BTreeMap<String, Text>,
    #[serde(default)]
    headers: BTreeMap<String, Text>,
    #[serde(default)]
    body_json: Option<Value>,
    #[serde(default)]
    body_form: BTreeMap<String, Text>,
    #[serde(default)]
    body_contains: Vec<String>,
    #[serde(default)]
    no_body: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseFile {
    #[serde(default = "ok")]
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, Text>,
    #[serde(default)]
    body_json: Option<Value>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_file: Option<String>,
    #[serde(default)]
    delay_ms: u64,
}

fn ok() -> u16 {
    200
}

/// What a request must look like to match an interaction.
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    /// The HTTP method.
    pub(crate) method: Method,
    /// The URL path, percent-encoded as sent.
    pub(crate) path: String,
    /// Query parameters that must be present with these values.
    pub(crate) query: Vec<(String, String)>,
    /// Headers that must be present with these values.
    pub(crate) headers: Vec<(HeaderName, String)>,
    /// A JSON value the body must contain.
    pub(crate) body_json: Option<Value>,
    /// Form fields that must be present with these values.
    pub(crate) body_form: Vec<(String, String)>,
    /// Strings the body must contain.
    pub(crate) body_contains: Vec<String>,
    /// Whether the request must carry no body and no `Content-Type` header.
    pub(crate) no_body: bool,
}

/// One loaded interaction, ready to mount.
#[derive(Debug)]
pub(crate) struct Interaction {
    /// The file name, for reports.
    pub(crate) file: String,
    /// The request matcher.
    pub(crate) request: RequestSpec,
    /// The answer.
    pub(crate) response: ResponseTemplate,
    /// How many requests it answers; `None` for any number.
    pub(crate) times: Option<u64>,
}

/// Loads every `*.json` interaction file of `dir`, in file-name order.
///
/// Panics naming the folder when it cannot be read, and naming the file when one is
/// malformed.
pub(crate) fn load_dir(dir: &Path) -> Vec<Interaction> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read fixture folder {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("cannot list fixture folder {}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.is_file() && p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files.iter().map(|p| load_file(p)).collect()
}

/// Loads one interaction file; panics naming it when it is malformed.
pub(crate) fn load_file(path: &Path) -> Interaction {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture file {}: {e}", path.display()));
    let raw: InteractionFile = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("malformed fixture file {}: {e}", path.display()));
    let fail = |msg: String| -> ! { panic!("malformed fixture file {}: {msg}", path.display()) };
    if raw.times == Some(0) {
        fail("`times` must be at least 1, or null for any number".into());
    }
    let request = request_spec(raw.request).unwrap_or_else(|m| fail(m));
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let response = response_template(raw.response, dir).unwrap_or_else(|m| fail(m));
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Interaction {
        file,
        request,
        response,
        times: raw.times,
    }
}

fn request_spec(raw: RequestFile) -> Result<RequestSpec, String> {
    let method = Method::from_bytes(raw.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| format!("request.method {:?} is not an HTTP method", raw.method))?;
    if !raw.path.starts_with('/') {
        return Err(format!("request.path {:?} must start with '/'", raw.path));
    }
    if raw.path.contains('?') {
        return Err(format!(
            "request.path {:?} contains '?': put query parameters in request.query",
            raw.path
        ));
    }
    let no_body = no_body(&raw)?;
    let headers = raw
        .headers
        .into_iter()
        .map(|(name, value)| {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("request.headers: {name:?} is not a header name"))?;
            Ok((name, value.0))
        })
        .collect::<Result<_, String>>()?;
    Ok(RequestSpec {
        method,
        path: raw.path,
        query: pairs(raw.query),
        headers,
        body_json: raw.body_json,
        body_form: pairs(raw.body_form),
        body_contains: raw.body_contains,
        no_body,
    })
}

/// `request.no_body`: only `true` is meaningful, and it excludes every matcher that
/// expects a body or a content type.
fn no_body(raw: &RequestFile) -> Result<bool, String> {
    match raw.no_body {
        None => Ok(false),
        Some(false) => Err("request.no_body must be true, or left out".into()),
        Some(true) => {
            let expects_body = raw.body_json.is_some()
                || !raw.body_form.is_empty()
                || !raw.body_contains.is_empty()
                || raw
                    .headers
                    .keys()
                    .any(|name| name.eq_ignore_ascii_case("content-type"));
            if expects_body {
                Err(
                    "request.no_body cannot be combined with body_json, body_form, \
                     body_contains or a content-type header"
                        .into(),
                )
            } else {
                Ok(true)
            }
        }
    }
}

fn pairs(map: BTreeMap<String, Text>) -> Vec<(String, String)> {
    map.into_iter().map(|(k, v)| (k, v.0)).collect()
}

fn response_template(raw: ResponseFile, dir: &Path) -> Result<ResponseTemplate, String> {
    if !(100..=999).contains(&raw.status) {
        return Err(format!(
            "response.status {} is not an HTTP status",
            raw.status
        ));
    }
    let bodies = [
        raw.body_json.is_some(),
        raw.body.is_some(),
        raw.body_file.is_some(),
    ];
    if bodies.iter().filter(|b| **b).count() > 1 {
        return Err("response has more than one of body_json, body and body_file".into());
    }
    let (body, default_type): (Option<Vec<u8>>, &str) = if let Some(json) = raw.body_json {
        let bytes = serde_json::to_vec(&json).map_err(|e| format!("response.body_json: {e}"))?;
        (Some(bytes), "application/json")
    } else if let Some(text) = raw.body {
        (Some(text.into_bytes()), "text/plain; charset=utf-8")
    } else if let Some(name) = raw.body_file {
        (
            Some(read_body_file(dir, &name)?),
            "application/octet-stream",
        )
    } else {
        (None, "")
    };

    let mut template = ResponseTemplate::new(raw.status);
    let mut has_content_type = false;
    for (name, value) in raw.headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("response.headers: {name:?} is not a header name"))?;
        let value = HeaderValue::from_str(&value.0)
            .map_err(|_| format!("response.headers: the value of {name:?} is not valid"))?;
        has_content_type |= header == wiremock::http::HeaderName::from_static("content-type");
        template = template.append_header(header, value);
    }
    if let Some(body) = body {
        if !has_content_type {
            template = template.insert_header("content-type", default_type);
        }
        template = template.set_body_bytes(body);
    }
    if raw.delay_ms > 0 {
        template = template.set_delay(Duration::from_millis(raw.delay_ms));
    }
    Ok(template)
}

/// Reads a body file that must sit in the interaction's own folder.
fn read_body_file(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let plain = Path::new(name)
        .file_name()
        .is_some_and(|f| f == std::ffi::OsStr::new(name));
    if !plain {
        return Err(format!(
            "response.body_file {name:?} must be a file name in the same folder"
        ));
    }
    let path = dir.join(name);
    std::fs::read(&path).map_err(|e| format!("response.body_file {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec(request: Value) -> Result<RequestSpec, String> {
        request_spec(serde_json::from_value(request).expect("request part"))
    }

    #[test]
    fn no_body_is_read_when_true() {
        let plain = spec(json!({"method": "POST", "path": "/x"})).expect("valid");
        assert!(!plain.no_body);
        let empty = spec(json!({"method": "POST", "path": "/x", "no_body": true})).expect("valid");
        assert!(empty.no_body);
    }

    #[test]
    fn no_body_excludes_every_body_matcher_and_a_content_type() {
        let conflicts = [
            ("body_json", json!({})),
            ("body_form", json!({"Action": "Run"})),
            ("body_contains", json!(["x"])),
            ("headers", json!({"Content-Type": "application/json"})),
        ];
        for (field, value) in conflicts {
            let mut request = json!({"method": "POST", "path": "/x", "no_body": true});
            request[field] = value;
            let err = spec(request).expect_err(field);
            assert!(err.contains("cannot be combined"), "{field}: {err}");
        }
        let other_header = json!({"method": "POST", "path": "/x", "no_body": true,
            "headers": {"authorization": "Bearer [scrubbed]"}});
        assert!(spec(other_header).is_ok());
    }

    #[test]
    fn no_body_false_is_rejected() {
        let err = spec(json!({"method": "POST", "path": "/x", "no_body": false}))
            .expect_err("false is not a matcher");
        assert!(err.contains("must be true"), "{err}");
    }
}
