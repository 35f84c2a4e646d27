//! Copying between two object stores: `copy_object_between` and `copy_prefix_between`
//! over a small in-memory store with switches for breaking a body, corrupting a write
//! and counting uploads under way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use bytes::Bytes;
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PrefixCopy, PutOptions, StorageCapabilities, copy_object_between,
    copy_prefix_between,
};
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::StreamExt;
use md5::{Digest, Md5};

#[derive(Debug, Clone)]
struct Stored {
    data: Bytes,
    content_type: Option<String>,
    metadata: BTreeMap<String, String>,
}

/// An in-memory store of one container per name, with MD5 ETags.
#[derive(Debug, Default)]
struct MemStore {
    objects: Mutex<BTreeMap<(String, String), Stored>>,
    /// A download's body fails after this many bytes.
    break_get_after: Option<usize>,
    /// Writes store the body with its first byte changed.
    corrupt_writes: bool,
    /// Uploads under way now, and the most seen at once.
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// Chunks uploads received.
    chunks_received: AtomicU64,
}

impl MemStore {
    fn insert(&self, container: &str, key: &str, data: Vec<u8>) {
        self.objects.lock().unwrap().insert(
            (container.into(), key.into()),
            Stored {
                data: data.into(),
                content_type: Some("application/x-test".into()),
                metadata: BTreeMap::from([("colour".into(), "blue".into())]),
            },
        );
    }

    fn get(&self, container: &str, key: &str) -> Option<Stored> {
        self.objects
            .lock()
            .unwrap()
            .get(&(container.into(), key.into()))
            .cloned()
    }

    fn keys(&self, container: &str) -> Vec<String> {
        self.objects
            .lock()
            .unwrap()
            .keys()
            .filter(|(c, _)| c == container)
            .map(|(_, k)| k.clone())
            .collect()
    }

    fn meta(container: &str, key: &str, stored: &Stored) -> ObjectMeta {
        ObjectMeta {
            container: container.into(),
            name: key.into(),
            size: stored.data.len() as u64,
            etag: Some(hex::encode(Md5::digest(&stored.data))),
            content_type: stored.content_type.clone(),
            last_modified: None,
            metadata: stored.metadata.clone(),
            extra: Default::default(),
        }
    }

    fn missing(key: &str) -> Error {
        Error::not_found(format!("no object {key:?}")).with_provider("mem")
    }
}

#[async_trait]
impl ObjectStorage for MemStore {
    fn provider_id(&self) -> &str {
        "mem"
    }

    fn capabilities(&self) -> StorageCapabilities {
        StorageCapabilities::default()
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
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        let prefix = options.prefix.clone().unwrap_or_default();
        let entries: Vec<Result<ListEntry>> = self
            .objects
            .lock()
            .unwrap()
            .iter()
            .filter(|((c, k), _)| c == container && k.starts_with(&prefix))
            .map(|((c, k), s)| Ok(ListEntry::Object(Self::meta(c, k, s))))
            .collect();
        Box::pin(futures::stream::iter(entries))
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        let stored = self.get(container, key).ok_or_else(|| Self::missing(key))?;
        Ok(Self::meta(container, key, &stored))
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        mut body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let mut data = Vec::new();
        let received: Result<()> = async {
            while let Some(chunk) = body.next().await {
                data.extend_from_slice(&chunk?);
                self.chunks_received.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
            }
            Ok(())
        }
        .await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        received?;
        if options.size.is_some_and(|size| size != data.len() as u64) {
            return Err(Error::invalid_input("size differs from the announced one"));
        }
        if self.corrupt_writes && !data.is_empty() {
            data[0] ^= 0xff;
        }
        let stored = Stored {
            data: data.into(),
            content_type: options.content_type.clone(),
            metadata: options.metadata.clone(),
        };
        let meta = Self::meta(container, key, &stored);
        self.objects
            .lock()
            .unwrap()
            .insert((container.into(), key.into()), stored);
        Ok(meta)
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        _range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let stored = self.get(container, key).ok_or_else(|| Self::missing(key))?;
        let meta = Self::meta(container, key, &stored);
        let cut = self.break_get_after.unwrap_or(usize::MAX);
        let mut chunks: Vec<Result<Bytes>> = stored
            .data
            .chunks(1024)
            .scan(0usize, |sent, c| {
                *sent += c.len();
                Some((*sent, c))
            })
            .take_while(|(sent, _)| *sent <= cut)
            .map(|(_, c)| Ok(Bytes::copy_from_slice(c)))
            .collect();
        if cut < stored.data.len() {
            chunks.push(Err(Error::new(ErrorKind::Transport, "connection reset")));
        }
        Ok(ObjectDownload {
            meta,
            body: Box::pin(futures::stream::iter(chunks)),
        })
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        self.objects
            .lock()
            .unwrap()
            .remove(&(container.to_string(), key.to_string()))
            .map(|_| ())
            .ok_or_else(|| Self::missing(key))
    }
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn counter() -> (Arc<AtomicU64>, cloud_core::storage::Progress) {
    let total = Arc::new(AtomicU64::new(0));
    let seen = total.clone();
    (
        total,
        Arc::new(move |n| {
            seen.fetch_add(n, Ordering::SeqCst);
        }),
    )
}

#[tokio::test]
async fn copies_bytes_type_and_metadata_streamed() {
    let src = MemStore::default();
    let dst = MemStore::default();
    let data = pattern(300 * 1024, 7);
    src.insert("a", "dir/file.bin", data.clone());
    let (bytes, progress) = counter();

    let meta = copy_object_between(&src, "a", "dir/file.bin", &dst, "b", "copy.bin", progress)
        .await
        .unwrap();

    let stored = dst.get("b", "copy.bin").expect("copied");
    assert_eq!(stored.data.as_ref(), data.as_slice());
    assert_eq!(stored.content_type.as_deref(), Some("application/x-test"));
    assert_eq!(stored.metadata["colour"], "blue");
    assert_eq!(meta.size, data.len() as u64);
    assert_eq!(bytes.load(Ordering::SeqCst), data.len() as u64);
    // The body went up in the source's chunks, not gathered into one.
    assert_eq!(dst.chunks_received.load(Ordering::SeqCst), 300);
}

#[tokio::test]
async fn a_body_broken_mid_copy_leaves_no_destination_object() {
    let src = MemStore {
        break_get_after: Some(10 * 1024),
        ..MemStore::default()
    };
    let dst = MemStore::default();
    src.insert("a", "k", pattern(64 * 1024, 1));

    let err = copy_object_between(&src, "a", "k", &dst, "b", "k", Arc::new(|_| {}))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(dst.keys("b").is_empty(), "{:?}", dst.keys("b"));
}

/// A source whose body ends early without an error: the copy still fails, even against
/// a destination that does not check the announced size.
#[derive(Debug, Default)]
struct ShortBodies(MemStore);

#[async_trait]
impl ObjectStorage for ShortBodies {
    fn provider_id(&self) -> &str {
        "short"
    }
    fn capabilities(&self) -> StorageCapabilities {
        self.0.capabilities()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        self.0.list_containers()
    }
    async fn get_container(&self, name: &str) -> Result<Container> {
        self.0.get_container(name).await
    }
    async fn create_container(&self, name: &str) -> Result<Container> {
        self.0.create_container(name).await
    }
    async fn delete_container(&self, name: &str) -> Result<()> {
        self.0.delete_container(name).await
    }
    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        self.0.list_objects(container, options)
    }
    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        self.0.head_object(container, key).await
    }
    async fn put_object(
        &self,
        container: &str,
        key: &str,
        body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        self.0.put_object(container, key, body, options).await
    }
    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        let download = self.0.get_object(container, key, range).await?;
        Ok(ObjectDownload {
            meta: download.meta,
            body: Box::pin(download.body.take(3)),
        })
    }
    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        self.0.delete_object(container, key).await
    }
}

