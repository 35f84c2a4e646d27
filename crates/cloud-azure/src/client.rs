//! Transport: the endpoint, the pipeline's client with its bearer token and error
//! parser, the subscription and resource group every path is under, the `api-version`
//! of each resource type, following links Azure answers with (`nextLink`,
//! `Azure-AsyncOperation`, `Location`) only back to Resource Manager, and the request
//! helpers every call goes through.

use std::sync::Arc;

use cloud_core::auth::{TokenCache, TokenSigner};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Error, ErrorKind, ProviderConfig, Result};
use serde_json::Value;
use url::Url;

use crate::PROVIDER_ID;
use crate::errors::AzureErrorParser;
use crate::settings::missing;

/// The `api-version` a family of resource types is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// `Microsoft.Compute`: virtualMachines, locations/vmSizes, images, the marketplace
    /// image catalog (locations/publishers/…/versions), sshPublicKeys.
    Compute,
    /// `Microsoft.Compute` disks and snapshots.
    Disks,
    /// `Microsoft.Network`: virtualNetworks and subnets, publicIPAddresses,
    /// networkInterfaces.
    Network,
    /// Subscriptions and their locations (`Microsoft.Resources`).
    Subscriptions,
}

impl ApiVersion {
    /// The version string sent as `api-version`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Compute => "2024-07-01",
            ApiVersion::Disks => "2024-03-02",
            ApiVersion::Network => "2024-05-01",
            ApiVersion::Subscriptions => "2022-12-01",
        }
    }
}

/// Every resource type the driver calls, with the `api-version` it uses.
pub const API_VERSIONS: &[(&str, ApiVersion)] = &[
    ("Microsoft.Compute/virtualMachines", ApiVersion::Compute),
    ("Microsoft.Compute/locations/vmSizes", ApiVersion::Compute),
    ("Microsoft.Compute/images", ApiVersion::Compute),
    (
        "Microsoft.Compute/locations/publishers (marketplace images)",
        ApiVersion::Compute,
    ),
    ("Microsoft.Compute/sshPublicKeys", ApiVersion::Compute),
    ("Microsoft.Compute/disks", ApiVersion::Disks),
    ("Microsoft.Compute/snapshots", ApiVersion::Disks),
    ("Microsoft.Network/virtualNetworks", ApiVersion::Network),
    ("Microsoft.Network/publicIPAddresses", ApiVersion::Network),
    ("Microsoft.Network/networkInterfaces", ApiVersion::Network),
    ("subscriptions/locations", ApiVersion::Subscriptions),
];

/// Azure Resource Manager for one subscription and resource group.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    http: HttpClient,
    /// Resource Manager's own address in the cloud configured; links naming it are
    /// followed at the endpoint in use (an override included).
    resource_manager: Url,
    subscription: Option<String>,
    resource_group: Option<String>,
}

