//! Turning recorded exchanges into fixture files (the format of `fixtures/README.md`):
//! `NNN-<method>-<name>.json`, plus `NNN-<method>-<name>.body` for bodies over 4 KiB.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::exchange::Exchange;
use super::scrub::Scrubber;
use crate::{Error, Result};

/// Response bodies longer than this go to a `.body` file beside the interaction.
pub const BODY_FILE_THRESHOLD: usize = 4096;

/// The longest name part of a file name.
const MAX_NAME_LEN: usize = 40;

/// Lower-case letters and digits, other runs turned into single dashes.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(MAX_NAME_LEN).collect();
    trimmed.trim_end_matches('-').to_string()
}

/// A path segment with `%XX` escapes decoded (and `+` kept as it is).
fn percent_decode(segment: &str) -> String {
    let as_form_value = format!("x={}", segment.replace('+', "%2B"));
    url::form_urlencoded::parse(as_form_value.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// What the interaction is called: the last path segment, else the query or form
/// `Action` (EC2-style APIs post everything to `/`), else `root`.
fn name_hint(ex: &Exchange) -> String {
    let segment = ex
        .path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .map(|s| slug(&percent_decode(s)))
        .filter(|s| !s.is_empty());
    segment
        .or_else(|| {
            ex.query_pairs()
                .into_iter()
                .chain(ex.form_pairs().unwrap_or_default())
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| slug(&v))
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "root".to_string())
}

/// The file name without extension for the `index`-th (0-based) interaction.
pub fn file_stem(index: usize, ex: &Exchange) -> String {
    let method = slug(&ex.method);
    format!("{:03}-{method}-{}", index + 1, name_hint(ex))
}

fn string_map(pairs: impl IntoIterator<Item = (String, String)>) -> Option<Value> {
    let map: Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    (!map.is_empty()).then_some(Value::Object(map))
}

fn is_json_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        let t = t
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        t == "application/json"
            || t.ends_with("+json")
            || t.ends_with("/x-amz-json-1.0")
            || t.ends_with("/x-amz-json-1.1")
    })
}

fn request_json(ex: &Exchange, scrub: &Scrubber) -> Value {
    let mut req = Map::new();
    req.insert("method".into(), Value::String(ex.method.clone()));
    req.insert("path".into(), Value::String(scrub.text(&ex.path)));
    let query = ex
        .query_pairs()
        .into_iter()
        .filter_map(|(k, v)| Some((scrub.text(&k), scrub.param(&k, &v)?)));
    if let Some(q) = string_map(query) {
        req.insert("query".into(), q);
    }
    let headers = ex
        .request_headers
        .iter()
        .filter(|(k, _)| scrub.keep_request_header(k))
        .map(|(k, v)| (k.to_ascii_lowercase(), scrub.text(v)));
    if let Some(h) = string_map(headers) {
        req.insert("headers".into(), h);
    }
    if let Some(form) = ex.form_pairs() {
        let form = form
            .into_iter()
            .filter_map(|(k, v)| Some((scrub.text(&k), scrub.param(&k, &v)?)));
        if let Some(f) = string_map(form) {
            req.insert("body_form".into(), f);
        }
    } else if is_json_type(ex.request_header("content-type"))
        && let Ok(mut body) = serde_json::from_slice::<Value>(&ex.request_body)
    {
        scrub.json(&mut body);
        req.insert("body_json".into(), body);
    }
    Value::Object(req)
}

/// A response body to write beside the interaction file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFile {
    /// Its file name.
    pub name: String,
    /// Its scrubbed content.
    pub content: Vec<u8>,
}

