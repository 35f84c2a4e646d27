//! The driver: construction from a `ProviderConfig`, and the `ObjectStorage` trait
//! mapped onto the operations in `ops`.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use cloud_aws_auth::{CredentialChain, CredentialsProvider, ServiceTarget};
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, Progress, PutOptions, SignedUrl, SignedUrlRequest, StorageCapabilities,
    StorageFeature,
};
use cloud_core::{BoxStream, Clock, ProviderConfig, Result, SystemClock};

use crate::PROVIDER_ID;
use crate::client::{Addressing, S3Client};
use crate::settings::S3Options;

/// Amazon S3 (and S3-compatible services) as [`ObjectStorage`].
///
/// Cheap to clone; every clone shares connections, credentials and what it learnt
/// about bucket regions.
#[derive(Clone)]
pub struct S3Storage {
    pub(crate) client: S3Client,
    pub(crate) options: S3Options,
}

impl std::fmt::Debug for S3Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Storage")
            .field("region", &self.client.region())
            .field("custom_endpoint", &self.client.addressing().is_custom())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl S3Storage {
    /// A driver for `config`: credentials through the AWS chain (explicit
    /// `access_key_id` / `secret_access_key` / `session_token`, `AWS_*` variables,
    /// shared files, instance metadata), region from the config, `AWS_REGION`,
    /// `AWS_DEFAULT_REGION` or the profile (else `us-east-1`), endpoint from the config,
    /// `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` (else AWS's regional endpoint), and
    /// the options described in the crate docs. Sends nothing.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let chain = CredentialChain::from_provider_config(config)?;
        let ServiceTarget { region, endpoint } =
            ServiceTarget::resolve(chain.context(), config, "s3")?;
        let custom = endpoint.is_overridden().then(|| endpoint.url().clone());
        let options = S3Options::from_config(config, custom.is_some())?;
        let addressing = Addressing::new(custom, options.addressing);
        let credentials: Arc<dyn CredentialsProvider> = Arc::new(chain);
        let client = S3Client::new(
            addressing,
            region,
            options.payload_signing,
            config.http_settings()?,
            credentials,
            Arc::new(SystemClock),
        );
        Ok(S3Storage { client, options })
    }

    /// The same driver signing with time from `clock` (for tests of signatures and
    /// signed URLs). What it learnt about bucket regions is kept.
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        S3Storage {
            client: self.client.with_clock(clock),
            options: self.options,
        }
    }

    /// The options in force.
    pub fn options(&self) -> &S3Options {
        &self.options
    }

    /// The configured region (buckets found elsewhere are reached in their own).
    pub fn region(&self) -> &str {
        self.client.region()
    }

    /// The region `bucket` is known to be in (after a redirect or a listing), else the
    /// configured one.
    pub fn bucket_region(&self, bucket: &str) -> String {
        self.client.bucket_region(bucket)
    }
}

#[async_trait]
impl ObjectStorage for S3Storage {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> StorageCapabilities {
        StorageCapabilities::with([
            StorageFeature::RangedGet,
            StorageFeature::Copy,
            StorageFeature::UserMetadata,
            StorageFeature::SignedGet,
            StorageFeature::SignedPut,
            StorageFeature::Delimiter,
            StorageFeature::Multipart,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.list_buckets()
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        self.head_bucket(name).await
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

    async fn put_object_from_file_with_progress(
        &self,
        container: &str,
        key: &str,
        path: &Path,
        options: &PutOptions,
        progress: Progress,
    ) -> Result<ObjectMeta> {
        self.put_file(container, key, path, options, progress).await
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
        let url = self.presign(container, key, request).await?;
        Ok(SignedUrl::new(url, request.method))
    }
}
