//! Removing credentials from recorded traffic before it is written as fixtures. The
//! names it acts on are generic ones plus the recording provider's own, from its
//! crate's `recording.json` (see [`RecordingRules`]); the examples below include AWS's.
//!
//! - Request headers are kept only from a short list of useful matchers, never the
//!   credential-bearing ones (`Authorization`, `X-Amz-Security-Token`, `X-Amz-Date`,
//!   `Cookie`, …).
//! - Query and form values of credential keys (`api_key`, `token`, `password`,
//!   `AWSAccessKeyId`, …) become `[scrubbed]`: replay then matches a test that uses the
//!   placeholder as its credential. Signature keys (`Signature`, `X-Amz-Signature`,
//!   `X-Amz-Credential`, `X-Amz-Date`, `sig`) are left out of the request matchers
//!   altogether: their values change with every request, so no replay could match them.
//! - In any text: AWS access key ids become `AKIDEXAMPLE`, account ids in ARNs and
//!   owner/account fields become `123456789012`, JSON and XML fields such as `password`
//!   or `token` and credential or signature parameters inside URLs become `[scrubbed]`,
//!   and every secret the scrubber was given (or found in the request's credential
//!   headers) becomes `[scrubbed]` wherever it appears.

mod patterns;

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::rules::{RecordingRules, listed};

use patterns::{
    replace_access_key_ids, replace_arn_account_ids, replace_bytes, scrub_json_pairs,
    scrub_url_params, scrub_xml_elements,
};

/// What scrubbed values are replaced with.
pub const SCRUBBED: &str = "[scrubbed]";
/// The placeholder for AWS access key ids.
pub const EXAMPLE_ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
/// The placeholder for AWS account ids.
pub const EXAMPLE_ACCOUNT_ID: &str = "123456789012";

/// Secrets shorter than this are not taken from headers (they would replace too much).
const MIN_FOUND_SECRET_LEN: usize = 8;

fn listed_owned(list: &[String], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

fn is_account_field(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("owner") || lower.contains("account")
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// Scrubs text, JSON and parameters; knows the explicit secrets of one recording and
/// the request parameters whose values change on every run.
#[derive(Clone, Default)]
pub struct Scrubber {
    /// Literal secrets and their URL-encoded forms, longest first.
    secrets: Vec<String>,
    /// Query and form keys left out of the request matchers (case-insensitive).
    volatile: Vec<String>,
    /// The names of headers, keys and fields it acts on.
    rules: Arc<RecordingRules>,
}

impl fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field("secrets", &format_args!("{} hidden", self.secrets.len()))
            .field("volatile", &self.volatile)
            .finish()
    }
}

