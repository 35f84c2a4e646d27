//! The library's sync (`cloud_core::storage::sync`) with the local provider's storage at
//! one or both ends: a directory up and back down, a second run that copies nothing,
//! changed files found by content or time, `delete`, filters, prefix to prefix, and a
//! failed copy that deletes nothing and is finished by the next run.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use cloud_core::ErrorKind;
use cloud_core::storage::sync::{
    CopyReason, KeyFilter, MTIME_KEY, SyncOptions, SyncReport, SyncSide, plan_sync, sync,
};
use cloud_core::storage::{ListEntry, ListObjects, ObjectStorage};
use cloud_local::LocalStorage;
use futures::TryStreamExt;

fn write(dir: &Path, rel: &str, data: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

fn tree(dir: &Path) {
    write(dir, "a.txt", b"alpha");
    write(dir, "docs/b.md", b"bravo bravo");
    write(dir, "docs/deep/c.bin", &[7u8; 4096]);
    write(dir, "logs/x.log", b"noise");
}

async fn keys(storage: &LocalStorage, container: &str) -> Vec<String> {
    storage
        .list_objects(container, &ListObjects::default())
        .try_filter_map(|e| async move {
            Ok(match e {
                ListEntry::Object(m) => Some(m.name),
                ListEntry::Prefix { .. } => None,
            })
        })
        .try_collect()
        .await
        .unwrap()
}

fn store(root: &Path) -> LocalStorage {
    LocalStorage::open(root.join("store")).unwrap()
}

/// A scratch folder holding the [`tree`] under `src/` and a store with container `c`.
async fn world() -> (tempfile::TempDir, std::path::PathBuf, LocalStorage) {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    tree(&src);
    let storage = store(root.path());
    storage.create_container("c").await.unwrap();
    (root, src, storage)
}

fn report(copied: u64, deleted: u64, unchanged: u64) -> (u64, u64, u64) {
    (copied, deleted, unchanged)
}

fn counts(r: &SyncReport) -> (u64, u64, u64) {
    (r.copied, r.deleted, r.unchanged)
}

#[tokio::test]
async fn a_directory_goes_up_once_and_a_second_run_copies_nothing() {
    let (_root, src, storage) = world().await;
    let up = SyncSide::Dir(&src);
    let objects = SyncSide::Objects {
        storage: &storage,
        container: "c",
        prefix: "backup/",
    };
    let bytes = Arc::new(AtomicU64::new(0));
    let counter = bytes.clone();
    let options = SyncOptions {
        progress: Arc::new(move |n| {
            counter.fetch_add(n, Ordering::Relaxed);
        }),
        ..SyncOptions::default()
    };
    let first = sync(&up, &objects, &options).await.unwrap();
    assert_eq!(counts(&first), report(4, 0, 0));
    assert_eq!(first.copied_bytes, 5 + 11 + 4096 + 5);
    assert_eq!(bytes.load(Ordering::Relaxed), first.copied_bytes);
    assert_eq!(
        keys(&storage, "c").await,
        [
            "backup/a.txt",
            "backup/docs/b.md",
            "backup/docs/deep/c.bin",
            "backup/logs/x.log"
        ]
    );
    let head = storage.head_object("c", "backup/a.txt").await.unwrap();
    assert!(head.metadata.contains_key(MTIME_KEY), "{head:?}");
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));

    let again = sync(&up, &objects, &options).await.unwrap();
    assert_eq!(counts(&again), report(0, 0, 4));
}

#[tokio::test]
async fn changes_are_found_by_size_and_content_and_delete_removes_extras() {
    let (_root, src, storage) = world().await;
    let up = SyncSide::Dir(&src);
    let objects = SyncSide::Objects {
        storage: &storage,
        container: "c",
        prefix: "",
    };
    sync(&up, &objects, &SyncOptions::default()).await.unwrap();

    write(&src, "a.txt", b"ALPHA"); // same size, other bytes
    write(&src, "docs/b.md", b"bravo"); // shorter
    std::fs::remove_file(src.join("logs/x.log")).unwrap();
    write(&src, "new.txt", b"n");
    let options = SyncOptions {
        delete: true,
        ..SyncOptions::default()
    };
    let plan = plan_sync(&up, &objects, &options).await.unwrap();
    let planned: Vec<(&str, CopyReason)> = plan
        .copies
        .iter()
        .map(|c| (c.key.as_str(), c.reason))
        .collect();
    assert_eq!(
        planned,
        [
            ("a.txt", CopyReason::Content),
            ("docs/b.md", CopyReason::Size),
            ("new.txt", CopyReason::Missing)
        ]
    );
    assert_eq!(plan.deletes, ["logs/x.log"]);
    assert_eq!(plan.unchanged, 1);
    assert_eq!(
        keys(&storage, "c").await.len(),
        4,
        "planning changes nothing"
    );

    let done = sync(&up, &objects, &options).await.unwrap();
    assert_eq!(counts(&done), report(3, 1, 1));
    assert_eq!(
        keys(&storage, "c").await,
        ["a.txt", "docs/b.md", "docs/deep/c.bin", "new.txt"]
    );
    let back = storage.get_object("c", "a.txt", None).await.unwrap();
    let bytes: Vec<bytes::Bytes> = back.body.try_collect().await.unwrap();
    assert_eq!(bytes.concat(), b"ALPHA");
}

