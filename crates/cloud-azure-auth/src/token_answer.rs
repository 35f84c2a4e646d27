//! Azure AD's token answers, and the managed identity endpoints' (same shape, numbers
//! as strings): `{"token_type":"Bearer","expires_in":3599,"access_token":…}`, or with
//! `expires_on` (Unix seconds) in place of `expires_in`. Messages name fields, never a
//! token.

use std::time::{Duration, SystemTime};

use cloud_core::auth::AccessToken;
use cloud_core::{Error, Result, Secret};
use serde::Deserialize;

/// A successful token answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAnswer {
    /// The access token.
    pub access_token: Secret,
    /// When it expires: relative or absolute.
    pub expiry: Expiry,
}

/// When a token answer says the token expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// `expires_in`: this many seconds after the answer.
    In(u64),
    /// `expires_on`: at this Unix time.
    On(u64),
    /// Neither was given.
    Unknown,
}

impl TokenAnswer {
    /// The token, expiring as the answer said, counting from `now`. An answer without
    /// an expiry gives a token kept until the server refuses it.
    pub fn into_access_token(self, now: SystemTime) -> AccessToken {
        match self.expiry {
            Expiry::In(secs) => {
                AccessToken::valid_for(self.access_token, now, Duration::from_secs(secs))
            }
            Expiry::On(unix) => AccessToken::new(
                self.access_token,
                SystemTime::UNIX_EPOCH + Duration::from_secs(unix),
            ),
            Expiry::Unknown => AccessToken::non_expiring(self.access_token),
        }
    }
}

#[derive(Deserialize)]
struct RawAnswer {
    access_token: Option<Secret>,
    expires_in: Option<serde_json::Value>,
    expires_on: Option<serde_json::Value>,
    token_type: Option<String>,
}

/// Parses a successful answer; anything else is a `MalformedResponse` error naming
/// `origin` (`the token endpoint …`).
pub fn parse_token_answer(body: &[u8], origin: &str) -> Result<TokenAnswer> {
    let malformed = |what: String| Error::malformed(format!("{origin} answered {what}"));
    let raw: RawAnswer = serde_json::from_slice(body).map_err(|e| {
        malformed(format!(
            "something that is not a token JSON object ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    let access_token = raw
        .access_token
        .filter(|t| !t.expose().trim().is_empty())
        .ok_or_else(|| malformed("without an access_token".into()))?;
    if let Some(token_type) = raw.token_type
        && !token_type.eq_ignore_ascii_case("bearer")
    {
        return Err(malformed(format!(
            "a token of type {:?}, not Bearer",
            token_type.chars().take(40).collect::<String>()
        )));
    }
    let expiry = match (
        seconds(raw.expires_in, "expires_in", &malformed)?,
        seconds(raw.expires_on, "expires_on", &malformed)?,
    ) {
        (Some(secs), _) => Expiry::In(secs),
        (None, Some(unix)) => Expiry::On(unix),
        (None, None) => Expiry::Unknown,
    };
    Ok(TokenAnswer {
        access_token,
        expiry,
    })
}

/// A whole number of seconds, given as a JSON number or a string of digits.
fn seconds(
    value: Option<serde_json::Value>,
    field: &str,
    malformed: &impl Fn(String) -> Error,
) -> Result<Option<u64>> {
    let bad = || malformed(format!("an {field} that is not a whole number of seconds"));
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(serde_json::Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn expires_in_counts_from_now_and_expires_on_is_absolute() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let a = parse_token_answer(
            br#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0.tok"}"#,
            "t",
        )
        .unwrap();
        let token = a.into_access_token(now);
        assert_eq!(token.secret.expose(), "eyJ0.tok");
        assert_eq!(token.expires_at, Some(now + Duration::from_secs(3599)));

        let imds = parse_token_answer(
            br#"{"access_token":"x","expires_in":"86399","expires_on":"1506484173","resource":"https://management.azure.com/","token_type":"Bearer"}"#,
            "t",
        )
        .unwrap();
        assert_eq!(imds.expiry, Expiry::In(86399));

        let app_service = parse_token_answer(
            br#"{"access_token":"x","expires_on":"1586984735","resource":"r","token_type":"Bearer"}"#,
            "t",
        )
        .unwrap();
        assert_eq!(app_service.expiry, Expiry::On(1_586_984_735));
        assert_eq!(
            app_service.into_access_token(now).expires_at,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_586_984_735))
        );

        let bare = parse_token_answer(br#"{"access_token":"x"}"#, "t").unwrap();
        assert_eq!(bare.into_access_token(now).expires_at, None);
    }

    #[test]
    fn broken_answers_are_malformed_and_never_show_the_token() {
        for body in [
            &br#"{"access_token":"eyJ.secret-tok","expires_in":36"#[..],
            br#"{"expires_in":3600}"#,
            br#"{"access_token":"  "}"#,
            br#"{"access_token":"eyJ.secret-tok","token_type":"pop"}"#,
            br#"{"access_token":"eyJ.secret-tok","expires_in":-5}"#,
            br#"{"access_token":"eyJ.secret-tok","expires_in":"soon"}"#,
            br#"{"access_token":"eyJ.secret-tok","expires_on":[1]}"#,
            br#"{"access_token":7}"#,
            b"[]",
            b"",
        ] {
            let e = parse_token_answer(body, "the token endpoint").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedResponse);
            assert!(!e.to_string().contains("secret-tok"), "{e}");
            assert!(e.message().starts_with("the token endpoint"), "{e}");
        }
    }
}
