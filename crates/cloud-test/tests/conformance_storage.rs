//! The storage suite passes on a correct driver and fails, naming the step, on broken
//! ones.

#[path = "common/fake_storage.rs"]
mod fake_storage;
#[path = "common/panics.rs"]
mod panics;

use cloud_core::storage::StorageFeature;
use cloud_test::conformance::storage::{StoragePlan, run, streamed_chunks};
use fake_storage::{Bug, FakeStorage};
use panics::panic_message;
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn plan_defaults_are_the_documented_ones() {
    let p = StoragePlan::default();
    assert_eq!(p.container, "conformance-container");
    assert_eq!(p.missing_container, "no-such-container");
    assert!(p.duplicate_create_fails);
    assert!(!p.fetch_signed_urls);
}

#[test]
fn streamed_body_is_three_chunks_of_100_000_bytes() {
    let chunks = streamed_chunks();
    let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
    assert_eq!(sizes, [100_000; 3]);
    let firsts: Vec<u8> = chunks.iter().map(|c| c[0]).collect();
    assert_eq!(firsts, b"012");
    assert!(chunks[2].iter().all(|b| *b == b'2'));
}

#[tokio::test]
async fn passes_on_a_store_with_every_feature() {
    let store = FakeStorage::full();
    run(&store, &StoragePlan::default()).await;
    assert_eq!(
        store.container_count(),
        0,
        "the suite deletes its container"
    );
}

#[tokio::test]
async fn passes_on_a_store_with_only_the_required_calls() {
    let store = FakeStorage::minimal();
    run(&store, &StoragePlan::default()).await;
    assert_eq!(store.container_count(), 0);
}

#[tokio::test]
async fn fetches_signed_urls_when_asked() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/signed/conformance-container/hello.txt"))
        .and(query_param("sig", "fake-signature"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"hello, world\n".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let base = Url::parse(&server.uri())
        .and_then(|u| u.join("/signed/"))
        .expect("base URL");
    let store = FakeStorage::full().signing_at(base);
    let plan = StoragePlan {
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    run(&store, &plan).await;
    server.verify().await;
}

#[tokio::test]
async fn refuses_to_fetch_a_signed_url_off_loopback() {
    let base = Url::parse("http://192.0.2.1/signed/").expect("base URL");
    let store = FakeStorage::full().signing_at(base);
    let plan = StoragePlan {
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    let msg = panic_message(run(&store, &plan)).await;
    assert!(msg.contains("http://192.0.2.1/signed/"), "{msg}");
    assert!(msg.contains("not a loopback address"), "{msg}");
    assert!(
        !msg.contains("fake-signature"),
        "signatures stay out: {msg}"
    );
}

#[tokio::test]
async fn fails_when_listing_ignores_the_prefix_and_cleans_up() {
    let store = FakeStorage::with([], Some(Bug::ListIgnoresPrefix));
    let msg = panic_message(run(&store, &StoragePlan::default())).await;
    assert!(
        msg.starts_with("[S3.3] expected exactly the objects"),
        "{msg}"
    );
    assert!(msg.contains("hello.txt"), "{msg}");
    assert_eq!(
        store.container_count(),
        0,
        "the container is removed after the failure"
    );
}

#[tokio::test]
async fn fails_when_a_non_empty_container_can_be_deleted() {
    let store = FakeStorage::with([], Some(Bug::DeletesNonEmpty));
    let msg = panic_message(run(&store, &StoragePlan::default())).await;
    assert!(msg.starts_with("[S5.3] delete_container"), "{msg}");
    assert!(
        msg.contains("expected an error of kind conflict, got success"),
        "{msg}"
    );
}

#[tokio::test]
async fn fails_when_escaping_keys_are_accepted() {
    let store = FakeStorage::with([], Some(Bug::NoKeyValidation));
    let msg = panic_message(run(&store, &StoragePlan::default())).await;
    assert!(msg.starts_with("[S5.2] put_object(\"../x\")"), "{msg}");
}

#[tokio::test]
async fn fails_when_a_range_is_ignored() {
    let store = FakeStorage::with([StorageFeature::RangedGet], Some(Bug::RangeIgnored));
    let msg = panic_message(run(&store, &StoragePlan::default())).await;
    assert!(
        msg.starts_with("[S2.3] get_object with range 7..12: expected the bytes \"world\""),
        "{msg}"
    );
}

#[tokio::test]
async fn duplicate_creates_must_fail_unless_the_plan_allows_them() {
    let store = FakeStorage::with([], Some(Bug::IdempotentCreate));
    let msg = panic_message(run(&store, &StoragePlan::default())).await;
    assert!(
        msg.starts_with("[S1.2] create_container of an existing name"),
        "{msg}"
    );
    assert!(msg.contains("already_exists"), "{msg}");

    let store = FakeStorage::with([], Some(Bug::IdempotentCreate));
    let plan = StoragePlan {
        duplicate_create_fails: false,
        ..StoragePlan::default()
    };
    run(&store, &plan).await;
    assert_eq!(store.container_count(), 0);
}