#[tokio::test]
async fn filters_leave_keys_alone_at_both_ends() {
    let (_root, src, storage) = world().await;
    storage
        .put_object_from_file("c", "keep.log", &src.join("a.txt"), &Default::default())
        .await
        .unwrap();
    let options = SyncOptions {
        filter: KeyFilter::new(&[], &["*.log".to_string(), "docs/deep/**".to_string()]).unwrap(),
        delete: true,
        ..SyncOptions::default()
    };
    let objects = SyncSide::Objects {
        storage: &storage,
        container: "c",
        prefix: "",
    };
    let done = sync(&SyncSide::Dir(&src), &objects, &options)
        .await
        .unwrap();
    assert_eq!(counts(&done), report(2, 0, 0));
    assert_eq!(
        keys(&storage, "c").await,
        ["a.txt", "docs/b.md", "keep.log"]
    );
}

#[tokio::test]
async fn objects_come_down_with_their_times_and_stay_in_sync() {
    let (root, src, storage) = world().await;
    let objects = SyncSide::Objects {
        storage: &storage,
        container: "c",
        prefix: "p/",
    };
    sync(&SyncSide::Dir(&src), &objects, &SyncOptions::default())
        .await
        .unwrap();
    let down = root.path().join("down");
    let first = sync(&objects, &SyncSide::Dir(&down), &SyncOptions::default())
        .await
        .unwrap();
    assert_eq!(counts(&first), report(4, 0, 0));
    assert_eq!(
        std::fs::read(down.join("docs/deep/c.bin")).unwrap(),
        [7u8; 4096]
    );
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    assert_eq!(mtime(&down.join("a.txt")), mtime(&src.join("a.txt")));
    let again = sync(&objects, &SyncSide::Dir(&down), &SyncOptions::default())
        .await
        .unwrap();
    assert_eq!(counts(&again), report(0, 0, 4));
}

#[tokio::test]
async fn a_prefix_syncs_onto_another_store_and_then_matches() {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    tree(&src);
    let one = store(root.path());
    let two = LocalStorage::open(root.path().join("other")).unwrap();
    one.create_container("a").await.unwrap();
    two.create_container("b").await.unwrap();
    let from = SyncSide::Objects {
        storage: &one,
        container: "a",
        prefix: "",
    };
    let to = SyncSide::Objects {
        storage: &two,
        container: "b",
        prefix: "copy/",
    };
    sync(&SyncSide::Dir(&src), &from, &SyncOptions::default())
        .await
        .unwrap();
    let first = sync(&from, &to, &SyncOptions::default()).await.unwrap();
    assert_eq!(counts(&first), report(4, 0, 0));
    let again = sync(&from, &to, &SyncOptions::default()).await.unwrap();
    assert_eq!(counts(&again), report(0, 0, 4));
    let head = two.head_object("b", "copy/a.txt").await.unwrap();
    assert!(head.metadata.contains_key(MTIME_KEY));
}

#[tokio::test]
async fn a_failed_copy_deletes_nothing_and_the_next_run_finishes() {
    let (_root, src, storage) = world().await;
    storage
        .put_object_from_file("c", "extra", &src.join("a.txt"), &Default::default())
        .await
        .unwrap();
    // A file the walk lists but that cannot be read: its copy fails.
    let locked = src.join("docs/locked.txt");
    std::fs::write(&locked, b"secret").unwrap();
    let objects = SyncSide::Objects {
        storage: &storage,
        container: "c",
        prefix: "",
    };
    let options = SyncOptions {
        delete: true,
        ..SyncOptions::default()
    };
    let plan = plan_sync(&SyncSide::Dir(&src), &objects, &options)
        .await
        .unwrap();
    std::fs::remove_file(&locked).unwrap();
    let err = cloud_core::storage::sync::run_sync(&SyncSide::Dir(&src), &objects, &plan, &options)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(
        err.to_string()
            .contains("1 of 5 copies failed (nothing was deleted)"),
        "{err}"
    );
    let stored = keys(&storage, "c").await;
    assert!(stored.contains(&"extra".to_string()), "{stored:?}");
    assert!(
        !stored.contains(&"docs/locked.txt".to_string()),
        "{stored:?}"
    );
    let next = sync(&SyncSide::Dir(&src), &objects, &options)
        .await
        .unwrap();
    assert_eq!(counts(&next), report(0, 1, 4));
}

#[tokio::test]
async fn two_directories_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let err = sync(
        &SyncSide::Dir(root.path()),
        &SyncSide::Dir(root.path()),
        &SyncOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
