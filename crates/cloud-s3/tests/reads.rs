//! Listings, downloads, deletes and copies against a mock server: paging with
//! continuation tokens, keys returned exactly, integrity checks, error mapping.

mod common;
#[path = "support/mock.rs"]
mod mock;

use cloud_core::ErrorKind;
use cloud_core::storage::{ByteRange, ListEntry, ListObjects, ObjectStorage};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};
use mock::{LacksQuery, header, received, s3};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn listing_follows_tokens_and_decodes_keys() {
    let replay = Replay::empty().await;
    Mock::given(method("GET"))
        .and(path("/bkt"))
        .and(query_param("list-type", "2"))
        .and(query_param("encoding-type", "url"))
        .and(query_param("max-keys", "2"))
        .and(query_param("prefix", "a b/"))
        .and(LacksQuery("continuation-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>\
             <NextContinuationToken>tok/+=</NextContinuationToken>\
             <Contents><Key>a+b/%C3%BC%2B%25</Key><Size>1</Size></Contents>\
             <Contents><Key>a+b//x/</Key><Size>2</Size></Contents></ListBucketResult>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/bkt"))
        .and(query_param("continuation-token", "tok/+="))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>\
             <Contents><Key>a+b/z%0D%0A</Key><Size>3</Size></Contents></ListBucketResult>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let options = ListObjects {
        prefix: Some("a b/".into()),
        delimiter: None,
        page_size: Some(2),
    };
    let names: Vec<String> = driver
        .list_objects("bkt", &options)
        .map_ok(|e| match e {
            ListEntry::Object(m) => m.name,
            ListEntry::Prefix { prefix } => prefix,
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a b//x/", "a b/ü+%", "a b/z\r\n"]);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_corrupted_download_fails_its_last_chunk() {
    let replay = Replay::empty().await;
    // MD5("hello") is 5d41402abc4b2a76b9719d911017c592; the body says "jello".
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"5d41402abc4b2a76b9719d911017c592\"")
                .set_body_bytes(b"jello".to_vec()),
        )
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let download = driver.get_object("bkt", "k", None).await.unwrap();
    let results: Vec<_> = download.body.collect().await;
    let last = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.kind(), ErrorKind::MalformedResponse);
    assert!(last.message().contains("bkt/k"), "{last}");
    let got: usize = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|b| b.len())
        .sum();
    assert!(
        got < 5,
        "the bytes before the failure are fewer than the object"
    );
    let get = &received(&replay).await[0];
    assert_eq!(header(get, "x-amz-checksum-mode"), Some("ENABLED"));
}

#[tokio::test]
async fn ranges_missing_keys_and_bad_ranges() {
    let replay = Replay::empty().await;
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .and(wiremock::matchers::header("range", "bytes=2-3"))
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header("content-range", "bytes 2-3/10")
                // A ranged answer is not checked against the whole object's tag.
                .insert_header("etag", "\"5d41402abc4b2a76b9719d911017c592\"")
                .set_body_bytes(b"cd".to_vec()),
        )
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/bkt/k"))
        .and(wiremock::matchers::header("range", "bytes=50-"))
        .respond_with(ResponseTemplate::new(416).set_body_string(
            "<Error><Code>InvalidRange</Code><Message>The requested range is not \
             satisfiable</Message></Error>",
        ))
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/bkt/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_string(
            "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.\
             </Message><RequestId>RID-9</RequestId></Error>",
        ))
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let d = driver
        .get_object(
            "bkt",
            "k",
            Some(ByteRange {
                start: 2,
                end: Some(4),
            }),
        )
        .await
        .unwrap();
    assert_eq!(d.meta.size, 10);
    assert_eq!(common::read_all(d.body).await.unwrap(), b"cd");
    let err = driver
        .get_object(
            "bkt",
            "k",
            Some(ByteRange {
                start: 50,
                end: None,
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = driver.get_object("bkt", "gone", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.to_string(),
        "s3 GetObject: NoSuchKey: The specified key does not exist. (request RID-9)"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn slow_down_is_retried() {
    let replay = Replay::empty().await;
    Mock::given(method("HEAD"))
        .and(path("/bkt/k"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/bkt/k"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-length", "4"))
        .mount(replay.server())
        .await;
    let meta = s3(&replay, &[]).head_object("bkt", "k").await.unwrap();
    assert_eq!(meta.size, 4);
    assert_eq!(received(&replay).await.len(), 2);
}

#[tokio::test]
async fn deleting_a_full_bucket_is_a_conflict() {
    let replay = Replay::empty().await;
    Mock::given(method("GET"))
        .and(path("/full"))
        .and(query_param("max-keys", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t\
             </NextContinuationToken><Contents><Key>x</Key><Size>1</Size></Contents>\
             </ListBucketResult>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    // Filled between the check and the delete: S3's own answer says so.
    Mock::given(method("GET"))
        .and(path("/racy"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<ListBucketResult/>"))
        .mount(replay.server())
        .await;
    Mock::given(method("DELETE"))
        .and(path("/racy"))
        .respond_with(ResponseTemplate::new(409).set_body_string(
            "<Error><Code>BucketNotEmpty</Code><Message>The bucket you tried to delete is \
             not empty</Message></Error>",
        ))
        .expect(1)
        .mount(replay.server())
        .await;
    let driver = s3(&replay, &[]);
    let err = driver.delete_container("full").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("not empty"), "{err}");
    let err = driver.delete_container("racy").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("delete every object"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn deleting_a_missing_key_is_not_found_and_sends_no_delete() {
    let replay = Replay::empty().await;
    Mock::given(method("HEAD"))
        .and(path("/bkt/missing"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(replay.server())
        .await;
    let err = s3(&replay, &[])
        .delete_object("bkt", "missing")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn copy_encodes_the_source_and_reads_the_copy() {
    let replay = Replay::empty().await;
    Mock::given(method("PUT"))
        .and(path("/dst/to%20here"))
        .and(wiremock::matchers::header(
            "x-amz-copy-source",
            "/src/from%20%C3%BC%2Bthere",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>"),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("HEAD"))
        .and(path("/dst/to%20here"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-length", "7"))
        .expect(1)
        .mount(replay.server())
        .await;
    let meta = s3(&replay, &[])
        .copy_object("src", "from ü+there", "dst", "to here")
        .await
        .unwrap();
    assert_eq!(
        (meta.container.as_str(), meta.name.as_str(), meta.size),
        ("dst", "to here", 7)
    );
    replay.assert_all_used().await;
}
