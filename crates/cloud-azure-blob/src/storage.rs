//! The driver: construction from a `ProviderConfig`, and the `ObjectStorage` trait
//! mapped onto the operations in `ops`.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::auth::{TokenCache, TokenSigner};
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, SignedUrl, SignedUrlRequest, StorageCapabilities, StorageFeature,
};
use cloud_core::{BoxStream, Clock, ProviderConfig, Result, SystemClock};

use crate::PROVIDER_ID;
use crate::client::BlobClient;
use crate::settings::{AzureBlobSettings, Credentials};
use crate::sign::{AzureSigner, Scheme};

/// Azure Blob storage as [`ObjectStorage`]: containers are containers, block blobs are
/// objects.
///
/// Cheap to clone; clones share connections and tokens.
#[derive(Clone)]
pub struct AzureBlobStorage {
    pub(crate) client: BlobClient,
    pub(crate) settings: AzureBlobSettings,
    pub(crate) clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for AzureBlobStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureBlobStorage")
            .field("endpoint", &self.settings.endpoint.as_str())
            .field("account", &self.settings.account)
            .field("credentials", &self.settings.credentials)
            .finish_non_exhaustive()
    }
}

impl AzureBlobStorage {
    /// A driver for `config`: credentials in their order of precedence (a connection
    /// string, an account key, a SAS token, Azure AD), the endpoint they name or
    /// `https://{account}.blob.{suffix}/` (an endpoint override wins). Sends nothing.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// [`AzureBlobStorage::new`] with the time (of `x-ms-date` and signed URLs) taken
    /// from `clock`; for tests.
    pub fn with_clock(config: &ProviderConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let settings = AzureBlobSettings::from_config(config)?;
        let scheme = match &settings.credentials {
            Credentials::SharedKey { account, key } => Scheme::SharedKey {
                account: account.clone(),
                key: key.clone(),
            },
            Credentials::Sas(token) => Scheme::Sas(token.clone()),
            Credentials::AzureAd(auth) => Scheme::Bearer(TokenSigner::bearer(auth.token_cache())),
            Credentials::Unusable(why) => Scheme::Unusable(why.clone()),
            Credentials::Token => Scheme::Unusable("no token cache was given".into()),
        };
        Self::build(config, settings, scheme, clock)
    }

    /// A driver for `config` whose requests carry `Authorization: Bearer` tokens from
    /// `cache` (tokens obtained elsewhere: a broker, a test). The endpoint comes from
    /// `config` (its override, or the `account` option).
    pub fn with_token_cache(config: &ProviderConfig, cache: TokenCache) -> Result<Self> {
        let settings = AzureBlobSettings::read(config, Some(Credentials::Token))?;
        let scheme = Scheme::Bearer(TokenSigner::bearer(cache));
        Self::build(config, settings, scheme, Arc::new(SystemClock))
    }

    fn build(
        config: &ProviderConfig,
        settings: AzureBlobSettings,
        scheme: Scheme,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let signer = Arc::new(AzureSigner::new(scheme, clock.clone()));
        let client = BlobClient::new(&settings, config.http_settings()?, signer)?;
        Ok(AzureBlobStorage {
            client,
            settings,
            clock,
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &AzureBlobSettings {
        &self.settings
    }

    /// The account name: configured, or read from the endpoint.
    pub(crate) fn account_name(&self) -> Option<String> {
        self.settings
            .account
            .clone()
            .or_else(|| crate::settings::account_of_endpoint(&self.settings.endpoint))
    }
}

#[async_trait]
impl ObjectStorage for AzureBlobStorage {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> StorageCapabilities {
        let signs = !matches!(self.settings.credentials, Credentials::Sas(_));
        StorageCapabilities::with([
            StorageFeature::RangedGet,
            StorageFeature::Copy,
            StorageFeature::UserMetadata,
            StorageFeature::Delimiter,
            StorageFeature::Multipart,
        ])
        .and(signs.then_some(StorageFeature::SignedGet))
        .and(signs.then_some(StorageFeature::SignedPut))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.list_all_containers()
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        self.container(name).await
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        self.create(name).await
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        self.delete_empty_container(name).await
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
        self.copy(src_container, src_key, dst_container, dst_key)
            .await
    }

    async fn signed_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        self.sign_url(container, key, request).await
    }
}