fn response_json(ex: &Exchange, scrub: &Scrubber, stem: &str) -> (Value, Option<BodyFile>) {
    let mut resp = Map::new();
    resp.insert("status".into(), json!(ex.status));
    let mut headers: Vec<(String, String)> = ex
        .response_headers
        .iter()
        .filter(|(k, _)| scrub.keep_response_header(k))
        .map(|(k, v)| (k.to_ascii_lowercase(), scrub.text(v)))
        .collect();
    if ex.method.eq_ignore_ascii_case("HEAD")
        && let Some(len) = ex.response_header("content-length")
    {
        headers.push(("content-length".into(), len.to_string()));
    }
    if let Some(h) = string_map(headers) {
        resp.insert("headers".into(), h);
    }
    let mut body_file = None;
    if !ex.response_body.is_empty() {
        let body = scrub.bytes(&ex.response_body);
        let text = std::str::from_utf8(&body).ok();
        let parsed = text
            .filter(|_| is_json_type(ex.response_header("content-type")))
            .and_then(|t| serde_json::from_str::<Value>(t).ok());
        match (text, parsed) {
            (Some(_), Some(mut v)) if body.len() <= BODY_FILE_THRESHOLD => {
                scrub.json(&mut v);
                resp.insert("body_json".into(), v);
            }
            (Some(t), None) if body.len() <= BODY_FILE_THRESHOLD => {
                resp.insert("body".into(), Value::String(t.to_string()));
            }
            _ => {
                let name = format!("{stem}.body");
                resp.insert("body_file".into(), Value::String(name.clone()));
                body_file = Some(BodyFile {
                    name,
                    content: body,
                });
            }
        }
    }
    (Value::Object(resp), body_file)
}

/// The interaction file's JSON for one exchange, and its body file if it needs one.
pub fn interaction(ex: &Exchange, scrub: &Scrubber, stem: &str) -> (Value, Option<BodyFile>) {
    let (response, body_file) = response_json(ex, scrub, stem);
    (
        json!({ "request": request_json(ex, scrub), "response": response }),
        body_file,
    )
}

/// Checks that a provider or scenario name is a plain folder name.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "{what} {name:?} must be letters, digits, '-', '_' or '.' (not starting with '.')"
        )))
    }
}

fn write(path: &Path, content: &[u8]) -> Result<()> {
    std::fs::write(path, content)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))
}

