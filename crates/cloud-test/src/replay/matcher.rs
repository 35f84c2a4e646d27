//! Deciding whether a request matches an interaction, and the wiremock glue that records
//! which interaction answered each request.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use wiremock::http::HeaderName;
use wiremock::{Match, Request, Respond, ResponseTemplate};

use super::fixture::RequestSpec;

/// The status the catch-all answers with when no interaction matched.
pub const UNMATCHED_STATUS: u16 = 599;

/// The `Content-Type` header, which a request without a body must not carry.
const CONTENT_TYPE: HeaderName = HeaderName::from_static("content-type");

/// Most characters of a request body quoted in a report.
const BODY_EXCERPT: usize = 300;

impl RequestSpec {
    /// Whether `request` satisfies every matcher of this spec.
    pub(crate) fn matches(&self, request: &Request) -> bool {
        request.method == self.method
            && request.url.path() == self.path
            && self.query.iter().all(|(k, v)| {
                request
                    .url
                    .query_pairs()
                    .any(|(qk, qv)| qk == k.as_str() && qv == v.as_str())
            })
            && self.headers.iter().all(|(name, want)| {
                request
                    .headers
                    .get_all(name)
                    .iter()
                    .any(|got| got.to_str().is_ok_and(|got| got == want))
            })
            && self.body_json.as_ref().is_none_or(|want| {
                serde_json::from_slice::<Value>(&request.body)
                    .is_ok_and(|got| json_contains(&got, want))
            })
            && self.body_form.iter().all(|(k, v)| {
                url::form_urlencoded::parse(&request.body)
                    .any(|(fk, fv)| fk == k.as_str() && fv == v.as_str())
            })
            && self
                .body_contains
                .iter()
                .all(|needle| contains(&request.body, needle.as_bytes()))
            && (!self.no_body || has_no_body(request))
    }
}

/// Whether `request` carries an empty body and no `Content-Type` header.
fn has_no_body(request: &Request) -> bool {
    request.body.is_empty() && !request.headers.contains_key(CONTENT_TYPE)
}

/// Whether `actual` contains `expected`: objects need every expected key with a
/// containing value (other keys may be present), arrays need the same length and each
/// element containing the expected one, numbers compare by value (`1` equals `1.0`), and
/// everything else compares equal.
pub(crate) fn json_contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| json_contains(av, ev))),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(av, ev)| json_contains(av, ev))
        }
        (Value::Number(a), Value::Number(e)) => {
            a == e || matches!((a.as_f64(), e.as_f64()), (Some(x), Some(y)) if x == y)
        }
        (a, e) => a == e,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// One request the server received, and which interaction answered it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// `METHOD /path?query` and a body excerpt.
    pub(crate) request: String,
    /// Index of the interaction that answered; `None` when the catch-all did.
    pub(crate) answered_by: Option<usize>,
}

/// The shared log of every request, in arrival order.
pub(crate) type Log = Arc<Mutex<Vec<Entry>>>;

/// Appends to the log; a poisoned lock still records (the data is plain text).
fn record(log: &Log, entry: Entry) {
    log.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
}

/// The one matcher of a mounted interaction.
///
/// Wiremock tries mounted mocks in priority then mount order, skips mocks that are used
/// up, and answers with the first whose matchers all hold. This matcher is the only one
/// on its mock, so returning `true` means this interaction answers: that is when the
/// request is logged against it.
pub(crate) struct InteractionMatcher {
    pub(crate) index: usize,
    pub(crate) spec: RequestSpec,
    pub(crate) log: Log,
}

impl Match for InteractionMatcher {
    fn matches(&self, request: &Request) -> bool {
        let matched = self.spec.matches(request);
        if matched {
            record(
                &self.log,
                Entry {
                    request: describe(request),
                    answered_by: Some(self.index),
                },
            );
        }
        matched
    }
}

/// Matches every request; mounted at the lowest priority as the catch-all.
pub(crate) struct AnyRequest;

impl Match for AnyRequest {
    fn matches(&self, _request: &Request) -> bool {
        true
    }
}

/// The catch-all's answer: status 599 and a body naming the request that matched
/// nothing. The request is logged as unmatched.
pub(crate) struct Unmatched {
    pub(crate) log: Log,
}

impl Respond for Unmatched {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let what = describe(request);
        record(
            &self.log,
            Entry {
                request: what.clone(),
                answered_by: None,
            },
        );
        ResponseTemplate::new(UNMATCHED_STATUS)
            .insert_header("content-type", "text/plain; charset=utf-8")
            .set_body_bytes(format!("no fixture interaction matched {what}").into_bytes())
    }
}

/// `METHOD /path?query`, followed by a body excerpt when there is a body.
pub(crate) fn describe(request: &Request) -> String {
    let mut out = format!("{} {}", request.method, request.url.path());
    if let Some(q) = request.url.query() {
        out.push('?');
        out.push_str(q);
    }
    if !request.body.is_empty() {
        match std::str::from_utf8(&request.body) {
            Ok(text) if text.chars().count() > BODY_EXCERPT => {
                let cut: String = text.chars().take(BODY_EXCERPT).collect();
                out.push_str(&format!(" (body: {cut:?}…)"));
            }
            Ok(text) => out.push_str(&format!(" (body: {text:?})")),
            Err(_) => out.push_str(&format!(" (body: {} bytes)", request.body.len())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_partial_match_is_recursive() {
        let actual = json!({"a": 1, "b": {"c": [1, {"d": "x", "e": 2}], "f": true}, "g": null});
        assert!(json_contains(&actual, &json!({})));
        assert!(json_contains(
            &actual,
            &json!({"b": {"c": [1, {"d": "x"}]}})
        ));
        assert!(json_contains(&actual, &json!({"a": 1.0, "g": null})));
        assert!(!json_contains(&actual, &json!({"a": 2})));
        assert!(!json_contains(&actual, &json!({"b": {"c": [1]}})));
        assert!(!json_contains(
            &actual,
            &json!({"b": {"c": [1, {"d": "y"}]}})
        ));
        assert!(!json_contains(&actual, &json!({"missing": null})));
        assert!(!json_contains(&json!("1"), &json!(1)));
    }

    #[test]
    fn contains_finds_substrings() {
        assert!(contains(b"<Name>web-1</Name>", b"web-1"));
        assert!(contains(b"abc", b""));
        assert!(!contains(b"ab", b"abc"));
    }
}
