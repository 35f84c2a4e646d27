//! Swift object storage behind the portable `ObjectStorage` trait: containers, objects
//! streamed both ways, ranged and resumed reads, listings paged past Swift's 10,000
//! entries with `marker`, server-side copies.

mod containers;
pub mod model;
mod objects;
pub mod paths;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::http::HttpClient;
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, StorageCapabilities, StorageFeature,
};
use cloud_core::{BoxStream, Result};
use futures::StreamExt;

use crate::client::ServiceClient;

/// Entries per page of a listing unless the caller asks for fewer (Swift's most).
pub const MAX_PAGE: u32 = 10_000;

/// Swift behind [`ObjectStorage`]: every request goes to the account URL the catalog
/// named (or the caller set), with the session's token.
#[derive(Debug, Clone)]
pub struct SwiftStorage {
    service: ServiceClient,
}

impl SwiftStorage {
    /// A driver sending through `service`, whose endpoint is the account URL
    /// (`…/v1/AUTH_<project>`).
    pub fn new(service: ServiceClient) -> Self {
        SwiftStorage { service }
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
        crate::PROVIDER_ID
    }

    fn capabilities(&self) -> StorageCapabilities {
        StorageCapabilities::with([
            StorageFeature::RangedGet,
            StorageFeature::Copy,
            StorageFeature::UserMetadata,
            StorageFeature::Delimiter,
        ])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.listing(containers::list)
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        containers::get(&*self.http().await?, name).await
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        containers::create(&*self.http().await?, name).await
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        containers::delete(&*self.http().await?, name).await
    }

    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.listing(move |http| objects::list(http, container, options))
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        objects::head(&*self.http().await?, container, key).await
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        objects::put(&*self.http().await?, container, key, body, options).await
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        objects::get(&self.http().await?, container, key, range).await
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        objects::delete(&*self.http().await?, container, key).await
    }

    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        let http = self.http().await?;
        objects::copy(&http, src_container, src_key, dst_container, dst_key).await
    }
}
