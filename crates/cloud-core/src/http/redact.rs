//! Removing credentials from URLs before they reach logs or error text.

use url::Url;

/// Query keys whose values are credentials or signatures (compared case-insensitively).
pub const REDACTED_QUERY_KEYS: &[&str] = &[
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
    "upload_id",
    "awsaccesskeyid",
    "api_key",
    "apikey",
    "sig",
    "token",
    "access_token",
    "password",
    "secret",
];

/// The URL with userinfo removed and credential query values replaced by `[redacted]`.
pub fn redact_url(url: &Url) -> String {
    let mut out = url.clone();
    let _ = out.set_username("");
    let _ = out.set_password(None);
    if out.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let hidden = REDACTED_QUERY_KEYS
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&k));
                let v = if hidden {
                    "[redacted]".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        out.query_pairs_mut().clear().extend_pairs(pairs);
    }
    out.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_signatures_and_userinfo() {
        let u = Url::parse(
            "https://user:pw@h/p?X-Amz-Signature=abc123&sig=deadbeef&api_key=KEY&page=2",
        )
        .unwrap();
        let r = redact_url(&u);
        for secret in ["abc123", "deadbeef", "KEY", "pw", "user"] {
            assert!(!r.contains(secret), "{r}");
        }
        assert!(r.contains("page=2"));
    }
}
