//! The answer to a v1.0 login: headers only, no body.

use cloud_core::http::{HeaderMap, StatusCode};
use cloud_core::{Error, ErrorKind, Result, Secret};
use url::Url;

/// What a successful v1.0 login says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAnswer {
    /// The token for `X-Auth-Token` (`Debug` never shows it).
    pub token: Secret,
    /// The account's Cloud Servers endpoint (`X-Server-Management-Url`), which already
    /// names the account: `https://servers.api.rackspacecloud.com/v1.0/123456`.
    pub servers_url: Url,
}

/// Reads a login answer's headers: `X-Auth-Token` and `X-Server-Management-Url` must be
/// there (any status 2xx, 204 as documented). An account with no first-generation
/// servers (opened after Rackspace stopped selling them) gets no management URL: that is
/// `Unsupported`, saying so; anything else missing or unreadable is `MalformedResponse`.
pub fn parse_login_answer(status: StatusCode, headers: &HeaderMap) -> Result<LoginAnswer> {
    if !status.is_success() {
        return Err(Error::malformed(format!(
            "the login answered {status}, not a success"
        )));
    }
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let token = text("x-auth-token")
        .ok_or_else(|| Error::malformed("the login answered no X-Auth-Token header"))?;
    let Some(management) = text("x-server-management-url") else {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "the login answered no X-Server-Management-Url: this account has no \
             first-generation Cloud Servers (use the `rackspace` provider)",
        ));
    };
    let servers_url = Url::parse(management).map_err(|e| {
        Error::malformed(format!(
            "X-Server-Management-Url {:?} is not a URL: {e}",
            management.chars().take(120).collect::<String>()
        ))
    })?;
    if !matches!(servers_url.scheme(), "http" | "https") || servers_url.cannot_be_a_base() {
        return Err(Error::malformed(format!(
            "X-Server-Management-Url {servers_url} is not an http(s) base URL"
        )));
    }
    Ok(LoginAnswer {
        token: Secret::new(token),
        servers_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn token_and_endpoint_are_read() {
        let answer = parse_login_answer(
            StatusCode::NO_CONTENT,
            &headers(&[
                ("x-auth-token", "tok-abc"),
                (
                    "x-server-management-url",
                    "https://servers.api.rackspacecloud.com/v1.0/123456",
                ),
                ("x-storage-url", "https://storage.example/v1/x"),
            ]),
        )
        .unwrap();
        assert_eq!(answer.token.expose(), "tok-abc");
        assert_eq!(answer.servers_url.path(), "/v1.0/123456");
        assert!(!format!("{answer:?}").contains("tok-abc"));
    }

    #[test]
    fn missing_or_bad_headers_are_typed_errors() {
        let url = ("x-server-management-url", "https://s.example/v1.0/1");
        let err = parse_login_answer(StatusCode::NO_CONTENT, &headers(&[url])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse);
        let err = parse_login_answer(StatusCode::NO_CONTENT, &headers(&[("x-auth-token", "t")]))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.message().contains("first-generation"), "{err}");
        for bad in ["not a url", "ftp://x/y", "mailto:a@b"] {
            let err = parse_login_answer(
                StatusCode::NO_CONTENT,
                &headers(&[("x-auth-token", "t"), ("x-server-management-url", bad)]),
            )
            .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{bad}");
        }
        let err = parse_login_answer(StatusCode::FOUND, &headers(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    }
}
