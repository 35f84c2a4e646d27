//! Swift object storage behind the portable `ObjectStorage` trait: containers, objects
//! streamed both ways, ranged and resumed reads, listings paged past Swift's 10,000
//! entries with `marker`, server-side copies.

mod bulk;
mod cdn;
mod containers;
pub mod info;
pub mod large;
pub mod model;
mod objects;
pub mod paths;
pub mod temp_url;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::http::HttpClient;
use cloud_core::http::{HttpRequest, Method};
use cloud_core::storage::Progress;
use cloud_core::storage::{
    ByteRange, ByteStream, CdnContainer, Container, ListEntry, ListObjects, ObjectDownload,
    ObjectMeta, ObjectStorage, PutOptions, SignedUrl, SignedUrlRequest, StorageCapabilities,
    StorageFeature, validate_container_name, validate_object_key,
};
use cloud_core::{BoxStream, Error, ErrorKind, Result, Secret};
use futures::StreamExt;
use info::ClusterInfo;
use large::LargeObjects;
use std::path::Path;
use tokio::sync::OnceCell;

use crate::client::ServiceClient;

/// Entries per page of a listing unless the caller asks for fewer (Swift's most).
pub const MAX_PAGE: u32 = 10_000;

/// Swift behind [`ObjectStorage`]: every request goes to the account URL the catalog
/// named (or the caller set), with the session's token.
#[derive(Debug, Clone)]
pub struct SwiftStorage {
    service: ServiceClient,
    /// The CDN management service, where the cloud has one.
    cdn: Option<ServiceClient>,
    temp_url_key: Option<Secret>,
    large: LargeObjects,
    info: Arc<OnceCell<ClusterInfo>>,
}

impl SwiftStorage {
    /// A driver sending through `service`, whose endpoint is the account URL
    /// (`…/v1/AUTH_<project>`); `temp_url_key` signs temporary URLs instead of the key
    /// set on the container or account; `large` says when and how objects go up as
    /// static large objects.
    pub fn new(service: ServiceClient, temp_url_key: Option<Secret>, large: LargeObjects) -> Self {
        SwiftStorage {
            service,
            cdn: None,
            temp_url_key,
            large,
            info: Arc::new(OnceCell::new()),
        }
    }

    /// The driver of the session `identity` logs in for: Swift at the catalog's
    /// `object-store` endpoint (or the `object_store_endpoint` option), large objects as
    /// `config`'s options say, temporary URLs signed with `temp_url_key` when given.
    pub fn connect(
        identity: &crate::identity::Identity,
        config: &cloud_core::ProviderConfig,
        temp_url_key: Option<Secret>,
    ) -> Result<Self> {
        let explicit = crate::settings::endpoint_option(config, "object_store_endpoint")?;
        let service = ServiceClient::new(identity, config, "object-store", explicit)?;
        Ok(SwiftStorage::new(
            service,
            temp_url_key,
            crate::settings::large_objects(config)?,
        ))
    }

    /// The same driver with the CDN management service `cdn` (Rackspace's
    /// `cloudFilesCDN`): containers can then be published on the CDN.
    pub fn with_cdn(mut self, cdn: ServiceClient) -> Self {
        self.cdn = Some(cdn);
        self
    }

    /// The CDN service's client; `Unsupported` when the cloud has none.
    async fn cdn_http(&self, operation: &str) -> Result<Arc<HttpClient>> {
        match &self.cdn {
            Some(cdn) => cdn.get().await,
            None => Err(Error::unsupported(self.service.provider(), operation)),
        }
    }

    /// `result` with its error naming this driver's provider id.
    fn tag<T>(&self, result: Result<T>) -> Result<T> {
        crate::errors::relabel(self.service.provider(), result)
    }

    /// `stream` with its errors naming this driver's provider id.
    fn tag_stream<'a, T: 'a>(&self, stream: BoxStream<'a, Result<T>>) -> BoxStream<'a, Result<T>> {
        crate::errors::relabel_stream(self.service.provider(), stream)
    }

    /// What the cluster's `/info` says, read once.
    pub async fn cluster_info(&self) -> Result<ClusterInfo> {
        let http = self.http().await?;
        self.info
            .get_or_try_init(|| info::fetch(&http))
            .await
            .cloned()
    }

    /// Sets the account's temporary URL key (`X-Account-Meta-Temp-URL-Key`), which signs
    /// every temporary URL of the account's objects.
    pub async fn set_temp_url_key(&self, key: &Secret) -> Result<()> {
        let http = self.http().await?;
        let request = HttpRequest::new("set_temp_url_key", Method::POST, http.url(""))
            .header("x-account-meta-temp-url-key", key.expose())
            .idempotent(true);
        http.send(request).await.map(|_| ())
    }

    /// The key temporary URLs of `container` are signed with: the `temp_url_key`
    /// credential, else the container's, else the account's; none is `Configuration`.
    async fn signing_key(&self, http: &HttpClient, container: &str) -> Result<Secret> {
        if let Some(key) = &self.temp_url_key {
            return Ok(key.clone());
        }
        let head = |path: String, operation: &'static str| {
            http.send(HttpRequest::new(operation, Method::HEAD, http.url(&path)))
        };
        let container_answer = head(paths::container_path(container), "get_container")
            .await
            .map_err(|e| containers::missing_container(e, container))?;
        if let Some(key) = container_answer.header("x-container-meta-temp-url-key") {
            return Ok(Secret::new(key));
        }
        let account = head(String::new(), "head_account").await?;
        account
            .header("x-account-meta-temp-url-key")
            .map(Secret::new)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Configuration,
                    format!(
                        "no temporary URL key: set X-Account-Meta-Temp-URL-Key on the account, \
                         X-Container-Meta-Temp-URL-Key on container {container}, or the \
                         temp_url_key credential (LIBCLOUD_OPENSTACK_TEMP_URL_KEY)"
                    ),
                )
                .with_provider(crate::PROVIDER_ID)
            })
    }

    /// The account URL requests go to (logging in first when needed).
    pub async fn account_url(&self) -> Result<url::Url> {
        Ok(self.http().await?.endpoint().url().clone())
    }

    async fn http(&self) -> Result<Arc<HttpClient>> {
        self.service.get().await
    }

    /// A listing that first makes sure of the client.
    fn listing<'a, T, F>(&'a self, list: F) -> BoxStream<'a, Result<T>>
    where
        T: Send + 'a,
        F: FnOnce(Arc<HttpClient>) -> BoxStream<'a, Result<T>> + Send + 'a,
    {
        let first = async move {
            match self.http().await {
                Ok(http) => list(http),
                Err(e) => futures::stream::once(async move { Err(e) }).boxed(),
            }
        };
        futures::stream::once(first).flatten().boxed()
    }
}