impl Scrubber {
    /// A scrubber with the generic names that also replaces each of `secrets` wherever
    /// it appears.
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut s = Scrubber::default();
        for secret in secrets {
            s.add_secret(&secret);
        }
        s
    }

    /// The same scrubber, also leaving these query and form keys out of the request
    /// matchers: values made afresh on every run (an idempotency token such as EC2's
    /// `ClientToken`, a generated name) could never match on replay.
    pub fn with_volatile(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        for key in keys {
            if !key.is_empty() && !listed_owned(&self.volatile, &key) {
                self.volatile.push(key);
            }
        }
        self
    }

    /// The same scrubber with a provider's names (see [`RecordingRules::for_provider`]).
    pub fn with_rules(mut self, rules: RecordingRules) -> Self {
        self.rules = Arc::new(rules);
        self
    }

    /// Whether a request header is worth recording as a matcher (and is no credential).
    pub fn keep_request_header(&self, name: &str) -> bool {
        let r = &self.rules;
        !listed(&r.dropped_headers, name)
            && (listed(&r.kept_request_headers, name) || self.is_user_metadata(name))
    }

    /// Whether a response header is recorded.
    pub fn keep_response_header(&self, name: &str) -> bool {
        let r = &self.rules;
        !listed(&r.dropped_headers, name)
            && (listed(&r.kept_response_headers, name) || self.is_user_metadata(name))
    }

    fn is_user_metadata(&self, name: &str) -> bool {
        self.rules.metadata_prefixes.iter().any(|prefix| {
            name.len() > prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
    }

    /// The credentials carried by request headers (bearer tokens, session tokens, API
    /// keys), to be scrubbed wherever else they show up.
    pub fn secrets_in_headers(&self, headers: &[(String, String)]) -> Vec<String> {
        let mut found = Vec::new();
        for (name, value) in headers {
            let value = value.trim();
            let secret = if name.eq_ignore_ascii_case("authorization")
                || name.eq_ignore_ascii_case("proxy-authorization")
            {
                match value.split_once(' ') {
                    Some((scheme, rest))
                        if ["bearer", "token", "basic"]
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case(scheme)) =>
                    {
                        Some(rest.trim())
                    }
                    Some(_) => None,
                    None => Some(value),
                }
            } else if listed(&self.rules.secret_headers, name) {
                Some(value)
            } else {
                None
            };
            if let Some(s) = secret.filter(|s| s.len() >= MIN_FOUND_SECRET_LEN) {
                found.push(s.to_string());
            }
        }
        found
    }

    /// Whether a query or form key is left out of the request matchers as volatile.
    pub fn is_volatile(&self, key: &str) -> bool {
        listed_owned(&self.volatile, key)
    }

    /// Adds a literal secret (and its URL-encoded forms). Empty strings are ignored.
    pub fn add_secret(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let pct = form.replace('+', "%20");
        for variant in [secret.to_string(), form, pct] {
            if !self.secrets.contains(&variant) {
                self.secrets.push(variant);
            }
        }
        self.secrets
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    }

    /// Scrubs free text (a path, a header value, an XML or JSON document as text).
    pub fn text(&self, input: &str) -> String {
        let mut s = input.to_string();
        for secret in &self.secrets {
            if s.contains(secret.as_str()) {
                s = s.replace(secret.as_str(), SCRUBBED);
            }
        }
        let s = replace_access_key_ids(&s);
        let s = replace_arn_account_ids(&s);
        let s = scrub_url_params(&s, &self.rules);
        let s = scrub_xml_elements(&s, &self.rules);
        scrub_json_pairs(&s, &self.rules)
    }

    /// Scrubs a body of any kind: UTF-8 as text, other bytes for the literal secrets.
    pub fn bytes(&self, input: &[u8]) -> Vec<u8> {
        if let Ok(text) = std::str::from_utf8(input) {
            return self.text(text).into_bytes();
        }
        let mut out = input.to_vec();
        for secret in &self.secrets {
            out = replace_bytes(&out, secret.as_bytes(), SCRUBBED.as_bytes());
        }
        out
    }

    /// The matcher value to record for query or form key `key`: nothing for signature
    /// and volatile keys, `[scrubbed]` for credential keys, the example account id for
    /// an owner/account key holding one, else the scrubbed text.
    pub fn param(&self, key: &str, value: &str) -> Option<String> {
        if listed(&self.rules.signature_params, key) || self.is_volatile(key) {
            return None;
        }
        Some(if listed(&self.rules.secret_params, key) {
            SCRUBBED.to_string()
        } else if is_account_field(key) && is_account_id(value) {
            EXAMPLE_ACCOUNT_ID.to_string()
        } else {
            self.text(value)
        })
    }

    /// Scrubs a JSON document in place: credential fields, account-id fields, and the
    /// text of every string.
    pub fn json(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if listed(&self.rules.secret_fields, key) && v.is_string() {
                        *v = Value::String(SCRUBBED.into());
                    } else if is_account_field(key) && v.as_str().is_some_and(is_account_id) {
                        *v = Value::String(EXAMPLE_ACCOUNT_ID.into());
                    } else if is_account_field(key)
                        && v.as_u64().is_some_and(|n| is_account_id(&n.to_string()))
                    {
                        *v = Value::from(123_456_789_012_u64);
                    } else {
                        self.json(v);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn every() -> Scrubber {
        Scrubber::default().with_rules(RecordingRules::every_provider())
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn volatile_keys_are_left_out_of_matchers() {
        let plain = Scrubber::default().with_rules(RecordingRules::every_provider());
        assert_eq!(plain.param("ClientToken", "3f2a").as_deref(), Some("3f2a"));
        let s = Scrubber::new(["s3cr3t-value".to_string()])
            .with_rules(RecordingRules::every_provider())
            .with_volatile([
                "ClientToken".to_string(),
                String::new(),
                "clienttoken".to_string(),
            ]);
        assert_eq!(s.param("ClientToken", "3f2a"), None);
        assert_eq!(s.param("clienttoken", "3f2a"), None);
        assert!(s.is_volatile("CLIENTTOKEN"));
        assert!(!s.is_volatile("Action"));
        assert_eq!(
            s.param("Action", "RunInstances").as_deref(),
            Some("RunInstances")
        );
        assert_eq!(s.param("Name", "s3cr3t-value").as_deref(), Some(SCRUBBED));
        assert!(format!("{s:?}").contains("ClientToken"));
        let pem = "<CreateKeyPairResponse><keyName>k</keyName><keyMaterial>-----BEGIN RSA PRIVATE \
                   KEY-----\nMIIEpAIB\n-----END RSA PRIVATE KEY-----</keyMaterial></CreateKeyPairResponse>";
        let scrubbed = s.text(pem);
        assert!(!scrubbed.contains("MIIEpAIB"), "{scrubbed}");
        assert!(
            scrubbed.contains("<keyMaterial>[scrubbed]</keyMaterial>"),
            "{scrubbed}"
        );
        assert!(!format!("{s:?}").contains("s3cr3t-value"));
    }

    #[test]
    fn credential_headers_are_never_kept() {
        for h in [
            "Authorization",
            "X-Amz-Security-Token",
            "X-Amz-Date",
            "Cookie",
            "x-api-key",
        ] {
            assert!(!every().keep_request_header(h), "{h}");
            assert!(!every().keep_response_header(h), "{h}");
        }
        assert!(!every().keep_response_header("Set-Cookie"));
        for h in [
            "Content-Type",
            "x-amz-target",
            "X-Amz-Meta-Color",
            "Range",
            "X-Filter",
        ] {
            assert!(every().keep_request_header(h), "{h}");
        }
        assert!(!every().keep_request_header("user-agent"));
        assert!(!every().keep_request_header("x-amz-meta-"));
        assert!(
            every().keep_response_header("ETag") && every().keep_response_header("content-type")
        );
        assert!(!every().keep_response_header("date") && !every().keep_response_header("server"));
    }

    #[test]
    fn secret_params_become_placeholders_and_signatures_go() {
        let s = Scrubber::default().with_rules(RecordingRules::every_provider());
        for key in [
            "AWSAccessKeyId",
            "api_key",
            "token",
            "password",
            "X-Amz-Security-Token",
        ] {
            assert_eq!(
                s.param(key, "real-value-123").as_deref(),
                Some(SCRUBBED),
                "{key}"
            );
        }
        for key in [
            "Signature",
            "X-Amz-Signature",
            "x-amz-credential",
            "X-Amz-Date",
            "sig",
        ] {
            assert_eq!(s.param(key, "real-value-123"), None, "{key}");
        }
        let kept = |k: &str, v: &str| s.param(k, v).unwrap();
        assert_eq!(kept("Action", "DescribeInstances"), "DescribeInstances");
        assert_eq!(kept("NextToken", "page-2"), "page-2");
        assert_eq!(kept("Owner", "AKIAIOSFODNN7EXAMPLE"), EXAMPLE_ACCESS_KEY_ID);
        assert_eq!(kept("Owner.1", "210987654321"), EXAMPLE_ACCOUNT_ID);
        assert_eq!(kept("MaxResults", "210987654321"), "210987654321");
    }

    #[test]
    fn explicit_secrets_go_everywhere_in_any_encoding() {
        let s = Scrubber::new(["my secret/value".to_string(), String::new()])
            .with_rules(RecordingRules::every_provider());
        assert_eq!(s.text("a my secret/value b"), "a [scrubbed] b");
        assert_eq!(s.text("q=my+secret%2Fvalue&r=1"), "q=[scrubbed]&r=1");
        assert_eq!(s.text("q=my%20secret%2Fvalue"), "q=[scrubbed]");
        let binary = [
            0xff, 0xfe, b'm', b'y', b' ', b's', b'e', b'c', b'r', b'e', b't', b'/', b'v', b'a',
            b'l', b'u', b'e', 0,
        ];
        let out = s.bytes(&binary);
        assert_eq!(&out[..2], &[0xff, 0xfe]);
        assert_eq!(&out[2..12], SCRUBBED.as_bytes());
        assert_eq!(out[12], 0);
        assert!(!format!("{s:?}").contains("secret/value"));
    }

    #[test]
    fn json_documents_are_scrubbed_structurally() {
        let s = Scrubber::new(["tok-ABCDEFGH".to_string()])
            .with_rules(RecordingRules::every_provider());
        let mut v = json!({
            "label": "web-1",
            "root_pass": "hunter2!",
            "Password": "x",
            "password_expiry": 3,
            "nested": [{"token": "t"}, {"note": "key tok-ABCDEFGH here"}],
            "OwnerId": "210987654321",
            "account": 210987654321_u64,
            "size": 210987654321_u64,
            "arn": "arn:aws:iam::210987654321:user/u",
            "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "next": null
        });
        s.json(&mut v);
        assert_eq!(
            v,
            json!({
                "label": "web-1",
                "root_pass": "[scrubbed]",
                "Password": "[scrubbed]",
                "password_expiry": 3,
                "nested": [{"token": "[scrubbed]"}, {"note": "key [scrubbed] here"}],
                "OwnerId": "123456789012",
                "account": 123456789012_u64,
                "size": 210987654321_u64,
                "arn": "arn:aws:iam::123456789012:user/u",
                "AccessKeyId": "AKIDEXAMPLE",
                "next": null
            })
        );
    }

    #[test]
    fn secrets_found_in_credential_headers() {
        let found = every().secrets_in_headers(&headers(&[
            ("Authorization", "Bearer linode-token-123456"),
            ("x-amz-security-token", "IQoJb3JpZ2luX2VjEOr"),
            ("X-Api-Key", "short"),
            ("content-type", "application/json"),
        ]));
        assert_eq!(found, ["linode-token-123456", "IQoJb3JpZ2luX2VjEOr"]);
        let sigv4 = every().secrets_in_headers(&headers(&[(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, Signature=abc",
        )]));
        assert!(sigv4.is_empty());
        let bare = every().secrets_in_headers(&headers(&[("authorization", "rawtoken-abcdefgh")]));
        assert_eq!(bare, ["rawtoken-abcdefgh"]);
    }
}