impl Api {
    /// A client for `config`'s endpoint (or `resource_manager`), signing with tokens
    /// from `tokens`.
    pub(crate) fn connect(
        config: &ProviderConfig,
        resource_manager: Url,
        tokens: TokenCache,
        subscription: Option<String>,
        resource_group: Option<String>,
    ) -> Result<Self> {
        let endpoint = match &config.endpoint {
            Some(url) => Endpoint::overridden(url.clone()),
            None => Endpoint::provider_default(resource_manager.as_str()),
        }
        .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http_settings()?,
            Arc::new(TokenSigner::bearer(tokens)),
            Arc::new(AzureErrorParser),
        )?;
        Ok(Api {
            http,
            resource_manager,
            subscription,
            resource_group,
        })
    }

    /// The subscription, or `Configuration` naming the option.
    pub(crate) fn subscription(&self, operation: &str) -> Result<&str> {
        self.subscription.as_deref().ok_or_else(|| {
            missing("subscription", "subscription_id", "AZURE_SUBSCRIPTION_ID")
                .with_operation(operation)
        })
    }

    /// The resource group, or `Configuration` naming the option.
    pub(crate) fn resource_group(&self, operation: &str) -> Result<&str> {
        self.resource_group.as_deref().ok_or_else(|| {
            missing("resource group", "resource_group", "AZURE_RESOURCE_GROUP")
                .with_operation(operation)
        })
    }

    /// The resource id of `provider_path` (`Microsoft.Compute/disks/d1`) in the resource
    /// group.
    pub(crate) fn resource_id(&self, provider_path: &str, operation: &str) -> Result<String> {
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{provider_path}",
            self.subscription(operation)?,
            self.resource_group(operation)?
        ))
    }

    /// The URL of a resource id (or any path from the root) with its `api-version`.
    pub(crate) fn url(&self, path: &str, version: ApiVersion) -> Url {
        let mut url = self.http.url(path);
        url.query_pairs_mut()
            .append_pair("api-version", version.as_str());
        url
    }

    /// The URL of `provider_path` in the resource group.
    pub(crate) fn group_url(
        &self,
        provider_path: &str,
        version: ApiVersion,
        operation: &str,
    ) -> Result<Url> {
        Ok(self.url(&self.resource_id(provider_path, operation)?, version))
    }

    /// The URL of `path` under the subscription (`locations`,
    /// `providers/Microsoft.Compute/locations/…`).
    pub(crate) fn subscription_url(
        &self,
        path: &str,
        version: ApiVersion,
        operation: &str,
    ) -> Result<Url> {
        let sub = self.subscription(operation)?;
        Ok(self.url(&format!("subscriptions/{sub}/{path}"), version))
    }

    /// A link Azure answered with, at the endpoint in use: accepted only when it points
    /// at Resource Manager (the cloud's own host, or the endpoint itself), so the token
    /// never goes anywhere else; `MalformedResponse` otherwise.
    pub(crate) fn follow(&self, link: &str, operation: &str) -> Result<Url> {
        let refuse = |why: &str| {
            Error::new(
                ErrorKind::MalformedResponse,
                format!(
                    "Azure answered with a link this driver does not follow ({why}): {:?}",
                    link.chars().take(120).collect::<String>()
                ),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(operation)
        };
        let parsed = Url::parse(link).map_err(|_| refuse("not a URL"))?;
        let endpoint = self.http.endpoint().url();
        let same_origin = |a: &Url, b: &Url| {
            a.scheme() == b.scheme()
                && a.host_str().map(str::to_ascii_lowercase)
                    == b.host_str().map(str::to_ascii_lowercase)
                && a.port_or_known_default() == b.port_or_known_default()
        };
        if !same_origin(&parsed, endpoint) && !same_origin(&parsed, &self.resource_manager) {
            return Err(refuse("not Resource Manager"));
        }
        if parsed.path().split('/').any(|s| s == ".." || s == ".") {
            return Err(refuse("a dot segment"));
        }
        let mut url = self.http.url(parsed.path());
        url.set_query(parsed.query());
        Ok(url)
    }

    /// Sends `request`, naming the provider and operation on any error.
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.http.send(request).await
    }

    /// A request of `method` to `url`, with a JSON body when given.
    pub(crate) fn request(
        &self,
        operation: &str,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> HttpRequest {
        let request = HttpRequest::new(operation, method, url);
        match body {
            Some(body) => request.json(body),
            None => request,
        }
    }

    /// `GET url`, parsed with `parse`.
    pub(crate) async fn get<T>(
        &self,
        operation: &str,
        url: Url,
        parse: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let resp = self
            .send(self.request(operation, Method::GET, url, None))
            .await?;
        parse(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// Every item of the list at `first` (built lazily, so a missing setting is the
    /// stream's one error), following `nextLink`; `parse` reads one page.
    pub(crate) fn list<T, P>(
        &self,
        operation: &'static str,
        first: Result<Url>,
        parse: P,
    ) -> BoxStream<'static, Result<T>>
    where
        T: Send + 'static,
        P: Fn(&[u8]) -> Result<Page<T>> + Send + Sync + 'static,
    {
        let api = self.clone();
        let parse = Arc::new(parse);
        let mut first = Some(first);
        paginate(move |next: Option<String>| {
            let api = api.clone();
            let parse = parse.clone();
            let url = match next {
                None => first
                    .take()
                    .unwrap_or_else(|| Err(Error::malformed("the list started twice"))),
                Some(link) => api.follow(&link, operation),
            };
            async move {
                let url = url?;
                api.get(operation, url, |body| parse(body)).await
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::auth::{AccessToken, TokenSource};
    use cloud_core::{Result, Secret};

    use super::*;

    #[derive(Debug)]
    struct Fixed;

    #[async_trait::async_trait]
    impl TokenSource for Fixed {
        async fn fetch(&self) -> Result<AccessToken> {
            Ok(AccessToken::non_expiring(Secret::new("t")))
        }
    }

    fn api(endpoint: Option<&str>) -> Api {
        let config = ProviderConfig {
            endpoint: endpoint.map(|e| e.parse().unwrap()),
            ..ProviderConfig::default()
        };
        Api::connect(
            &config,
            "https://management.azure.com/".parse().unwrap(),
            TokenCache::new(Arc::new(Fixed)),
            Some("00000000-0000-0000-0000-000000000000".into()),
            Some("demo-rg".into()),
        )
        .unwrap()
    }

    #[test]
    fn links_are_followed_only_back_to_resource_manager() {
        let local = api(Some("http://127.0.0.1:9999/"));
        let link = "https://management.azure.com/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/1?api-version=2024-07-01";
        assert_eq!(
            local.follow(link, "x").unwrap().as_str(),
            "http://127.0.0.1:9999/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/1?api-version=2024-07-01"
        );
        let own = "http://127.0.0.1:9999/subscriptions/s/x?$skiptoken=abc";
        assert_eq!(local.follow(own, "x").unwrap().as_str(), own);
        for bad in [
            "https://evil.example/subscriptions/s",
            "http://management.azure.com/subscriptions/s",
            "not a url",
            "https://management.azure.com:8443/subscriptions/s",
        ] {
            assert_eq!(
                local.follow(bad, "x").unwrap_err().kind(),
                ErrorKind::MalformedResponse,
                "{bad}"
            );
        }
        let real = api(None);
        assert_eq!(real.follow(link, "x").unwrap().as_str(), link);
    }

    #[test]
    fn urls_carry_the_api_version() {
        let a = api(None);
        let url = a
            .group_url("Microsoft.Compute/disks/d1", ApiVersion::Disks, "x")
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Compute/disks/d1?api-version=2024-03-02"
        );
    }
}
