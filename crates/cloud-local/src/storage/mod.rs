//! Object storage on the local filesystem.

mod containers;
mod layout;
mod list;
mod read;
mod record;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::paginate::stream_of_list;
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, StorageCapabilities, StorageFeature, validate_container_name,
    validate_object_key,
};
use cloud_core::{BoxStream, Error, Result};

use crate::PROVIDER_ID;
use crate::store::blocking;

/// An object storage driver over a directory.
///
/// Each container is a directory directly under the root; each object is a pair of flat
/// files in it (metadata and data), so any key, `a` and `a/b` alike, can exist at once.
/// Writes are atomic, both directions stream in 256 KiB chunks, and several processes
/// may share one root. Names are checked before anything touches the disk, so no key
/// or container name can reach outside the root.
pub struct LocalStorage {
    root: Arc<PathBuf>,
}

impl std::fmt::Debug for LocalStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStorage")
            .field("root", &self.root)
            .finish()
    }
}

impl LocalStorage {
    /// Serves the containers under `root`, creating the directory when absent. (The
    /// factory passes `<state_dir>/storage`.)
    pub fn open(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(|e| {
            Error::io(format!("create storage root {}", root.display()), e)
                .in_context(PROVIDER_ID, "open")
        })?;
        Ok(LocalStorage {
            root: Arc::new(root),
        })
    }

    /// The directory holding the containers.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn container_dir(&self, container: &str) -> PathBuf {
        self.root.join(container)
    }
}

fn check(operation: &str, container: &str, key: &str) -> Result<()> {
    validate_container_name(container)
        .and_then(|()| validate_object_key(key))
        .map_err(|e| e.in_context(PROVIDER_ID, operation))
}

#[async_trait]
impl ObjectStorage for LocalStorage {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
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
        let root = self.root.clone();
        stream_of_list(blocking("list_containers", move || containers::list(&root)))
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        let (root, name) = (self.root.clone(), name.to_string());
        blocking("get_container", move || containers::get(&root, &name)).await
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        let (root, name) = (self.root.clone(), name.to_string());
        blocking("create_container", move || containers::create(&root, &name)).await
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        let (root, name) = (self.root.clone(), name.to_string());
        blocking("delete_container", move || containers::delete(&root, &name)).await
    }

    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        if let Err(e) = validate_container_name(container) {
            let e = e.in_context(PROVIDER_ID, "list_objects");
            return stream_of_list(std::future::ready(Err(e)));
        }
        list::list(
            self.container_dir(container),
            container.to_string(),
            options.clone(),
        )
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        check("head_object", container, key)?;
        let dir = self.container_dir(container);
        let (container, key) = (container.to_string(), key.to_string());
        blocking("head_object", move || {
            record::load_record(&dir, &key)?
                .map(|r| r.to_meta(&container))
                .ok_or_else(|| containers::missing_object(&dir, &container, &key))
        })
        .await
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        check("put_object", container, key)?;
        write::put(
            self.container_dir(container),
            container.to_string(),
            key.to_string(),
            body,
            options.clone(),
        )
        .await
        .map_err(|e| e.in_context(PROVIDER_ID, "put_object"))
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        check("get_object", container, key)?;
        read::get(
            self.container_dir(container),
            container.to_string(),
            key.to_string(),
            range,
        )
        .await
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        check("delete_object", container, key)?;
        let dir = self.container_dir(container);
        let (container, key) = (container.to_string(), key.to_string());
        blocking("delete_object", move || {
            write::delete(&dir, &container, &key)
        })
        .await
    }

    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        check("copy_object", src_container, src_key)?;
        check("copy_object", dst_container, dst_key)?;
        let source = read::get(
            self.container_dir(src_container),
            src_container.to_string(),
            src_key.to_string(),
            None,
        )
        .await
        .map_err(|e| e.with_operation("copy_object"))?;
        let options = PutOptions {
            size: Some(source.meta.size),
            content_type: source.meta.content_type.clone(),
            metadata: source.meta.metadata.clone(),
        };
        write::put(
            self.container_dir(dst_container),
            dst_container.to_string(),
            dst_key.to_string(),
            source.body,
            options,
        )
        .await
        .map_err(|e| {
            e.with_operation("copy_object")
                .in_context(PROVIDER_ID, "copy_object")
        })
    }
}
