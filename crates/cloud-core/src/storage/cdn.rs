//! Publishing containers on a content delivery network: what a CDN-enabled container
//! looks like, and the URL an object has there.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::{Error, Result};

/// A container's CDN settings and addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdnContainer {
    /// The container.
    pub container: String,
    /// Whether its objects are served by the CDN now.
    pub enabled: bool,
    /// How long the CDN caches an object, in seconds.
    pub ttl_secs: Option<u64>,
    /// The plain HTTP address of the container on the CDN.
    pub http: Option<Url>,
    /// The HTTPS address.
    pub https: Option<Url>,
    /// The address for streaming media.
    pub streaming: Option<Url>,
    /// The address for streaming to iOS devices.
    pub ios: Option<Url>,
}

/// Which of a container's CDN addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CdnUrlKind {
    /// Plain HTTP.
    Http,
    /// HTTPS.
    Https,
    /// Streaming media.
    Streaming,
    /// Streaming to iOS devices.
    Ios,
}

impl CdnContainer {
    /// The CDN address of object `key` of this container: the container's address of
    /// `kind` followed by the key, each part of it percent-encoded. A container that is
    /// not enabled, or has no address of that kind, is an `InvalidInput` error.
    pub fn object_url(&self, key: &str, kind: CdnUrlKind) -> Result<Url> {
        if !self.enabled {
            return Err(Error::invalid_input(format!(
                "container {} is not enabled on the CDN",
                self.container
            )));
        }
        let base = match kind {
            CdnUrlKind::Http => &self.http,
            CdnUrlKind::Https => &self.https,
            CdnUrlKind::Streaming => &self.streaming,
            CdnUrlKind::Ios => &self.ios,
        };
        let mut url = base.clone().ok_or_else(|| {
            Error::invalid_input(format!(
                "container {} has no {kind:?} CDN address",
                self.container
            ))
        })?;
        let shown = url.to_string();
        url.path_segments_mut()
            .map_err(|()| Error::invalid_input(format!("the CDN address {shown} takes no path")))?
            .pop_if_empty()
            .extend(key.split('/'));
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photos(enabled: bool) -> CdnContainer {
        CdnContainer {
            container: "photos".into(),
            enabled,
            ttl_secs: Some(86_400),
            http: Some(Url::parse("http://abc.r1.cf1.rackcdn.com").unwrap()),
            https: Some(Url::parse("https://abc.ssl.cf1.rackcdn.com/").unwrap()),
            streaming: None,
            ios: None,
        }
    }

    #[test]
    fn object_urls_join_the_encoded_key() {
        let c = photos(true);
        assert_eq!(
            c.object_url("2026/a b+c.jpg", CdnUrlKind::Http)
                .unwrap()
                .as_str(),
            "http://abc.r1.cf1.rackcdn.com/2026/a%20b+c.jpg"
        );
        assert_eq!(
            c.object_url("x", CdnUrlKind::Https).unwrap().as_str(),
            "https://abc.ssl.cf1.rackcdn.com/x"
        );
    }

    #[test]
    fn a_disabled_container_or_a_missing_kind_is_refused() {
        assert!(photos(false).object_url("x", CdnUrlKind::Http).is_err());
        assert!(photos(true).object_url("x", CdnUrlKind::Streaming).is_err());
    }
}
