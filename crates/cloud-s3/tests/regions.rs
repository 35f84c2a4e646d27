//! Buckets in other regions: found through S3's redirects (a 301 with
//! `x-amz-bucket-region`, a 400 `AuthorizationHeaderMalformed` naming the region) or a
//! listing, then signed for their own region and remembered.

mod common;
#[path = "support/mock.rs"]
mod mock;

use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::storage::ObjectStorage;
use cloud_test::replay::Replay;
use futures::TryStreamExt;
use mock::{SignedFor, received, s3, s3_in};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_301_is_followed_into_the_named_region_and_remembered() {
    let replay = Replay::empty().await;
    Mock::given(method("HEAD"))
        .and(path("/far-bucket"))
        .and(SignedFor("us-east-1"))
        .respond_with(ResponseTemplate::new(301).insert_header("x-amz-bucket-region", "eu-west-1"))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/far-bucket"))
        .and(SignedFor("eu-west-1"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-amz-bucket-region", "eu-west-1"))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/far-bucket/k"))
        .and(SignedFor("eu-west-1"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"far".to_vec()))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let container = driver.get_container("far-bucket").await.unwrap();
    assert_eq!(container.location.as_deref(), Some("eu-west-1"));
    let s3 = driver
        .as_any()
        .downcast_ref::<cloud_s3::S3Storage>()
        .unwrap();
    assert_eq!(s3.bucket_region("far-bucket"), "eu-west-1");
    // Straight to the right region from now on: no second redirect.
    let download = driver.get_object("far-bucket", "k", None).await.unwrap();
    assert_eq!(common::read_all(download.body).await.unwrap(), b"far");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn authorization_header_malformed_names_the_region() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/bkt/k"))
        .and(SignedFor("us-east-1"))
        .respond_with(ResponseTemplate::new(400).set_body_string(
            "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization \
             header is malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'\
             </Message><Region>ap-south-1</Region><RequestId>R1</RequestId></Error>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("PUT"))
        .and(path("/bkt/k"))
        .and(SignedFor("ap-south-1"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"e\""))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let body = futures::stream::iter([Ok(Bytes::from_static(b"x"))]);
    let meta = driver
        .put_object("bkt", "k", Box::pin(body), &Default::default())
        .await
        .unwrap();
    assert_eq!(meta.etag.as_deref(), Some("e"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_redirect_without_a_region_is_a_clear_error() {
    let replay = Replay::empty().await;
    Mock::given(method("HEAD"))
        .and(path("/lost"))
        .respond_with(ResponseTemplate::new(301))
        .expect(1)
        .mount(replay.server())
        .await;
    let err = s3(&replay, &[]).get_container("lost").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!(err.status(), Some(301));
    assert!(err.message().contains("another region"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_listing_teaches_bucket_regions() {
    let replay = Replay::empty().await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListAllMyBucketsResult><Buckets>\
             <Bucket><Name>tokyo</Name><BucketRegion>ap-northeast-1</BucketRegion></Bucket>\
             </Buckets></ListAllMyBucketsResult>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/tokyo/k"))
        .and(SignedFor("ap-northeast-1"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-length", "0"))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3_in(&replay, "us-west-2", &[]);
    let all: Vec<_> = driver.list_containers().try_collect().await.unwrap();
    assert_eq!(all[0].location.as_deref(), Some("ap-northeast-1"));
    driver.head_object("tokyo", "k").await.unwrap();
    replay.assert_all_used().await;
}

#[tokio::test]
async fn create_sends_the_location_constraint_outside_us_east_1() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/new-bucket"))
        .and(SignedFor("eu-central-1"))
        .and(wiremock::matchers::body_string_contains(
            "<LocationConstraint>eu-central-1</LocationConstraint>",
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("PUT"))
        .and(path("/taken-bucket"))
        .respond_with(ResponseTemplate::new(409).set_body_string(
            "<Error><Code>BucketAlreadyOwnedByYou</Code><Message>yours</Message></Error>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3_in(&replay, "eu-central-1", &[]);
    let c = driver.create_container("new-bucket").await.unwrap();
    assert_eq!(c.location.as_deref(), Some("eu-central-1"));
    let err = driver.create_container("taken-bucket").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    // Outside us-east-1 nothing is looked up first.
    assert_eq!(received(&replay).await.len(), 2);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn us_east_1_create_of_an_existing_bucket_is_already_exists() {
    let replay = Replay::empty().await;
    Mock::given(method("HEAD"))
        .and(path("/mine"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/theirs"))
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/fresh"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("PUT"))
        .and(path("/fresh"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    for name in ["mine", "theirs"] {
        let err = driver.create_container(name).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{name}: {err}");
    }
    driver.create_container("fresh").await.unwrap();
    let put = received(&replay).await.pop().unwrap();
    assert!(put.body.is_empty(), "no LocationConstraint in us-east-1");
    replay.assert_all_used().await;
}
