//! The text patterns the scrubber rewrites: access key ids, account ids in ARNs, XML
//! elements and JSON pairs that hold credentials, credential parameters inside URLs.

use super::super::rules::{RecordingRules, listed};
use super::{EXAMPLE_ACCESS_KEY_ID, EXAMPLE_ACCOUNT_ID, SCRUBBED, is_account_field, is_account_id};

pub(super) fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// `AKIA…`/`ASIA…` followed by 16 upper-case letters or digits, standing alone.
pub(super) fn replace_access_key_ids(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i + 20 <= b.len() {
        let prefix_ok = b[i..].starts_with(b"AKIA") || b[i..].starts_with(b"ASIA");
        let alone_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let body_ok = b[i + 4..i + 20]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let alone_after = b.get(i + 20).is_none_or(|c| !c.is_ascii_alphanumeric());
        if prefix_ok && alone_before && body_ok && alone_after {
            out.push_str(&s[last..i]);
            out.push_str(EXAMPLE_ACCESS_KEY_ID);
            i += 20;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// `:` + 12 digits + `:`, as in `arn:aws:iam::123456789012:role/x`.
pub(super) fn replace_arn_account_ids(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i + 14 <= b.len() {
        if b[i] == b':' && b[i + 13] == b':' && b[i + 1..i + 13].iter().all(u8::is_ascii_digit) {
            out.push_str(&s[last..=i]);
            out.push_str(EXAMPLE_ACCOUNT_ID);
            i += 13;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// `?key=value` or `&key=value` inside a URL in text, for credential and signature keys.
pub(super) fn scrub_url_params(s: &str, rules: &RecordingRules) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if !matches!(b[i], b'?' | b'&' | b';') {
            i += 1;
            continue;
        }
        let key_start = i + 1;
        let key_len = b[key_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            .count();
        let eq = key_start + key_len;
        let key = &s[key_start..eq];
        if key_len == 0
            || b.get(eq) != Some(&b'=')
            || !(listed(&rules.secret_params, key) || listed(&rules.signature_params, key))
        {
            i = key_start;
            continue;
        }
        let value_start = eq + 1;
        let value_len = b[value_start..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && !b"&#\"'<>".contains(c))
            .count();
        if value_len > 0 {
            out.push_str(&s[last..value_start]);
            out.push_str(SCRUBBED);
            last = value_start + value_len;
        }
        i = value_start + value_len;
    }
    out.push_str(&s[last..]);
    out
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':' | b'.')
}

/// `<name …>value</name>` where `name` (without namespace prefix) is a credential field
/// or an owner/account field holding a 12-digit id.
pub(super) fn scrub_xml_elements(s: &str, rules: &RecordingRules) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = s[i..].find('<') {
        let open = i + off;
        let name_end = open
            + 1
            + b[open + 1..]
                .iter()
                .take_while(|c| is_name_byte(**c))
                .count();
        if name_end == open + 1 {
            i = open + 1;
            continue;
        }
        let name = &s[open + 1..name_end];
        let Some(gt) = s[name_end..].find('>').map(|g| name_end + g) else {
            break;
        };
        if b[gt - 1] == b'/' {
            i = gt + 1;
            continue;
        }
        let content_start = gt + 1;
        let close = format!("</{name}>");
        let content_end = s[content_start..].find('<').map(|c| content_start + c);
        let Some(content_end) = content_end.filter(|&e| s[e..].starts_with(&close)) else {
            i = content_start;
            continue;
        };
        let content = &s[content_start..content_end];
        let local = name.rsplit(':').next().unwrap_or(name);
        let replacement = if listed(&rules.secret_fields, local) && !content.is_empty() {
            Some(SCRUBBED)
        } else if is_account_field(local) && is_account_id(content.trim()) {
            Some(EXAMPLE_ACCOUNT_ID)
        } else {
            None
        };
        if let Some(r) = replacement {
            out.push_str(&s[last..content_start]);
            out.push_str(r);
            last = content_end;
        }
        i = content_end;
    }
    out.push_str(&s[last..]);
    out
}

/// The index of the quote closing the JSON string that opens at `start`.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// `"key": "value"` pairs in JSON text whose key is a credential field, or an
/// owner/account field holding a 12-digit id.
pub(super) fn scrub_json_pairs(s: &str, rules: &RecordingRules) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = s[i..].find('"') {
        let key_start = i + off;
        let Some(key_end) = string_end(b, key_start) else {
            break;
        };
        let colon = skip_ws(b, key_end + 1);
        let value_start = if b.get(colon) == Some(&b':') {
            skip_ws(b, colon + 1)
        } else {
            usize::MAX
        };
        if b.get(value_start) != Some(&b'"') {
            i = key_end + 1;
            continue;
        }
        let Some(value_end) = string_end(b, value_start) else {
            break;
        };
        let key = &s[key_start + 1..key_end];
        let value = &s[value_start + 1..value_end];
        let replacement = if listed(&rules.secret_fields, key) {
            Some(SCRUBBED)
        } else if is_account_field(key) && is_account_id(value) {
            Some(EXAMPLE_ACCOUNT_ID)
        } else {
            None
        };
        if let Some(r) = replacement {
            out.push_str(&s[last..=value_start]);
            out.push_str(r);
            last = value_end;
        }
        i = value_end + 1;
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::super::Scrubber;

    #[test]
    fn credential_and_signature_params_inside_urls() {
        let s = Scrubber::default().with_rules(crate::record::RecordingRules::every_provider());
        assert_eq!(
            s.text("<Location>https://b.s3/k?X-Amz-Date=20240101T000000Z&amp;X-Amz-Signature=ab12&amp;x-id=GetObject</Location>"),
            "<Location>https://b.s3/k?X-Amz-Date=[scrubbed]&amp;X-Amz-Signature=[scrubbed]&amp;x-id=GetObject</Location>"
        );
        assert_eq!(
            s.text(r#"{"url": "https://h/p?api_key=k1&page=2#f", "n": "a&token="}"#),
            r#"{"url": "https://h/p?api_key=[scrubbed]&page=2#f", "n": "a&token="}"#
        );
        assert_eq!(s.text("a?b=c&sigma=1"), "a?b=c&sigma=1");
    }

    #[test]
    fn access_key_ids_are_replaced_only_when_whole() {
        let s = Scrubber::default().with_rules(crate::record::RecordingRules::every_provider());
        assert_eq!(
            s.text("Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/ec2/aws4_request"),
            "Credential=AKIDEXAMPLE/20240101/us-east-1/ec2/aws4_request"
        );
        assert_eq!(s.text("<k>ASIA0123456789ABCDEF</k>"), "<k>AKIDEXAMPLE</k>");
        let untouched = [
            "AKIA0123",
            "XAKIAIOSFODNN7EXAMPLE",
            "AKIAIOSFODNN7EXAMPLEX",
            "AKIAiosfodnn7example",
        ];
        for t in untouched {
            assert_eq!(s.text(t), t);
        }
    }

    #[test]
    fn account_ids_in_arns_and_owner_fields() {
        let s = Scrubber::default().with_rules(crate::record::RecordingRules::every_provider());
        assert_eq!(
            s.text("arn:aws:iam::210987654321:role/web and arn:aws:sns:us-east-1:555566667777:t"),
            "arn:aws:iam::123456789012:role/web and arn:aws:sns:us-east-1:123456789012:t"
        );
        assert_eq!(
            s.text("<ownerId>210987654321</ownerId><imageOwnerId>210987654321</imageOwnerId>"),
            "<ownerId>123456789012</ownerId><imageOwnerId>123456789012</imageOwnerId>"
        );
        assert_eq!(
            s.text("<Account>210987654321</Account><volumeSize>210987654321</volumeSize>"),
            "<Account>123456789012</Account><volumeSize>210987654321</volumeSize>"
        );
        assert_eq!(s.text("time 12:34:56"), "time 12:34:56");
        assert_eq!(
            s.text("<ownerId>amazon</ownerId>"),
            "<ownerId>amazon</ownerId>"
        );
    }

    #[test]
    fn credential_fields_in_xml_and_json_text() {
        let s = Scrubber::default().with_rules(crate::record::RecordingRules::every_provider());
        let xml = r#"<r xmlns="x"><SecretAccessKey>wJalr/K7MDENG</SecretAccessKey><SessionToken>IQoJb3</SessionToken><x:password a="1">pw</x:password><NextToken>p2</NextToken><empty/></r>"#;
        assert_eq!(
            s.text(xml),
            r#"<r xmlns="x"><SecretAccessKey>[scrubbed]</SecretAccessKey><SessionToken>[scrubbed]</SessionToken><x:password a="1">[scrubbed]</x:password><NextToken>p2</NextToken><empty/></r>"#
        );
        let text = r#"{"label": "web", "root_pass" : "hunter2\"x", "token":"abc", "owner_id": "210987654321", "page": "2"}"#;
        assert_eq!(
            s.text(text),
            r#"{"label": "web", "root_pass" : "[scrubbed]", "token":"[scrubbed]", "owner_id": "123456789012", "page": "2"}"#
        );
    }

    #[test]
    fn malformed_text_is_left_alone() {
        let s = Scrubber::default().with_rules(crate::record::RecordingRules::every_provider());
        for t in [
            "\"unterminated",
            "\"token\": ",
            "\"token\": \"open",
            "<",
            "<a",
            "<ownerId>210987654321",
            "< b>",
            "é<password>x</password>ü",
        ] {
            let out = s.text(t);
            if t.contains("</password>") {
                assert_eq!(out, "é<password>[scrubbed]</password>ü");
            } else {
                assert_eq!(out, t);
            }
        }
    }
}
