//! The driver: construction from a `ProviderConfig`, and the `ObjectStorage` trait
//! mapped onto the operations in `ops`.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::auth::{TokenCache, TokenSigner};
use cloud_core::http::{NoAuth, Signer};
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, SignedUrl, SignedUrlRequest, StorageCapabilities, StorageFeature,
};
use cloud_core::{BoxStream, Clock, ProviderConfig, Result, SystemClock};
use cloud_google_auth::{GoogleAuth, UrlSigner};

use crate::PROVIDER_ID;
use crate::client::GcsClient;
use crate::settings::{GcsSettings, SCOPE};

/// The OAuth2 scopes requested.
static SCOPES: &[&str] = &[SCOPE];

/// Google Cloud Storage, through its JSON API, as [`ObjectStorage`].
///
/// Cheap to clone; clones share connections and tokens.
#[derive(Clone)]
pub struct GcsStorage {
    pub(crate) client: GcsClient,
    pub(crate) settings: GcsSettings,
    pub(crate) project: Option<String>,
    pub(crate) url_signer: Option<Arc<dyn UrlSigner>>,
    pub(crate) clock: Arc<dyn Clock>,
}

/// The Google credentials for `settings`: required, unless the driver is anonymous
/// (there a service-account key, when one is found, still signs URLs).
fn credentials(config: &ProviderConfig, settings: &GcsSettings) -> Result<Option<GoogleAuth>> {
    if settings.anonymous {
        return Ok(GoogleAuth::from_config(PROVIDER_ID, config, SCOPES).ok());
    }
    GoogleAuth::from_config(PROVIDER_ID, config, SCOPES).map(Some)
}

impl std::fmt::Debug for GcsStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GcsStorage")
            .field("endpoint", &self.settings.endpoint.as_str())
            .field("anonymous", &self.settings.anonymous)
            .field("project", &self.project)
            .field("signs_urls", &self.url_signer.is_some())
            .finish_non_exhaustive()
    }
}

impl GcsStorage {
    /// A driver for `config`. With `STORAGE_EMULATOR_HOST` (or the `emulator_host`
    /// option), or an endpoint override, requests go there without credentials (unless
    /// the `anonymous` option is `false`); otherwise to `https://storage.googleapis.com`
    /// with bearer tokens from Google credentials (`cloud-google-auth`, scope
    /// `devstorage.read_write`). Sends nothing.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = GcsSettings::from_config(config)?;
        let auth = credentials(config, &settings)?;
        Self::with_credentials(config, settings, auth)
    }

    /// [`new`](GcsStorage::new), and when neither the options nor the credentials name
    /// a project but the tokens come from the metadata server (on Compute Engine), the
    /// instance's project as that server tells it. The factory connects this way.
    pub async fn connect(config: &ProviderConfig) -> Result<Self> {
        let settings = GcsSettings::from_config(config)?;
        let mut auth = credentials(config, &settings)?;
        if settings.project.is_none()
            && !settings.anonymous
            && let Some(auth) = &mut auth
        {
            auth.discover_project_id().await;
        }
        Self::with_credentials(config, settings, auth)
    }

    /// The driver for `settings`: anonymous, or with bearer tokens from `auth`.
    fn with_credentials(
        config: &ProviderConfig,
        settings: GcsSettings,
        auth: Option<GoogleAuth>,
    ) -> Result<Self> {
        match auth {
            Some(auth) if !settings.anonymous => {
                let signer = Arc::new(TokenSigner::bearer(auth.token_cache()));
                Self::build(config, settings, signer, Some(&auth))
            }
            auth => Self::build(config, settings, Arc::new(NoAuth), auth.as_ref()),
        }
    }

    /// A driver for `config` whose requests carry `Authorization: Bearer` tokens from
    /// `cache`, whatever the endpoint (tokens obtained elsewhere: a broker, a test).
    pub fn with_token_cache(config: &ProviderConfig, cache: TokenCache) -> Result<Self> {
        let mut settings = GcsSettings::from_config(config)?;
        settings.anonymous = false;
        Self::build(config, settings, Arc::new(TokenSigner::bearer(cache)), None)
    }

    fn build(
        config: &ProviderConfig,
        settings: GcsSettings,
        signer: Arc<dyn Signer>,
        auth: Option<&GoogleAuth>,
    ) -> Result<Self> {
        let client = GcsClient::new(&settings, config.http_settings()?, signer)?;
        let project = settings
            .project
            .clone()
            .or_else(|| auth.and_then(|a| a.project_id().map(str::to_string)));
        Ok(GcsStorage {
            client,
            settings,
            project,
            url_signer: auth.and_then(GoogleAuth::url_signer),
            clock: Arc::new(SystemClock),
        })
    }

    /// The same driver signing URLs with `signer` (a service-account key held
    /// elsewhere, such as one behind IAM's `signBlob`).
    pub fn with_url_signer(mut self, signer: Arc<dyn UrlSigner>) -> Self {
        self.url_signer = Some(signer);
        self
    }

    /// The same driver taking the time of signed URLs from `clock` (for tests).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The settings in force.
    pub fn settings(&self) -> &GcsSettings {
        &self.settings
    }

    /// The project buckets are listed and created in, when one is known.
    pub fn project(&self) -> Option<&str> {
        self.project.as_deref()
    }
}

#[async_trait]
impl ObjectStorage for GcsStorage {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> StorageCapabilities {
        let signed = self.url_signer.is_some();
        StorageCapabilities::with([
            StorageFeature::RangedGet,
            StorageFeature::Copy,
            StorageFeature::UserMetadata,
            StorageFeature::Delimiter,
            StorageFeature::Multipart,
        ])
        .and(signed.then_some(StorageFeature::SignedGet))
        .and(signed.then_some(StorageFeature::SignedPut))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.list_buckets()
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        self.get_bucket(name).await
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        self.create_bucket(name).await
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        self.delete_bucket(name).await
    }

    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.list(container, options)
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        self.head(container, key).await
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        self.put(container, key, body, options).await
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        self.get(container, key, range).await
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        self.delete(container, key).await
    }

    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        self.rewrite(src_container, src_key, dst_container, dst_key)
            .await
    }

    async fn signed_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        let url = self.sign_url(container, key, request)?;
        Ok(SignedUrl::new(url, request.method))
    }
}