#[async_trait]
impl ObjectStorage for SwiftStorage {
    fn provider_id(&self) -> &str {
        self.service.provider()
    }

    fn capabilities(&self) -> StorageCapabilities {
        StorageCapabilities::with([
            StorageFeature::RangedGet,
            StorageFeature::Copy,
            StorageFeature::UserMetadata,
            StorageFeature::Delimiter,
            StorageFeature::SignedGet,
            StorageFeature::SignedPut,
        ])
        .and(self.cdn.is_some().then_some(StorageFeature::Cdn))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.tag_stream(self.listing(containers::list))
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        self.tag(async { containers::get(&*self.http().await?, name).await }.await)
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        self.tag(async { containers::create(&*self.http().await?, name).await }.await)
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        self.tag(async { containers::delete(&*self.http().await?, name).await }.await)
    }

    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.tag_stream(self.listing(move |http| objects::list(http, container, options)))
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        self.tag(async { objects::head(&*self.http().await?, container, key).await }.await)
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        self.tag(
            async {
                validate_container_name(container)?;
                validate_object_key(key)?;
                let http = self.http().await?;
                let info = self.cluster_info().await?;
                let single = match options.size {
                    Some(size) => !self.large.is_large(size, &info),
                    None => info.slo_min_segment_size.is_none(),
                };
                if single {
                    return objects::put(&http, container, key, body, options).await;
                }
                large::put_stream(
                    http.clone(),
                    &info,
                    &self.large,
                    container,
                    key,
                    body,
                    options,
                )
                .await?;
                objects::head(&http, container, key).await
            }
            .await,
        )
    }

    async fn put_object_from_file_with_progress(
        &self,
        container: &str,
        key: &str,
        path: &Path,
        options: &PutOptions,
        progress: Progress,
    ) -> Result<ObjectMeta> {
        self.tag(
            async {
                validate_container_name(container)?;
                validate_object_key(key)?;
                let size = tokio::fs::metadata(path)
                    .await
                    .map_err(|e| Error::io(format!("stat {}", path.display()), e))?
                    .len();
                let info = self.cluster_info().await?;
                if !self.large.is_large(size, &info) {
                    let (body, size) = cloud_core::storage::file_body(path, progress).await?;
                    let mut options = options.clone();
                    options.size = Some(size);
                    return objects::put(&*self.http().await?, container, key, body, &options)
                        .await;
                }
                let http = self.http().await?;
                large::put_file(
                    http.clone(),
                    &info,
                    &self.large,
                    container,
                    key,
                    path,
                    size,
                    options,
                    progress,
                )
                .await?;
                objects::head(&http, container, key).await
            }
            .await,
        )
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        self.tag(async { objects::get(&self.http().await?, container, key, range).await }.await)
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        self.tag(
            async {
                let http = self.http().await?;
                match objects::head_raw(&http, container, key).await? {
                    headers if large::is_manifest(&headers) => {
                        large::delete_manifest(&http, container, key).await
                    }
                    _ => objects::delete(&http, container, key).await,
                }
            }
            .await,
        )
    }

    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        self.tag(
            async {
                let http = self.http().await?;
                objects::copy(&http, src_container, src_key, dst_container, dst_key).await
            }
            .await,
        )
    }

    async fn signed_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        self.tag(
            async {
                validate_container_name(container)?;
                validate_object_key(key)?;
                let info = self.cluster_info().await?;
                let allowed = info.tempurl_digests.ok_or_else(|| {
                    Error::unsupported(
                        crate::PROVIDER_ID,
                        "signed_url (the cluster has no tempurl)",
                    )
                })?;
                let digest = temp_url::Digest::choose(&allowed)?;
                let http = self.http().await?;
                let secret = self.signing_key(&http, container).await?;
                temp_url::temp_url(
                    http.endpoint().url(),
                    container,
                    key,
                    secret.expose(),
                    digest,
                    request,
                    std::time::SystemTime::now(),
                )
                .map(|url| SignedUrl::new(url, request.method))
            }
            .await,
        )
    }

    async fn enable_cdn(
        &self,
        container: &str,
        ttl: Option<std::time::Duration>,
    ) -> Result<CdnContainer> {
        self.tag(
            async { cdn::enable(&*self.cdn_http("enable_cdn").await?, container, ttl).await }.await,
        )
    }

    async fn disable_cdn(&self, container: &str) -> Result<()> {
        self.tag(
            async { cdn::disable(&*self.cdn_http("disable_cdn").await?, container).await }.await,
        )
    }

    async fn cdn_container(&self, container: &str) -> Result<CdnContainer> {
        self.tag(async { cdn::get(&*self.cdn_http("cdn_container").await?, container).await }.await)
    }
}
