//! Checks a driver's live tests share beyond the suite: many objects put at once (for
//! listings that go past a page), names as listed, and awkward names round-tripped
//! exactly.

use bytes::Bytes;
use cloud_core::storage::{ListEntry, ListObjects, ObjectStorage, PutOptions};
use futures::{StreamExt, TryStreamExt};

/// Names that break drivers that encode paths loosely.
pub const AWKWARD_NAMES: &[&str] = &[
    "a+b",
    "a%2Fb",
    "with space",
    "ünïcödé/名前.txt",
    "a//b",
    "trailing/",
    "q?x=1&y#frag",
    "semi;colon:at@[brackets]",
    "tilde~star*'quote'",
];

/// Puts each of `keys` into `container`, its own name as its body, 16 at a time;
/// panics on the first failure.
pub async fn put_named(driver: &dyn ObjectStorage, container: &str, keys: &[String]) {
    futures::stream::iter(keys)
        .map(|key| async move {
            let body = futures::stream::iter([Ok(Bytes::from(key.clone()))]).boxed();
            driver
                .put_object(container, key, body, &PutOptions::default())
                .await
        })
        .buffer_unordered(16)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_or_else(|e| panic!("putting {} objects: {e}", keys.len()));
}

/// The names `options` lists in `container`, objects and prefixes alike, in the order
/// listed.
pub async fn listed_names(
    driver: &dyn ObjectStorage,
    container: &str,
    options: &ListObjects,
) -> Vec<String> {
    driver
        .list_objects(container, options)
        .map_ok(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => prefix,
        })
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("listing {container}: {e}"))
}

/// Creates `container`, puts every name of [`AWKWARD_NAMES`] (its own name as its
/// body), reads each back by head and get, lists them all, copies `a+b` to `a b+copy`,
/// then deletes everything; panics naming the first name that does not survive.
pub async fn awkward_names_round_trip(driver: &dyn ObjectStorage, container: &str) {
    driver.create_container(container).await.unwrap();
    for name in AWKWARD_NAMES {
        let body = futures::stream::iter([Ok(Bytes::from(name.as_bytes().to_vec()))]).boxed();
        let meta = driver
            .put_object(container, name, body, &PutOptions::default())
            .await
            .unwrap_or_else(|e| panic!("put {name:?}: {e}"));
        assert_eq!(meta.name, *name);
        assert_eq!(
            driver.head_object(container, name).await.unwrap().name,
            *name
        );
        let got = driver.get_object(container, name, None).await.unwrap();
        let bytes: Vec<Bytes> = got.body.try_collect().await.unwrap();
        assert_eq!(bytes.concat(), name.as_bytes(), "{name:?}");
    }
    let mut listed = listed_names(driver, container, &ListObjects::default()).await;
    let mut want: Vec<String> = AWKWARD_NAMES.iter().map(|s| s.to_string()).collect();
    want.sort();
    listed.sort();
    assert_eq!(listed, want);
    driver
        .copy_object(container, "a+b", container, "a b+copy")
        .await
        .unwrap();
    assert_eq!(
        driver
            .head_object(container, "a b+copy")
            .await
            .unwrap()
            .size,
        3
    );
    for name in AWKWARD_NAMES.iter().chain(&["a b+copy"]) {
        driver.delete_object(container, name).await.unwrap();
    }
    driver.delete_container(container).await.unwrap();
}
