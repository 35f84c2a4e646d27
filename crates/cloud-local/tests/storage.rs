//! The storage driver through its public API: atomic writes, ranges, awkward keys,
//! escaping names, listing, copy.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use cloud_core::storage::{
    ByteRange, ByteStream, ListEntry, ListObjects, ObjectStorage, PutOptions, StorageFeature,
};
use cloud_core::{Error, ErrorKind};
use cloud_local::LocalStorage;
use futures::{StreamExt, TryStreamExt};

fn body(parts: &[&[u8]]) -> ByteStream {
    let chunks: Vec<cloud_core::Result<Bytes>> = parts
        .iter()
        .map(|p| Ok(Bytes::copy_from_slice(p)))
        .collect();
    Box::pin(futures::stream::iter(chunks))
}

fn failing_body() -> ByteStream {
    Box::pin(futures::stream::iter(vec![
        Ok(Bytes::from_static(b"first half, ")),
        Err(Error::new(ErrorKind::Transport, "connection reset")),
        Ok(Bytes::from_static(b"never written")),
    ]))
}

async fn read_all(storage: &LocalStorage, c: &str, key: &str, range: Option<ByteRange>) -> Vec<u8> {
    let download = storage.get_object(c, key, range).await.unwrap();
    let chunks: Vec<Bytes> = download.body.try_collect().await.unwrap();
    chunks.concat()
}

async fn keys(storage: &LocalStorage, c: &str, options: &ListObjects) -> Vec<String> {
    storage
        .list_objects(c, options)
        .map_ok(|e| match e {
            ListEntry::Object(meta) => meta.name,
            ListEntry::Prefix { prefix } => format!("prefix:{prefix}"),
        })
        .try_collect()
        .await
        .unwrap()
}

/// Names of files in `dir` that are not object metadata or data.
fn stray_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".meta") && !n.ends_with(".data") && n != ".lock")
        .collect()
}

fn data_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".data")
        })
        .count()
}

async fn setup() -> (tempfile::TempDir, LocalStorage) {
    let dir = tempfile::tempdir().unwrap();
    let storage = LocalStorage::open(dir.path().join("storage")).unwrap();
    storage.create_container("c").await.unwrap();
    (dir, storage)
}

