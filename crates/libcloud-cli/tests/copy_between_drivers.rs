//! `copy_object_between` with real drivers: the local provider on both sides, and the
//! local provider into S3 on moto (multipart from 5 MiB). A source whose body breaks
//! part way leaves no destination object; content type and metadata carry over.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use futures::StreamExt;
use libcloud::core::BoxStream;
use libcloud::core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, StorageCapabilities, copy_object_between,
};
use libcloud::drivers::cloud_local::LocalStorage;
use libcloud::drivers::cloud_s3::S3Storage;
use libcloud::{Error, ErrorKind, Result};

const MIB: usize = 1024 * 1024;

/// Another store whose downloads fail with a transport error once `after` bytes went by.
#[derive(Debug)]
struct Breaking {
    inner: Arc<dyn ObjectStorage>,
    after: u64,
}

#[async_trait]
impl ObjectStorage for Breaking {
    fn provider_id(&self) -> &str {
        self.inner.provider_id()
    }
    fn capabilities(&self) -> StorageCapabilities {
        self.inner.capabilities()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.inner.list_containers()
    }
    async fn get_container(&self, name: &str) -> Result<Container> {
        self.inner.get_container(name).await
    }
    async fn create_container(&self, name: &str) -> Result<Container> {
        self.inner.create_container(name).await
    }
    async fn delete_container(&self, name: &str) -> Result<()> {
        self.inner.delete_container(name).await
    }
    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.inner.list_objects(container, options)
    }
    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        self.inner.head_object(container, key).await
    }
    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        self.inner.put_object(container, key, body, options).await
    }
    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let download = self.inner.get_object(container, key, range).await?;
        let after = self.after;
        let mut sent = 0u64;
        let body = download.body.map(move |chunk| {
            let chunk = chunk?;
            sent += chunk.len() as u64;
            if sent > after {
                return Err(Error::new(ErrorKind::Transport, "connection reset by peer"));
            }
            Ok(chunk)
        });
        Ok(ObjectDownload {
            meta: download.meta,
            body: Box::pin(body),
        })
    }
    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        self.inner.delete_object(container, key).await
    }
}

fn pattern(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Stores `data` as `container/key` with a content type and metadata.
async fn seed(storage: &dyn ObjectStorage, container: &str, key: &str, data: Vec<u8>) {
    let options = PutOptions {
        size: None,
        content_type: Some("application/x-seeded".into()),
        metadata: BTreeMap::from([("origin".into(), "seed".into())]),
    };
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), data).expect("write temp file");
    storage
        .put_object_from_file(container, key, file.path(), &options)
        .await
        .expect("seed the source");
}

async fn read_all(storage: &dyn ObjectStorage, container: &str, key: &str) -> Vec<u8> {
    let mut body = storage
        .get_object(container, key, None)
        .await
        .expect("get")
        .body;
    let mut out = Vec::new();
    while let Some(chunk) = body.next().await {
        out.extend_from_slice(&chunk.expect("chunk"));
    }
    out
}

fn local(dir: &tempfile::TempDir, name: &str) -> Arc<dyn ObjectStorage> {
    Arc::new(LocalStorage::open(dir.path().join(name)).expect("local storage"))
}

#[tokio::test]
async fn a_source_breaking_mid_copy_leaves_no_local_object() {
    let dir = tempfile::tempdir().unwrap();
    let src = local(&dir, "src");
    let dst = local(&dir, "dst");
    src.create_container("a").await.unwrap();
    dst.create_container("b").await.unwrap();
    seed(src.as_ref(), "a", "k", pattern(3 * MIB)).await;
    let breaking = Breaking {
        inner: src.clone(),
        after: MIB as u64,
    };

    let err = copy_object_between(
        &breaking,
        "a",
        "k",
        dst.as_ref(),
        "b",
        "k",
        Arc::new(|_| {}),
    )
    .await
    .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    let err = dst.head_object("b", "k").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let left: Vec<_> = dst
        .list_objects("b", &ListObjects::default())
        .collect()
        .await;
    assert!(left.is_empty(), "{left:?}");

    // Unbroken, the same copy carries bytes, type and metadata.
    let meta = copy_object_between(
        src.as_ref(),
        "a",
        "k",
        dst.as_ref(),
        "b",
        "k",
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    assert_eq!(meta.size, 3 * MIB as u64);
    let head = dst.head_object("b", "k").await.unwrap();
    assert_eq!(head.content_type.as_deref(), Some("application/x-seeded"));
    assert_eq!(head.metadata["origin"], "seed");
    assert_eq!(read_all(dst.as_ref(), "b", "k").await, pattern(3 * MIB));
}

/// S3 at moto with parts of 5 MiB from 5 MiB up.
fn moto_s3(endpoint: &url::Url) -> Arc<dyn ObjectStorage> {
    let mut config = cloud_test::guard::test_config(endpoint);
    for (name, value) in [("access_key_id", "AKIDEXAMPLE"), ("secret_access_key", "x")] {
        config
            .credentials
            .insert(name.into(), libcloud::Secret::new(value));
    }
    for (name, value) in [("multipart_threshold", "5MiB"), ("part_size", "5MiB")] {
        config.options.insert(name.into(), value.into());
    }
    Arc::new(S3Storage::new(&config).expect("s3 driver"))
}

#[tokio::test]
async fn local_to_moto_streams_whole_objects_or_nothing() {
    let Some(endpoint) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let src = local(&dir, "src");
    let s3 = moto_s3(&endpoint);
    let bucket = common::moto::unique("copy-between");
    src.create_container("a").await.unwrap();
    s3.create_container(&bucket).await.unwrap();
    seed(src.as_ref(), "a", "big", pattern(12 * MIB)).await;

    // Broken after the first part went up: the multipart upload never completes.
    let breaking = Breaking {
        inner: src.clone(),
        after: 7 * MIB as u64,
    };
    let err = copy_object_between(
        &breaking,
        "a",
        "big",
        s3.as_ref(),
        &bucket,
        "big",
        Arc::new(|_| {}),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    let err = s3.head_object(&bucket, "big").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let meta = copy_object_between(
        src.as_ref(),
        "a",
        "big",
        s3.as_ref(),
        &bucket,
        "big",
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    assert_eq!(meta.size, 12 * MIB as u64);
    let head = s3.head_object(&bucket, "big").await.unwrap();
    assert_eq!(head.content_type.as_deref(), Some("application/x-seeded"));
    assert_eq!(head.metadata["origin"], "seed");
    assert_eq!(
        read_all(s3.as_ref(), &bucket, "big").await,
        pattern(12 * MIB)
    );
}
