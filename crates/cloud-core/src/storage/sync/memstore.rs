//! An in-memory object store for the sync's tests: one container, listings with or
//! without a delimiter, and a count of the uploads under way by size.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;

use crate::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, StorageCapabilities, StorageFeature,
};
use crate::{BoxStream, Error, Result};

/// An object's bytes and metadata.
type Stored = (Bytes, BTreeMap<String, String>);

/// The store.
#[derive(Debug, Default)]
pub(super) struct MemStore {
    objects: Mutex<BTreeMap<String, Stored>>,
    /// Whether listings take a delimiter.
    pub delimiter: bool,
    /// Uploads of at least this many bytes are large: they take a while.
    pub large: u64,
    /// Listings asked for.
    pub listings: AtomicUsize,
    large_now: AtomicUsize,
    /// The most large uploads under way at once.
    pub most_large: AtomicUsize,
    all_now: AtomicUsize,
    /// The most uploads under way at once.
    pub most_all: AtomicUsize,
    /// Small uploads that finished while a large one was under way.
    pub small_beside_large: AtomicUsize,
}

impl MemStore {
    /// An empty store whose uploads of at least `large` bytes take a while.
    pub fn with_large(large: u64) -> Self {
        MemStore {
            large,
            ..MemStore::default()
        }
    }

    /// A store holding `keys`, each with four bytes.
    pub fn with_keys(delimiter: bool, keys: &[&str]) -> Self {
        let store = MemStore {
            delimiter,
            large: u64::MAX,
            ..MemStore::default()
        };
        for key in keys {
            store.objects.lock().unwrap().insert(
                key.to_string(),
                (Bytes::from_static(b"data"), BTreeMap::new()),
            );
        }
        store
    }

    fn meta(key: &str, data: &Bytes, metadata: &BTreeMap<String, String>) -> ObjectMeta {
        ObjectMeta {
            container: "c".into(),
            name: key.into(),
            size: data.len() as u64,
            etag: None,
            content_type: None,
            last_modified: None,
            metadata: metadata.clone(),
            extra: Default::default(),
        }
    }
}

#[async_trait]
impl ObjectStorage for MemStore {
    fn provider_id(&self) -> &str {
        "mem"
    }

    fn capabilities(&self) -> StorageCapabilities {
        StorageCapabilities::with(self.delimiter.then_some(StorageFeature::Delimiter))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        Box::pin(futures::stream::empty())
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        Ok(Container {
            name: name.into(),
            created_at: None,
            location: None,
            extra: Default::default(),
        })
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        self.get_container(name).await
    }

    async fn delete_container(&self, _name: &str) -> Result<()> {
        Ok(())
    }

    fn list_objects<'a>(
        &'a self,
        _container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.listings.fetch_add(1, Ordering::SeqCst);
        let prefix = options.prefix.clone().unwrap_or_default();
        let delimiter = options.delimiter.clone().filter(|_| self.delimiter);
        let mut out = Vec::new();
        let mut prefixes = BTreeSet::new();
        for (key, (data, metadata)) in self.objects.lock().unwrap().iter() {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            match delimiter
                .as_deref()
                .and_then(|d| rest.find(d).map(|i| (d, i)))
            {
                Some((d, i)) => {
                    prefixes.insert(format!("{prefix}{}", &rest[..i + d.len()]));
                }
                None => out.push(Ok(ListEntry::Object(Self::meta(key, data, metadata)))),
            }
        }
        out.extend(
            prefixes
                .into_iter()
                .map(|prefix| Ok(ListEntry::Prefix { prefix })),
        );
        Box::pin(futures::stream::iter(out))
    }

    async fn head_object(&self, _container: &str, key: &str) -> Result<ObjectMeta> {
        let objects = self.objects.lock().unwrap();
        let (data, metadata) = objects
            .get(key)
            .ok_or_else(|| Error::not_found(format!("no object {key:?}")))?;
        Ok(Self::meta(key, data, metadata))
    }

    async fn put_object(
        &self,
        _container: &str,
        key: &str,
        mut body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let large = options.size.is_some_and(|s| s >= self.large);
        let all = self.all_now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_all.fetch_max(all, Ordering::SeqCst);
        if large {
            let now = self.large_now.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_large.fetch_max(now, Ordering::SeqCst);
        }
        let mut data = Vec::new();
        while let Some(chunk) = body.next().await {
            data.extend_from_slice(&chunk?);
        }
        if large {
            tokio::time::sleep(Duration::from_millis(50)).await;
            self.large_now.fetch_sub(1, Ordering::SeqCst);
        } else {
            tokio::time::sleep(Duration::from_millis(2)).await;
            if self.large_now.load(Ordering::SeqCst) > 0 {
                self.small_beside_large.fetch_add(1, Ordering::SeqCst);
            }
        }
        self.all_now.fetch_sub(1, Ordering::SeqCst);
        let data = Bytes::from(data);
        let meta = Self::meta(key, &data, &options.metadata);
        self.objects
            .lock()
            .unwrap()
            .insert(key.to_string(), (data, options.metadata.clone()));
        Ok(meta)
    }

    async fn get_object(
        &self,
        _container: &str,
        key: &str,
        _range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let meta = self.head_object("c", key).await?;
        let data = self.objects.lock().unwrap()[key].0.clone();
        Ok(ObjectDownload {
            meta,
            body: futures::stream::once(async move { Ok(data) }).boxed(),
        })
    }

    async fn delete_object(&self, _container: &str, key: &str) -> Result<()> {
        self.objects.lock().unwrap().remove(key);
        Ok(())
    }
}
