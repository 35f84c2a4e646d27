//! Transport: the HttpClient (endpoint, signer, the Blob error parser), the URLs of the
//! service, containers and blobs, and the request helper every call goes through (it
//! adds `x-ms-version`).

use std::sync::Arc;

use cloud_core::Result;
use cloud_core::http::{
    Endpoint, HttpClient, HttpConfig, HttpRequest, HttpResponse, Method, Signer, StreamingResponse,
};
use url::Url;

use crate::errors::AzureBlobErrorParser;
use crate::ops::{encode_blob_name, query_value};
use crate::{API_VERSION, AzureBlobSettings, PROVIDER_ID};

/// The driver's HTTP client, cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct BlobClient {
    http: HttpClient,
}

impl BlobClient {
    /// A client for `settings`' endpoint, signing with `signer`.
    pub(crate) fn new(
        settings: &AzureBlobSettings,
        http: HttpConfig,
        signer: Arc<dyn Signer>,
    ) -> Result<Self> {
        let endpoint = Endpoint::new(settings.endpoint.clone(), settings.overridden)?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            http,
            signer,
            Arc::new(AzureBlobErrorParser),
        )?;
        Ok(BlobClient { http })
    }

    /// The HTTP settings in force.
    pub(crate) fn config(&self) -> &HttpConfig {
        self.http.config()
    }

    /// The service's URL (`…/`), for account-level calls.
    pub(crate) fn service_url(&self) -> Url {
        self.http.url("")
    }

    /// `…/{container}` (the name checked by the caller).
    pub(crate) fn container_url(&self, container: &str) -> Url {
        self.http.url(container)
    }

    /// `…/{container}/{blob}`, each segment of the name percent-encoded and its `/`
    /// kept.
    pub(crate) fn blob_url(&self, container: &str, key: &str) -> Url {
        self.http
            .url(&format!("{container}/{}", encode_blob_name(key)))
    }

    /// Sends and reads the answer whole.
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.http.send(request).await
    }

    /// Sends and leaves the answer's body streaming.
    pub(crate) async fn send_streaming(&self, request: HttpRequest) -> Result<StreamingResponse> {
        self.http.send_streaming(request).await
    }
}

/// `url` with `pairs` as its query, each name and value percent-encoded (RFC 3986
/// unreserved characters kept), so `+`, spaces and `/` reach the server as they are.
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

/// A request of `operation`, carrying `x-ms-version`.
pub(crate) fn request(operation: &str, method: Method, url: Url) -> HttpRequest {
    HttpRequest::new(operation, method, url).header("x-ms-version", API_VERSION)
}

#[cfg(test)]
mod tests {
    use cloud_core::http::NoAuth;

    use super::*;
    use crate::Credentials;

    fn client(endpoint: &str) -> BlobClient {
        let settings = AzureBlobSettings {
            endpoint: Url::parse(endpoint).unwrap(),
            overridden: true,
            account: None,
            credentials: Credentials::Unusable("test".into()),
            upload_threshold: 1,
            block_size: 1,
            concurrency: 1,
            download_part_size: 1,
            download_concurrency: 1,
        };
        BlobClient::new(&settings, HttpConfig::default(), Arc::new(NoAuth)).unwrap()
    }

    #[test]
    fn names_keep_their_slashes_and_nothing_else() {
        let c = client("http://127.0.0.1:10000/devstoreaccount1");
        for (key, path) in [
            ("a+b", "/devstoreaccount1/c/a%2Bb"),
            ("a%2Fb", "/devstoreaccount1/c/a%252Fb"),
            ("a//b/", "/devstoreaccount1/c/a//b/"),
            (
                "with space/ünï",
                "/devstoreaccount1/c/with%20space/%C3%BCn%C3%AF",
            ),
            ("q?x=1&y#f", "/devstoreaccount1/c/q%3Fx%3D1%26y%23f"),
            ("~._-", "/devstoreaccount1/c/~._-"),
        ] {
            assert_eq!(c.blob_url("c", key).path(), path, "{key:?}");
        }
        assert_eq!(c.service_url().path(), "/devstoreaccount1/");
        let host = client("https://acct.blob.core.windows.net/");
        assert_eq!(
            host.blob_url("c", "k").as_str(),
            "https://acct.blob.core.windows.net/c/k"
        );
    }

    #[test]
    fn query_values_are_strictly_encoded() {
        let url = with_query(
            Url::parse("http://127.0.0.1/x").unwrap(),
            &[("prefix", "a b+c/"), ("blockid", "QUE+Lw==")],
        );
        assert_eq!(
            url.query(),
            Some("prefix=a%20b%2Bc%2F&blockid=QUE%2BLw%3D%3D")
        );
    }
}
