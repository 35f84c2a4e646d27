//! Removing credentials from recorded traffic before it is written as fixtures.
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

use serde_json::Value;

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

/// Query and form keys whose values are request signatures, different on every request
/// (case-insensitive).
pub const SIGNATURE_PARAMS: &[&str] = &[
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-date",
    "sig",
];

/// Query and form keys whose values are credentials (case-insensitive).
pub const SECRET_PARAMS: &[&str] = &[
    "x-amz-security-token",
    "securitytoken",
    "awsaccesskeyid",
    "api_key",
    "apikey",
    "token",
    "access_token",
    "password",
    "secret",
    "client_secret",
    "root_pass",
];

/// JSON keys and XML element names whose string values are credentials
/// (case-insensitive).
pub const SECRET_FIELDS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "password",
    "root_pass",
    "secret",
    "client_secret",
    "secretaccesskey",
    "secret_access_key",
    "sessiontoken",
    "session_token",
    "api_key",
    "apikey",
    "keymaterial",
    "private_key",
    "privatekey",
];

/// Headers never recorded (case-insensitive).
pub const DROPPED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-amz-security-token",
    "x-amz-date",
    "x-auth-token",
    "x-api-key",
    "cookie",
    "set-cookie",
];

const KEPT_REQUEST_HEADERS: &[&str] = &[
    "content-type",
    "x-amz-target",
    "x-amz-copy-source",
    "x-amz-acl",
    "x-amz-storage-class",
    "x-amz-metadata-directive",
    "x-filter",
    "range",
    "if-match",
    "if-none-match",
];

const KEPT_RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "content-range",
    "etag",
    "last-modified",
    "location",
    "retry-after",
    "x-amz-request-id",
    "x-amzn-requestid",
    "x-request-id",
];

const USER_METADATA_PREFIX: &str = "x-amz-meta-";

/// Secrets shorter than this are not taken from headers (they would replace too much).
const MIN_FOUND_SECRET_LEN: usize = 8;

fn listed(list: &[&str], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

fn listed_owned(list: &[String], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

fn is_user_metadata(name: &str) -> bool {
    name.len() > USER_METADATA_PREFIX.len()
        && name[..USER_METADATA_PREFIX.len()].eq_ignore_ascii_case(USER_METADATA_PREFIX)
}

/// Whether a request header is worth recording as a matcher (and is no credential).
pub fn keep_request_header(name: &str) -> bool {
    !listed(DROPPED_HEADERS, name) && (listed(KEPT_REQUEST_HEADERS, name) || is_user_metadata(name))
}

/// Whether a response header is recorded.
pub fn keep_response_header(name: &str) -> bool {
    !listed(DROPPED_HEADERS, name)
        && (listed(KEPT_RESPONSE_HEADERS, name) || is_user_metadata(name))
}

/// Whether a query or form key carries a credential.
pub fn is_secret_param(key: &str) -> bool {
    listed(SECRET_PARAMS, key)
}

/// Whether a query or form key carries a per-request signature.
pub fn is_signature_param(key: &str) -> bool {
    listed(SIGNATURE_PARAMS, key)
}

/// Whether a JSON key or XML element name carries a credential.
pub fn is_secret_field(name: &str) -> bool {
    listed(SECRET_FIELDS, name)
}

fn is_account_field(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("owner") || lower.contains("account")
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// The credentials carried by request headers (bearer tokens, session tokens, API
/// keys), to be scrubbed wherever else they show up.
pub fn secrets_in_headers(headers: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, value) in headers {
        let value = value.trim();
        let name = name.to_ascii_lowercase();
        let secret = match name.as_str() {
            "authorization" | "proxy-authorization" => match value.split_once(' ') {
                Some((scheme, rest))
                    if ["bearer", "token", "basic"]
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(scheme)) =>
                {
                    Some(rest.trim())
                }
                Some(_) => None,
                None => Some(value),
            },
            "x-amz-security-token" | "x-auth-token" | "x-api-key" => Some(value),
            _ => None,
        };
        if let Some(s) = secret.filter(|s| s.len() >= MIN_FOUND_SECRET_LEN) {
            found.push(s.to_string());
        }
    }
    found
}

/// Scrubs text, JSON and parameters; knows the explicit secrets of one recording and
/// the request parameters whose values change on every run.
#[derive(Clone, Default)]
pub struct Scrubber {
    /// Literal secrets and their URL-encoded forms, longest first.
    secrets: Vec<String>,
    /// Query and form keys left out of the request matchers (case-insensitive).
    volatile: Vec<String>,
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
    /// A scrubber that also replaces each of `secrets` wherever it appears.
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
        let s = scrub_url_params(&s);
        let s = scrub_xml_elements(&s);
        scrub_json_pairs(&s)
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
        if is_signature_param(key) || self.is_volatile(key) {
            return None;
        }
        Some(if is_secret_param(key) {
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
                    if is_secret_field(key) && v.is_string() {
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

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn volatile_keys_are_left_out_of_matchers() {
        let plain = Scrubber::default();
        assert_eq!(plain.param("ClientToken", "3f2a").as_deref(), Some("3f2a"));
        let s = Scrubber::new(["s3cr3t-value".to_string()]).with_volatile([
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
            assert!(!keep_request_header(h), "{h}");
            assert!(!keep_response_header(h), "{h}");
        }
        assert!(!keep_response_header("Set-Cookie"));
        for h in [
            "Content-Type",
            "x-amz-target",
            "X-Amz-Meta-Color",
            "Range",
            "X-Filter",
        ] {
            assert!(keep_request_header(h), "{h}");
        }
        assert!(!keep_request_header("user-agent"));
        assert!(!keep_request_header("x-amz-meta-"));
        assert!(keep_response_header("ETag") && keep_response_header("content-type"));
        assert!(!keep_response_header("date") && !keep_response_header("server"));
    }

    #[test]
    fn secret_params_become_placeholders_and_signatures_go() {
        let s = Scrubber::default();
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
        let s = Scrubber::new(["my secret/value".to_string(), String::new()]);
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
        let s = Scrubber::new(["tok-ABCDEFGH".to_string()]);
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
        let found = secrets_in_headers(&headers(&[
            ("Authorization", "Bearer linode-token-123456"),
            ("x-amz-security-token", "IQoJb3JpZ2luX2VjEOr"),
            ("X-Api-Key", "short"),
            ("content-type", "application/json"),
        ]));
        assert_eq!(found, ["linode-token-123456", "IQoJb3JpZ2luX2VjEOr"]);
        let sigv4 = secrets_in_headers(&headers(&[(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, Signature=abc",
        )]));
        assert!(sigv4.is_empty());
        let bare = secrets_in_headers(&headers(&[("authorization", "rawtoken-abcdefgh")]));
        assert_eq!(bare, ["rawtoken-abcdefgh"]);
    }
}
