//! Transport: the HttpClient (endpoint, bearer tokens or none, Google's error parser),
//! the URLs of the JSON and upload APIs, and the request helpers every call goes
//! through.

use std::sync::Arc;

use cloud_core::http::{
    Endpoint, HttpClient, HttpConfig, HttpRequest, HttpResponse, Method, Signer, StreamingResponse,
};
use cloud_core::{Error, ErrorKind, Result};
use url::Url;

use crate::errors::GcsErrorParser;
use crate::ops::{encode_object_name, query_value};
use crate::{GcsSettings, PROVIDER_ID};

/// The driver's HTTP client, cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct GcsClient {
    http: HttpClient,
}

impl GcsClient {
    /// A client for `settings`' endpoint, signing with `signer`.
    pub(crate) fn new(
        settings: &GcsSettings,
        http: HttpConfig,
        signer: Arc<dyn Signer>,
    ) -> Result<Self> {
        let endpoint = Endpoint::new(settings.endpoint.clone(), settings.overridden)?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            http,
            signer,
            Arc::new(GcsErrorParser),
        )?;
        Ok(GcsClient { http })
    }

    /// The HTTP settings in force.
    pub(crate) fn config(&self) -> &HttpConfig {
        self.http.config()
    }

    /// The endpoint's base URL.
    pub(crate) fn base(&self) -> &Url {
        self.http.endpoint().url()
    }

    /// `…/storage/v1/b/{bucket}` (the bucket checked by the caller).
    pub(crate) fn bucket_url(&self, bucket: &str) -> Url {
        self.http
            .url(&format!("storage/v1/b/{}", encode_object_name(bucket)))
    }

    /// `…/storage/v1/b/{bucket}/o/{object}`, the name encoded as one path segment.
    pub(crate) fn object_url(&self, bucket: &str, key: &str) -> Url {
        self.http.url(&format!(
            "storage/v1/b/{}/o/{}",
            encode_object_name(bucket),
            encode_object_name(key)
        ))
    }

    /// `…/upload/storage/v1/b/{bucket}/o`.
    pub(crate) fn upload_url(&self, bucket: &str) -> Url {
        self.http.url(&format!(
            "upload/storage/v1/b/{}/o",
            encode_object_name(bucket)
        ))
    }

    /// `…/storage/v1/{path}` (`b` for the bucket collection).
    pub(crate) fn api_url(&self, path: &str) -> Url {
        self.http.url(&format!("storage/v1/{path}"))
    }

    /// Sends and reads the answer whole.
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.http.send(request).await
    }

    /// Sends and leaves the answer's body streaming.
    pub(crate) async fn send_streaming(&self, request: HttpRequest) -> Result<StreamingResponse> {
        self.http.send_streaming(request).await
    }

    /// The resumable session URI from a `Location` header, at this client's endpoint:
    /// its path and query are kept, its scheme, host and port must be the endpoint's,
    /// or are replaced by them when the server named another origin (an emulator behind
    /// a proxy names its own address). Requests never go to a host the user did not
    /// choose.
    pub(crate) fn session_url(&self, location: &str) -> Result<Url> {
        let base = self.base();
        let given = base.join(location).map_err(|e| {
            Error::new(
                ErrorKind::MalformedResponse,
                format!("the resumable upload's session URI is not a URL: {e}"),
            )
            .with_provider(PROVIDER_ID)
        })?;
        if !given.path().contains("/upload/") || !has_upload_id(&given) {
            return Err(Error::new(
                ErrorKind::MalformedResponse,
                "the resumable upload's session URI has no upload id",
            )
            .with_provider(PROVIDER_ID));
        }
        let mut url = base.clone();
        url.set_path(given.path());
        url.set_query(given.query());
        Ok(url)
    }
}

fn has_upload_id(url: &Url) -> bool {
    url.query_pairs()
        .any(|(k, v)| k == "upload_id" && !v.is_empty())
}

/// Sets `url`'s query to `pairs`, each value percent-encoded (RFC 3986 unreserved
/// characters kept), so `+`, spaces and `/` reach the server as they are.
pub(crate) fn with_query(mut url: Url, pairs: &[(&str, &str)]) -> Url {
    if pairs.is_empty() {
        url.set_query(None);
        return url;
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", query_value(k), query_value(v)))
        .collect();
    url.set_query(Some(&query.join("&")));
    url
}

/// A request of `operation`.
pub(crate) fn request(operation: &str, method: Method, url: Url) -> HttpRequest {
    HttpRequest::new(operation, method, url)
}

#[cfg(test)]
mod tests {
    use cloud_core::http::NoAuth;

    use super::*;

    fn client(endpoint: &str) -> GcsClient {
        let settings = GcsSettings {
            endpoint: Url::parse(endpoint).unwrap(),
            overridden: true,
            anonymous: true,
            project: None,
            location: None,
            upload_threshold: 1,
            chunk_size: 262_144,
        };
        GcsClient::new(&settings, HttpConfig::default(), Arc::new(NoAuth)).unwrap()
    }

    #[test]
    fn names_are_one_path_segment() {
        let c = client("http://127.0.0.1:9000");
        for (key, path) in [
            ("a+b", "/storage/v1/b/bk/o/a%2Bb"),
            ("a%2Fb", "/storage/v1/b/bk/o/a%252Fb"),
            ("a//b/", "/storage/v1/b/bk/o/a%2F%2Fb%2F"),
            (
                "with space/ünï",
                "/storage/v1/b/bk/o/with%20space%2F%C3%BCn%C3%AF",
            ),
            ("~._-", "/storage/v1/b/bk/o/~._-"),
        ] {
            assert_eq!(c.object_url("bk", key).path(), path, "{key:?}");
        }
        assert_eq!(
            c.upload_url("bk").as_str(),
            "http://127.0.0.1:9000/upload/storage/v1/b/bk/o"
        );
    }

    #[test]
    fn query_values_are_strictly_encoded() {
        let url = with_query(
            Url::parse("http://127.0.0.1/x").unwrap(),
            &[("prefix", "a b+c/"), ("delimiter", "/")],
        );
        assert_eq!(url.query(), Some("prefix=a%20b%2Bc%2F&delimiter=%2F"));
    }

    #[test]
    fn session_uris_stay_at_the_endpoint() {
        let c = client("http://127.0.0.1:9000");
        let url = c
            .session_url(
                "http://127.0.0.1:4443/upload/storage/v1/b/bk/o?uploadType=resumable&upload_id=abc",
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9000/upload/storage/v1/b/bk/o?uploadType=resumable&upload_id=abc"
        );
        for bad in ["http://evil.example/x?upload_id=1", "/upload/x", "::"] {
            assert!(c.session_url(bad).is_err(), "{bad}");
        }
    }
}