#[tokio::test]
async fn a_body_ending_early_fails_the_copy() {
    let src = ShortBodies::default();
    let dst = MemStore::default();
    src.0.insert("a", "k", pattern(8 * 1024, 2));

    let err = copy_object_between(&src, "a", "k", &dst, "b", "k", Arc::new(|_| {}))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.to_string().contains("3072 of 8192"), "{err}");
    assert!(dst.keys("b").is_empty());
}

#[tokio::test]
async fn a_checksum_mismatch_fails_and_deletes_the_destination() {
    let src = MemStore::default();
    let dst = MemStore {
        corrupt_writes: true,
        ..MemStore::default()
    };
    src.insert("a", "k", pattern(5000, 3));

    let err = copy_object_between(&src, "a", "k", &dst, "b", "k2", Arc::new(|_| {}))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Provider, "{err}");
    assert_eq!(err.code(), Some("ChecksumMismatch"));
    assert!(err.to_string().contains("destination"), "{err}");
    assert!(dst.keys("b").is_empty());
}

#[tokio::test]
async fn a_missing_source_is_not_found_and_writes_nothing() {
    let src = MemStore::default();
    let dst = MemStore::default();
    let err = copy_object_between(&src, "a", "nope", &dst, "b", "nope", Arc::new(|_| {}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(dst.keys("b").is_empty());
}

#[tokio::test]
async fn a_prefix_copies_every_object_a_bounded_number_at_once() {
    let src = MemStore::default();
    let dst = MemStore::default();
    for i in 0..7 {
        src.insert(
            "a",
            &format!("logs/{i}.txt"),
            pattern(4096 + i * 100, i as u8),
        );
    }
    src.insert("a", "other/x.txt", pattern(10, 0));
    let (bytes, progress) = counter();
    let options = PrefixCopy::new(3).with_progress(progress);

    let copied = copy_prefix_between(&src, "a", "logs/", &dst, "b", "old/", &options)
        .await
        .unwrap();

    let names: Vec<&str> = copied.iter().map(|m| m.name.as_str()).collect();
    let expected: Vec<String> = (0..7).map(|i| format!("old/{i}.txt")).collect();
    assert_eq!(names, expected);
    assert_eq!(dst.keys("b"), expected);
    for i in 0..7 {
        let stored = dst.get("b", &format!("old/{i}.txt")).unwrap();
        assert_eq!(
            stored.data.as_ref(),
            pattern(4096 + i * 100, i as u8).as_slice()
        );
    }
    let total: u64 = (0..7).map(|i| 4096 + i * 100).sum();
    assert_eq!(bytes.load(Ordering::SeqCst), total);
    let most = dst.most_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&most), "{most} uploads at once");
}

#[tokio::test]
async fn a_prefix_copy_stops_at_the_first_failure() {
    let src = MemStore {
        break_get_after: Some(2048),
        ..MemStore::default()
    };
    let dst = MemStore::default();
    // Small objects pass whole; the large one breaks.
    src.insert("a", "p/1", pattern(1000, 1));
    src.insert("a", "p/2", pattern(9000, 2));
    let err = copy_prefix_between(&src, "a", "p/", &dst, "b", "q/", &PrefixCopy::new(1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(dst.keys("b"), vec!["q/1".to_string()]);
}
