//! Static large objects against the real Swift `cargo xtask test` starts, whose
//! `max_file_size` is 16 MiB: a file and a stream above it go up as segments and come
//! back byte for byte; deleting the object deletes its segments; a failed upload leaves
//! neither a manifest nor segments.

mod common;

use std::sync::Arc;

use bytes::Bytes;
use cloud_core::storage::{ListObjects, ObjectStorage, PutOptions};
use cloud_core::{DriverFactory, Error, ErrorKind};
use cloud_openstack::OpenStackFactory;
use futures::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..10]
    )
}

/// `len` bytes of varied content from `seed`.
fn content(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

async fn storage(cloud: &common::TestCloud) -> Arc<dyn ObjectStorage> {
    let session = OpenStackFactory
        .connect(&cloud.config_from(&cloud.os_vars()))
        .await
        .unwrap();
    session.storage().unwrap()
}

async fn digest_of(storage: &dyn ObjectStorage, container: &str, key: &str) -> (u64, String) {
    let download = storage.get_object(container, key, None).await.unwrap();
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    let mut body = download.body;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        total += chunk.len() as u64;
        hasher.update(&chunk);
    }
    (total, hex::encode(hasher.finalize()))
}

async fn names(storage: &dyn ObjectStorage, container: &str) -> Vec<String> {
    match storage
        .list_objects(container, &ListObjects::default())
        .try_collect::<Vec<_>>()
        .await
    {
        Ok(entries) => entries
            .into_iter()
            .filter_map(|e| match e {
                cloud_core::storage::ListEntry::Object(m) => Some(m.name),
                cloud_core::storage::ListEntry::Prefix { .. } => None,
            })
            .collect(),
        Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("listing {container}: {e}"),
    }
}

#[tokio::test]
async fn files_and_streams_above_the_limit_round_trip_as_segments() {
    let Some(cloud) = common::cloud() else { return };
    let storage = storage(&cloud).await;
    let container = unique("slo");
    storage.create_container(&container).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = content(40 * MIB + 123, 7);
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &data).unwrap();
    let meta = storage
        .put_object_from_file(&container, "big.bin", &path, &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(meta.size, data.len() as u64);
    assert_eq!(meta.extra["static_large_object"], true, "{meta:?}");
    let segments = names(storage.as_ref(), &format!("{container}_segments")).await;
    assert_eq!(segments.len(), 3, "16 + 16 + 8 MiB: {segments:?}");
    let want = hex::encode(Sha256::digest(&data));
    assert_eq!(
        digest_of(storage.as_ref(), &container, "big.bin").await,
        (data.len() as u64, want)
    );

    // A stream of unknown size goes up segment after segment.
    let streamed = content(20 * MIB, 9);
    let chunks: Vec<Result<Bytes, Error>> = streamed
        .chunks(MIB / 2)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    storage
        .put_object(
            &container,
            "streamed.bin",
            futures::stream::iter(chunks).boxed(),
            &PutOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        digest_of(storage.as_ref(), &container, "streamed.bin").await,
        (
            streamed.len() as u64,
            hex::encode(Sha256::digest(&streamed))
        )
    );

    storage.delete_object(&container, "big.bin").await.unwrap();
    storage
        .delete_object(&container, "streamed.bin")
        .await
        .unwrap();
    assert!(
        names(storage.as_ref(), &format!("{container}_segments"))
            .await
            .is_empty(),
        "deleting the objects deleted their segments"
    );
    storage.delete_container(&container).await.unwrap();
    storage
        .delete_container(&format!("{container}_segments"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failed_large_upload_leaves_no_manifest_and_no_segments() {
    let Some(cloud) = common::cloud() else { return };
    let storage = storage(&cloud).await;
    let container = unique("slo-fail");
    storage.create_container(&container).await.unwrap();
    let good: Vec<Result<Bytes, Error>> = content(20 * MIB, 3)
        .chunks(MIB)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let broken = futures::stream::iter(good).chain(futures::stream::once(async {
        Err(Error::new(ErrorKind::Transport, "the source broke"))
    }));
    let err = storage
        .put_object(
            &container,
            "broken.bin",
            broken.boxed(),
            &PutOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(
        storage
            .head_object(&container, "broken.bin")
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert!(
        names(storage.as_ref(), &format!("{container}_segments"))
            .await
            .is_empty(),
        "no segment is left"
    );
    storage.delete_container(&container).await.unwrap();
    let _ = storage
        .delete_container(&format!("{container}_segments"))
        .await;
}
