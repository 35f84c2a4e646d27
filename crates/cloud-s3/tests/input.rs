//! Checks made before any request, and signed URLs (which send nothing): the
//! addressing style, the region, the endpoint from the environment, expiry limits.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cloud_core::env::MapEnv;
use cloud_core::http::HttpConfig;
use cloud_core::storage::{
    ByteRange, ListObjects, ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest,
};
use cloud_core::{ErrorKind, FixedClock, ProviderConfig, Secret};
use cloud_s3::S3Storage;
use cloud_test::replay::Replay;
use futures::StreamExt;

fn body() -> cloud_core::storage::ByteStream {
    futures::stream::iter([Ok(Bytes::from_static(b"x"))]).boxed()
}

#[tokio::test]
async fn bad_names_keys_and_options_send_nothing() {
    let replay = Replay::empty().await;
    let d = common::driver(&replay.uri());
    let kinds = [
        d.head_object("b", "k").await.unwrap_err().kind(),
        d.head_object("bkt", "../x").await.unwrap_err().kind(),
        d.head_object("bkt", "/abs").await.unwrap_err().kind(),
        d.get_container("has space").await.unwrap_err().kind(),
        d.get_container("a/b").await.unwrap_err().kind(),
        d.create_container("Upper-Case").await.unwrap_err().kind(),
        d.create_container("192.168.1.1").await.unwrap_err().kind(),
        d.delete_container("x?y").await.unwrap_err().kind(),
        d.delete_object("bkt", "a/./b").await.unwrap_err().kind(),
        d.copy_object("bkt", "ok", "bkt", "../up")
            .await
            .unwrap_err()
            .kind(),
        d.get_object(
            "bkt",
            "k",
            Some(ByteRange {
                start: 5,
                end: Some(5),
            }),
        )
        .await
        .unwrap_err()
        .kind(),
        d.put_object("bkt", "", body(), &PutOptions::default())
            .await
            .unwrap_err()
            .kind(),
        d.put_object(
            "bkt",
            "k",
            body(),
            &PutOptions {
                metadata: [("ünï".to_string(), "v".to_string())].into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err()
        .kind(),
    ];
    assert!(
        kinds.iter().all(|k| *k == ErrorKind::InvalidInput),
        "{kinds:?}"
    );
    let bad_page = ListObjects {
        page_size: Some(0),
        ..Default::default()
    };
    let first = d.list_objects("bkt", &bad_page).next().await.unwrap();
    assert_eq!(first.unwrap_err().kind(), ErrorKind::InvalidInput);
    let first = d
        .list_objects("no/slash", &ListObjects::default())
        .next()
        .await
        .unwrap();
    assert_eq!(first.unwrap_err().kind(), ErrorKind::InvalidInput);
    for expiry in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        let request = SignedUrlRequest {
            method: SignedMethod::Get,
            expires_in: expiry,
        };
        let err = d.signed_url("bkt", "k", &request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{expiry:?}");
    }
    assert!(replay.history().is_empty(), "{:#?}", replay.history());
    replay.assert_all_used().await;
}

/// A driver for AWS itself (no endpoint), with fixed credentials, environment and time.
fn aws(region: &str, env: MapEnv, options: &[(&str, &str)]) -> S3Storage {
    // Loopback-only: the region look-up a signed URL may make is refused at once.
    let mut config = ProviderConfig {
        region: Some(region.to_string()),
        env: Arc::new(env),
        http: HttpConfig {
            loopback_only: true,
            ..HttpConfig::default()
        },
        ..Default::default()
    };
    config
        .credentials
        .insert("access_key_id".into(), Secret::new("AKIDEXAMPLE"));
    config.credentials.insert(
        "secret_access_key".into(),
        Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    );
    for (k, v) in options {
        config.options.insert(k.to_string(), v.to_string());
    }
    S3Storage::new(&config)
        .unwrap()
        .with_clock(Arc::new(FixedClock::at_unix(1_369_353_600))) // 2013-05-24
}

async fn get_url(driver: &S3Storage, bucket: &str, key: &str) -> url::Url {
    let request = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: Duration::from_secs(86_400),
    };
    driver.signed_url(bucket, key, &request).await.unwrap().url
}

#[tokio::test]
async fn signed_urls_follow_addressing_and_region() {
    let d = aws("eu-west-1", MapEnv::default(), &[]);
    let url = get_url(&d, "photos", "a b/ü.jpg").await;
    assert_eq!(url.host_str(), Some("photos.s3.eu-west-1.amazonaws.com"));
    assert_eq!(url.path(), "/a%20b/%C3%BC.jpg");
    let q: std::collections::BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
    assert_eq!(
        q["X-Amz-Credential"],
        "AKIDEXAMPLE/20130524/eu-west-1/s3/aws4_request"
    );
    assert_eq!(q["X-Amz-Date"], "20130524T000000Z");
    assert_eq!(q["X-Amz-Expires"], "86400");
    assert_eq!(q["X-Amz-SignedHeaders"], "host");
    assert_eq!(q["X-Amz-Signature"].len(), 64);

    let dotted = get_url(&d, "my.dotted.bucket", "k").await;
    assert_eq!(dotted.host_str(), Some("s3.eu-west-1.amazonaws.com"));
    assert_eq!(dotted.path(), "/my.dotted.bucket/k");

    let path_style = aws(
        "eu-west-1",
        MapEnv::default(),
        &[("addressing_style", "path")],
    );
    let url = get_url(&path_style, "photos", "k").await;
    assert_eq!(url.host_str(), Some("s3.eu-west-1.amazonaws.com"));
    assert_eq!(url.path(), "/photos/k");

    let env = MapEnv::from([("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")]);
    let custom = aws("us-east-1", env, &[]);
    let url = get_url(&custom, "photos", "k").await;
    assert_eq!(
        url.as_str().split('?').next(),
        Some("http://127.0.0.1:9000/photos/k")
    );
    let env = MapEnv::from([("AWS_ENDPOINT_URL", "http://localhost:9001")]);
    let url = get_url(&aws("us-east-1", env, &[]), "photos", "k").await;
    assert_eq!(url.host_str(), Some("localhost"));
}

#[test]
fn debug_output_hides_credentials() {
    let d = aws("us-east-1", MapEnv::default(), &[]);
    let shown = format!("{d:?}");
    assert!(!shown.contains("wJalrXUtn"), "{shown}");
    assert!(!shown.contains("AKIDEXAMPLE"), "{shown}");
}
