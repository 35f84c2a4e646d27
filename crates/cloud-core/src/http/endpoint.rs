//! Where a driver sends its requests, and the rules on plain HTTP and loopback.

use std::net::IpAddr;

use url::Url;

use crate::{Error, ErrorKind, Result};

/// Environment variable that, set to `1`, makes every driver refuse non-loopback hosts.
pub const LOOPBACK_ONLY_ENV: &str = "LIBCLOUD_LOOPBACK_ONLY";

/// A base URL, and whether the user chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
    overridden: bool,
}

impl Endpoint {
    /// The provider's own endpoint. Must be `https://`.
    pub fn provider_default(url: &str) -> Result<Self> {
        let url = parse(url)?;
        if url.scheme() != "https" {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("default endpoint {url} is not https"),
            ));
        }
        Ok(Endpoint {
            url,
            overridden: false,
        })
    }

    /// An endpoint the user set explicitly; `http://` is allowed here only.
    pub fn overridden(url: Url) -> Result<Self> {
        match url.scheme() {
            "http" | "https" => Ok(Endpoint {
                url,
                overridden: true,
            }),
            other => Err(Error::new(
                ErrorKind::Configuration,
                format!("endpoint scheme {other:?} is not http or https"),
            )),
        }
    }

    /// [`Endpoint::overridden`] when `overridden` (the user named `url`), else
    /// [`Endpoint::provider_default`] (which must be `https://`).
    pub fn new(url: Url, overridden: bool) -> Result<Self> {
        if overridden {
            Endpoint::overridden(url)
        } else {
            Endpoint::provider_default(url.as_str())
        }
    }

    /// [`Endpoint::overridden`] for an API that lives under `api_path` (`/v4`,
    /// `/api/v1`): a URL with no path of its own (`http://127.0.0.1:8080`) gets that path,
    /// one with a path (a proxy's prefix) is kept as given.
    pub fn overridden_with_api_path(url: &Url, api_path: &str) -> Result<Self> {
        let mut url = url.clone();
        if url.path().trim_matches('/').is_empty() {
            url.set_path(api_path);
        }
        Endpoint::overridden(url)
    }

    /// An endpoint discovered through `via` (a service catalog from the identity
    /// endpoint the session logged in at). It must be `https://`, unless `via` itself is
    /// a plain-`http://` endpoint the user chose: plain HTTP stays something only an
    /// explicit choice turns on.
    pub fn discovered(url: Url, via: &Endpoint) -> Result<Self> {
        let user_chose_http = via.overridden && via.url.scheme() == "http";
        match url.scheme() {
            "https" => {}
            "http" if user_chose_http => {}
            other => {
                return Err(Error::new(
                    ErrorKind::Configuration,
                    format!(
                        "the service catalog names {url} ({other}); only https is used unless \
                         the identity endpoint was set to plain http explicitly"
                    ),
                ));
            }
        }
        Ok(Endpoint {
            url,
            overridden: false,
        })
    }

    /// The user's override when given, else the provider's default.
    pub fn choose(override_url: Option<&Url>, default: &str) -> Result<Self> {
        match override_url {
            Some(u) => Endpoint::overridden(u.clone()),
            None => Endpoint::provider_default(default),
        }
    }

    /// The base URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Whether the user chose this endpoint.
    pub fn is_overridden(&self) -> bool {
        self.overridden
    }

    /// Joins a path (with or without a leading `/`) onto the base URL's path.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.url.clone();
        let base = url.path().trim_end_matches('/').to_string();
        let rest = path.trim_start_matches('/');
        url.set_path(&format!("{base}/{rest}"));
        url
    }
}

fn parse(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("invalid endpoint URL {url:?}: {e}"),
        )
    })
}

/// Whether `url` points at a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_override_gets_the_api_path_and_a_pathed_one_is_kept() {
        let bare = Url::parse("http://127.0.0.1:8081").unwrap();
        let endpoint = Endpoint::overridden_with_api_path(&bare, "/api/v1").unwrap();
        assert_eq!(endpoint.url().as_str(), "http://127.0.0.1:8081/api/v1");
        let pathed = Url::parse("https://dns.example.net/pdns/api/v1").unwrap();
        let endpoint = Endpoint::overridden_with_api_path(&pathed, "/api/v1").unwrap();
        assert_eq!(
            endpoint.url().as_str(),
            "https://dns.example.net/pdns/api/v1"
        );
        let ftp = Url::parse("ftp://127.0.0.1/").unwrap();
        assert!(Endpoint::overridden_with_api_path(&ftp, "/v4").is_err());
    }

    #[test]
    fn default_must_be_https_but_override_may_be_http() {
        assert!(Endpoint::provider_default("http://api.example.com").is_err());
        assert!(Endpoint::provider_default("https://api.example.com").is_ok());
        let e = Endpoint::overridden(Url::parse("http://127.0.0.1:9/v4").unwrap()).unwrap();
        assert!(e.is_overridden());
        assert!(Endpoint::overridden(Url::parse("ftp://x/").unwrap()).is_err());
    }

    #[test]
    fn new_is_an_override_or_a_default_as_told() {
        let plain = Url::parse("http://127.0.0.1:9/").unwrap();
        assert!(Endpoint::new(plain.clone(), true).unwrap().is_overridden());
        assert!(
            Endpoint::new(plain, false).is_err(),
            "a default must be https"
        );
        let secure = Url::parse("https://api.example.com/").unwrap();
        assert!(!Endpoint::new(secure, false).unwrap().is_overridden());
    }

    #[test]
    fn discovered_endpoints_are_https_unless_identity_was_chosen_plain() {
        let https_identity = Endpoint::provider_default("https://id.example/v3").unwrap();
        let plain = Url::parse("http://10.0.0.1:8774/v2.1").unwrap();
        let secure = Url::parse("https://nova.example/v2.1").unwrap();
        assert!(Endpoint::discovered(secure.clone(), &https_identity).is_ok());
        let err = Endpoint::discovered(plain.clone(), &https_identity).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        let chosen = Endpoint::overridden(Url::parse("http://127.0.0.1:5000/v3").unwrap()).unwrap();
        let e = Endpoint::discovered(plain, &chosen).unwrap();
        assert!(!e.is_overridden());
    }

    #[test]
    fn join_keeps_base_path() {
        let e = Endpoint::provider_default("https://api.example.com/v4/").unwrap();
        assert_eq!(
            e.join("/linode/instances").as_str(),
            "https://api.example.com/v4/linode/instances"
        );
        assert_eq!(e.join("x").as_str(), "https://api.example.com/v4/x");
    }

    #[test]
    fn loopback_detection() {
        for (u, want) in [
            ("http://127.0.0.1:1/", true),
            ("http://127.8.9.1/", true),
            ("http://[::1]:80/", true),
            ("http://localhost/", true),
            ("https://api.linode.com/", false),
            ("http://10.0.0.1/", false),
        ] {
            assert_eq!(is_loopback_host(&Url::parse(u).unwrap()), want, "{u}");
        }
    }
}