/// Writes `exchanges` as the scenario folder `dir`, replacing whatever was there.
/// Credentials seen in request headers are scrubbed everywhere, along with the
/// scrubber's own secrets. Returns the files written.
pub fn write_scenario(
    dir: &Path,
    exchanges: &[Exchange],
    scrub: &Scrubber,
) -> Result<Vec<PathBuf>> {
    let mut scrub = scrub.clone();
    for ex in exchanges {
        for secret in scrub.secrets_in_headers(&ex.request_headers) {
            scrub.add_secret(&secret);
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| Error::msg(format!("cannot remove {}: {e}", dir.display())))?;
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (i, ex) in exchanges.iter().enumerate() {
        let stem = file_stem(i, ex);
        let (value, body_file) = interaction(ex, &scrub, &stem);
        if let Some(body) = body_file {
            let path = dir.join(&body.name);
            write(&path, &body.content)?;
            written.push(path);
        }
        let mut text = serde_json::to_string_pretty(&value)
            .map_err(|e| Error::msg(format!("cannot encode interaction {stem}: {e}")))?;
        text.push('\n');
        let path = dir.join(format!("{stem}.json"));
        write(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(method: &str, path: &str, query: Option<&str>) -> Exchange {
        Exchange {
            method: method.into(),
            path: path.into(),
            query: query.map(str::to_string),
            request_headers: Vec::new(),
            request_body: Vec::new(),
            status: 200,
            response_headers: Vec::new(),
            response_body: Vec::new(),
        }
    }

    fn with_form(mut e: Exchange, body: &str) -> Exchange {
        e.request_headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        ));
        e.request_body = body.as_bytes().to_vec();
        e
    }

    #[test]
    fn file_names_follow_method_and_last_segment() {
        assert_eq!(
            file_stem(0, &ex("GET", "/v4/linode/instances", None)),
            "001-get-instances"
        );
        assert_eq!(
            file_stem(9, &ex("DELETE", "/v4/linode/instances/123/", None)),
            "010-delete-123"
        );
        assert_eq!(
            file_stem(1, &ex("PUT", "/bucket/My%20File.TXT", None)),
            "002-put-my-file-txt"
        );
        assert_eq!(file_stem(2, &ex("GET", "/", None)), "003-get-root");
        assert_eq!(
            file_stem(
                3,
                &ex("GET", "/", Some("Action=DescribeImages&Version=2016-11-15"))
            ),
            "004-get-describeimages"
        );
        let post = with_form(ex("POST", "/", None), "Action=RunInstances&ImageId=ami-1");
        assert_eq!(file_stem(4, &post), "005-post-runinstances");
        let long = format!("/{}", "a".repeat(100));
        assert_eq!(
            file_stem(5, &ex("GET", &long, None)).len(),
            "006-get-".len() + MAX_NAME_LEN
        );
        assert_eq!(file_stem(6, &ex("GET", "/%E2%9C%93", None)), "007-get-root");
    }

    #[test]
    fn request_matchers_are_recorded_and_scrubbed() {
        let mut e = with_form(
            ex("POST", "/", Some("X-Amz-Signature=abcdef&page=2&api_key=k")),
            "Action=DescribeInstances&Signature=zzz&Owner.1=AKIAIOSFODNN7EXAMPLE",
        );
        e.request_headers
            .push(("Authorization".into(), "AWS4-HMAC-SHA256 sig".into()));
        e.request_headers
            .push(("X-Amz-Date".into(), "20240101T000000Z".into()));
        e.request_headers
            .push(("User-Agent".into(), "libcloud-rs/0.1".into()));
        let (v, _) = interaction(
            &e,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "001-post-describeinstances",
        );
        assert_eq!(
            v["request"],
            json!({
                "method": "POST",
                "path": "/",
                "query": {"page": "2", "api_key": "[scrubbed]"},
                "headers": {"content-type": "application/x-www-form-urlencoded; charset=utf-8"},
                "body_form": {
                    "Action": "DescribeInstances",
                    "Owner.1": "AKIDEXAMPLE"
                }
            })
        );
    }

    #[test]
    fn json_request_and_response_bodies() {
        let mut e = ex("POST", "/v4/linode/instances", None);
        e.request_headers
            .push(("Content-Type".into(), "application/json".into()));
        e.request_body = br#"{"label":"web-1","root_pass":"hunter2hunter2"}"#.to_vec();
        e.status = 201;
        e.response_headers
            .push(("Content-Type".into(), "application/json".into()));
        e.response_headers
            .push(("Date".into(), "Mon, 01 Jan 2024 00:00:00 GMT".into()));
        e.response_headers
            .push(("X-Request-Id".into(), "req-1".into()));
        e.response_body = br#"{"id":1,"password":"p","owner":"210987654321"}"#.to_vec();
        let (v, body) = interaction(
            &e,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "001-post-instances",
        );
        assert!(body.is_none());
        assert_eq!(
            v["request"]["body_json"],
            json!({"label": "web-1", "root_pass": "[scrubbed]"})
        );
        assert_eq!(
            v["response"],
            json!({
                "status": 201,
                "headers": {"content-type": "application/json", "x-request-id": "req-1"},
                "body_json": {"id": 1, "password": "[scrubbed]", "owner": "123456789012"}
            })
        );
    }

    #[test]
    fn text_binary_large_and_empty_bodies() {
        let mut xml = ex("GET", "/", None);
        xml.response_headers
            .push(("content-type".into(), "text/xml".into()));
        xml.response_body = b"<ownerId>210987654321</ownerId>".to_vec();
        let (v, f) = interaction(
            &xml,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "s",
        );
        assert_eq!(v["response"]["body"], "<ownerId>123456789012</ownerId>");
        assert!(f.is_none());

        let mut bad_json = ex("GET", "/", None);
        bad_json
            .response_headers
            .push(("content-type".into(), "application/json".into()));
        bad_json.response_body = b"not json".to_vec();
        let (v, _) = interaction(
            &bad_json,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "s",
        );
        assert_eq!(v["response"]["body"], "not json");

        let mut big = ex("GET", "/big", None);
        big.response_headers
            .push(("content-type".into(), "application/json".into()));
        big.response_body =
            format!(r#"{{"token": "abc", "pad": "{}"}}"#, "x".repeat(5000)).into_bytes();
        let (v, f) = interaction(
            &big,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "001-get-big",
        );
        assert_eq!(v["response"]["body_file"], "001-get-big.body");
        assert!(v["response"].get("body_json").is_none());
        let f = f.unwrap();
        assert_eq!(f.name, "001-get-big.body");
        let content = String::from_utf8(f.content).unwrap();
        assert!(content.starts_with(r#"{"token": "[scrubbed]""#));

        let mut binary = ex("GET", "/obj", None);
        binary.response_body = vec![0xff, 0x00, 0x01];
        let (v, f) = interaction(
            &binary,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "001-get-obj",
        );
        assert_eq!(v["response"]["body_file"], "001-get-obj.body");
        assert_eq!(f.unwrap().content, [0xff, 0x00, 0x01]);

        let mut head = ex("HEAD", "/obj", None);
        head.response_headers
            .push(("Content-Length".into(), "1234".into()));
        head.response_headers.push(("ETag".into(), "\"e1\"".into()));
        let (v, f) = interaction(
            &head,
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "s",
        );
        assert!(f.is_none());
        assert_eq!(
            v["response"],
            json!({"status": 200, "headers": {"etag": "\"e1\"", "content-length": "1234"}})
        );
        let (v, _) = interaction(
            &ex("GET", "/", None),
            &Scrubber::default().with_rules(crate::record::RecordingRules::every_provider()),
            "s",
        );
        assert!(v["response"].get("headers").is_none());
        assert!(v["request"].get("query").is_none());
    }

    #[test]
    fn names_are_plain_folder_names() {
        for ok in ["linode", "ec2", "compute-conformance", "errors_401", "v1.2"] {
            check_name("scenario", ok).unwrap();
        }
        for bad in ["", ".", "..", "../x", "a/b", ".hidden", "a b", "a\\b"] {
            assert!(check_name("scenario", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn scenario_folder_is_replaced_and_header_secrets_scrubbed() {
        let dir = tempfile::tempdir().unwrap();
        let scenario = dir.path().join("linode/default");
        std::fs::create_dir_all(&scenario).unwrap();
        std::fs::write(scenario.join("old.json"), "{}").unwrap();

        let mut first = ex("GET", "/v4/profile", None);
        first
            .request_headers
            .push(("Authorization".into(), "Bearer tok-1234567890".into()));
        first
            .response_headers
            .push(("content-type".into(), "text/plain".into()));
        first.response_body = b"your token is tok-1234567890 and key k-999".to_vec();
        let second = ex("DELETE", "/v4/linode/instances/7", None);
        let scrub = Scrubber::new(["k-999".to_string()])
            .with_rules(crate::record::RecordingRules::every_provider());
        let written = write_scenario(&scenario, &[first, second], &scrub).unwrap();

        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["001-get-profile.json", "002-delete-7.json"]);
        assert!(!scenario.join("old.json").exists());
        let text = std::fs::read_to_string(scenario.join("001-get-profile.json")).unwrap();
        assert!(text.ends_with("}\n"));
        assert!(
            !text.contains("tok-1234567890") && !text.contains("k-999"),
            "{text}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["response"]["body"],
            "your token is [scrubbed] and key [scrubbed]"
        );
        assert!(v["request"].get("headers").is_none());
    }
}