#[tokio::test]
async fn a_body_that_fails_midway_leaves_the_old_object_and_no_temp_files() {
    let (_dir, storage) = setup().await;
    let container_dir = storage.root().join("c");
    storage
        .put_object("c", "k", body(&[b"old content"]), &PutOptions::default())
        .await
        .unwrap();
    let err = storage
        .put_object("c", "k", failing_body(), &PutOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(read_all(&storage, "c", "k", None).await, b"old content");
    assert_eq!(stray_files(&container_dir), Vec::<String>::new());
    assert_eq!(data_files(&container_dir), 1);

    let err = storage
        .put_object("c", "fresh", failing_body(), &PutOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    let err = storage.head_object("c", "fresh").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        keys(&storage, "c", &ListObjects::default()).await,
        vec!["k"]
    );
    assert_eq!(stray_files(&container_dir), Vec::<String>::new());
}

#[tokio::test]
async fn a_cancelled_upload_leaves_nothing_behind() {
    let (_dir, storage) = setup().await;
    let container_dir = storage.root().join("c");
    // A body that sends one chunk and then never ends.
    let stalled: ByteStream = Box::pin(
        futures::stream::iter(vec![Ok(Bytes::from_static(b"partial"))])
            .chain(futures::stream::pending()),
    );
    let options = PutOptions::default();
    let mut upload = Box::pin(storage.put_object("c", "stalled", stalled, &options));
    // Drive the upload until its temporary file exists, then drop it mid-body.
    let mut started = false;
    for _ in 0..500 {
        tokio::select! {
            result = &mut upload => panic!("a stalled upload finished: {result:?}"),
            _ = tokio::time::sleep(Duration::from_millis(10)) => {}
        }
        if !stray_files(&container_dir).is_empty() {
            started = true;
            break;
        }
    }
    assert!(started, "the upload never created its temporary file");
    drop(upload);
    assert_eq!(stray_files(&container_dir), Vec::<String>::new());
    assert_eq!(data_files(&container_dir), 0);
    let err = storage.head_object("c", "stalled").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn declared_size_must_match() {
    let (_dir, storage) = setup().await;
    for size in [3, 30] {
        let options = PutOptions {
            size: Some(size),
            ..Default::default()
        };
        let err = storage
            .put_object("c", "sized", body(&[b"0123456789"]), &options)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "size {size}");
    }
    assert_eq!(stray_files(&storage.root().join("c")), Vec::<String>::new());
}

#[tokio::test]
async fn ranges_read_the_right_bytes() {
    let (_dir, storage) = setup().await;
    storage
        .put_object(
            "c",
            "hello.txt",
            body(&[b"hello, ", b"world\n"]),
            &PutOptions::default(),
        )
        .await
        .unwrap();
    let r = |start, end| Some(ByteRange { start, end });
    assert_eq!(
        read_all(&storage, "c", "hello.txt", r(7, Some(12))).await,
        b"world"
    );
    assert_eq!(
        read_all(&storage, "c", "hello.txt", r(12, None)).await,
        b"\n"
    );
    assert_eq!(
        read_all(&storage, "c", "hello.txt", r(0, Some(1))).await,
        b"h"
    );
    let download = storage
        .get_object("c", "hello.txt", r(7, Some(12)))
        .await
        .unwrap();
    assert_eq!(download.meta.size, 13, "meta has the whole object's size");
    for bad in [r(13, None), r(10, Some(14)), r(4, Some(4))] {
        let err = storage.get_object("c", "hello.txt", bad).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
    }
}

#[tokio::test]
async fn awkward_keys_round_trip() {
    let (_dir, storage) = setup().await;
    let awkward = [
        "with space",
        "ünïcødé/日本",
        "a+b",
        "100%",
        "%2F",
        "double//slash",
        "trailing/",
        "a",
        "a/b",
        "UPPER",
        "upper",
        "..dots..",
        &"long/".repeat(100),
    ];
    for (i, key) in awkward.iter().enumerate() {
        let content = format!("object {i}");
        storage
            .put_object(
                "c",
                key,
                body(&[content.as_bytes()]),
                &PutOptions::default(),
            )
            .await
            .unwrap();
    }
    for (i, key) in awkward.iter().enumerate() {
        assert_eq!(
            read_all(&storage, "c", key, None).await,
            format!("object {i}").as_bytes(),
            "{key:?}"
        );
        assert_eq!(storage.head_object("c", key).await.unwrap().name, *key);
    }
    let mut expected: Vec<String> = awkward.iter().map(|k| k.to_string()).collect();
    expected.sort();
    assert_eq!(keys(&storage, "c", &ListObjects::default()).await, expected);
    for key in awkward {
        storage.delete_object("c", key).await.unwrap();
    }
    assert!(
        keys(&storage, "c", &ListObjects::default())
            .await
            .is_empty()
    );
    storage.delete_container("c").await.unwrap();
}

#[tokio::test]
async fn escaping_names_are_rejected_and_touch_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let storage = LocalStorage::open(dir.path().join("storage")).unwrap();
    storage.create_container("c").await.unwrap();
    let before: Vec<_> = walk(dir.path());
    for key in [
        "../x",
        "../../etc/passwd",
        "/abs",
        "a/../../b",
        "nul\0byte",
        "./x",
        "",
    ] {
        let err = storage
            .put_object("c", key, body(&[b"x"]), &PutOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{key:?}");
        let err = storage.head_object("c", key).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{key:?}");
        let err = storage.get_object("c", key, None).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{key:?}");
        let err = storage.delete_object("c", key).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{key:?}");
    }
    for container in ["..", "../c", "/tmp", "a\0"] {
        let err = storage.create_container(container).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{container:?}");
        let err = storage
            .put_object(container, "k", body(&[b"x"]), &PutOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{container:?}");
        let listed: Vec<_> = storage
            .list_objects(container, &ListObjects::default())
            .collect()
            .await;
        assert_eq!(listed.len(), 1);
        assert_eq!(
            listed[0].as_ref().unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
    assert_eq!(walk(dir.path()), before);
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.push(path.display().to_string());
        if path.is_dir() {
            out.extend(walk(&path));
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn metadata_content_types_copy_and_listing() {
    let (_dir, storage) = setup().await;
    let caps = storage.capabilities();
    assert!(caps.supports(StorageFeature::Copy) && caps.supports(StorageFeature::RangedGet));
    assert!(!caps.supports(StorageFeature::SignedGet) && !caps.supports(StorageFeature::SignedPut));

    let options = PutOptions {
        metadata: BTreeMap::from([("color".to_string(), "blue".to_string())]),
        ..Default::default()
    };
    let put = storage
        .put_object("c", "dir/page.html", body(&[b"<p>hi</p>"]), &options)
        .await
        .unwrap();
    assert_eq!(put.content_type.as_deref(), Some("text/html"));
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b"<p>hi</p>"));
    assert_eq!(put.etag.as_deref(), Some(digest.as_str()));
    let head = storage.head_object("c", "dir/page.html").await.unwrap();
    assert_eq!(head, put);
    assert_eq!(head.metadata["color"], "blue");

    let copied = storage
        .copy_object("c", "dir/page.html", "c", "dir/copy.html")
        .await
        .unwrap();
    assert_eq!(copied.etag, put.etag);
    assert_eq!(copied.metadata, put.metadata);
    assert_eq!(
        read_all(&storage, "c", "dir/copy.html", None).await,
        b"<p>hi</p>"
    );

    storage.create_container("other").await.unwrap();
    storage
        .copy_object("c", "dir/page.html", "other", "moved")
        .await
        .unwrap();
    let err = storage
        .copy_object("c", "missing", "other", "x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = storage
        .copy_object("c", "dir/page.html", "nope", "x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let grouped = ListObjects {
        delimiter: Some("/".into()),
        page_size: Some(1),
        ..Default::default()
    };
    storage
        .put_object("c", "top.json", body(&[b"{}"]), &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(
        keys(&storage, "c", &grouped).await,
        vec!["prefix:dir/", "top.json"]
    );
    let typed = storage.head_object("c", "top.json").await.unwrap();
    assert_eq!(typed.content_type.as_deref(), Some("application/json"));

    let err = storage.delete_container("c").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let names: Vec<String> = storage
        .list_containers()
        .map_ok(|c| c.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, vec!["c", "other"]);
}

#[tokio::test]
async fn missing_things_are_not_found() {
    let (_dir, storage) = setup().await;
    let err = storage.head_object("c", "nope").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("object"), "{err}");
    let err = storage.head_object("gone", "nope").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("container \"gone\""), "{err}");
    let err = storage
        .put_object("gone", "k", body(&[b"x"]), &PutOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = storage.delete_object("c", "nope").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let listed: Vec<_> = storage
        .list_objects("gone", &ListObjects::default())
        .collect()
        .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].as_ref().unwrap_err().kind(), ErrorKind::NotFound);
    let err = storage.create_container("c").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let err = storage.delete_container("gone").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = storage
        .signed_url(
            "c",
            "k",
            &cloud_core::storage::SignedUrlRequest {
                method: cloud_core::storage::SignedMethod::Get,
                expires_in: Duration::from_secs(60),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_to_one_key_leave_one_whole_object() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("storage");
    LocalStorage::open(&root)
        .unwrap()
        .create_container("c")
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..16u8 {
        let root = root.clone();
        tasks.push(tokio::spawn(async move {
            let storage = LocalStorage::open(root).unwrap();
            let content = vec![i; 10_000];
            let chunks: Vec<&[u8]> = content.chunks(1000).collect();
            storage
                .put_object("c", "shared", body(&chunks), &PutOptions::default())
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let storage = LocalStorage::open(&root).unwrap();
    let content = read_all(&storage, "c", "shared", None).await;
    assert_eq!(content.len(), 10_000);
    assert!(
        content.iter().all(|&b| b == content[0]),
        "one writer's bytes only"
    );
    assert_eq!(
        data_files(&root.join("c")),
        1,
        "replaced data files are removed"
    );
    assert_eq!(stray_files(&root.join("c")), Vec::<String>::new());
}

#[tokio::test]
async fn file_uploads_report_their_progress_up_to_the_size() {
    let (dir, storage) = setup().await;
    let path = dir.path().join("up.bin");
    let data: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let total = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = total.clone();
    let meta = storage
        .put_object_from_file_with_progress(
            "c",
            "up.bin",
            &path,
            &PutOptions::default(),
            std::sync::Arc::new(move |n| {
                seen.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            }),
        )
        .await
        .unwrap();
    assert_eq!(meta.size, data.len() as u64);
    assert_eq!(
        total.load(std::sync::atomic::Ordering::SeqCst),
        data.len() as u64
    );
    assert_eq!(read_all(&storage, "c", "up.bin", None).await, data);
}
