//! What the emulator does not show, against wiremock answers written from the JSON API
//! reference (`fixtures/gcs/README.md`): bearer tokens and their refresh after 401,
//! error documents, retries, CRC32C mismatches both ways, and V4 signed URLs checked
//! with the public half of the test service account's key.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use bytes::Bytes;
use cloud_core::auth::{AccessToken, TokenCache, TokenSource};
use cloud_core::storage::{
    ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest, StorageFeature,
};
use cloud_core::{ErrorKind, FixedClock, Result, Secret};
use cloud_gcs::GcsStorage;
use futures::{StreamExt, TryStreamExt};
use url::Url;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OBJECT: &str = include_str!("../../../fixtures/gcs/bodies/object.json");
const BUCKET: &str = include_str!("../../../fixtures/gcs/bodies/bucket.json");
const ERROR_404: &str = include_str!("../../../fixtures/gcs/bodies/error-404.json");
const ERROR_409: &str = include_str!("../../../fixtures/gcs/bodies/error-409.json");
const ERROR_403: &str = include_str!("../../../fixtures/gcs/bodies/error-403.json");
const ERROR_401: &str = include_str!("../../../fixtures/gcs/bodies/error-401.json");
const SERVICE_ACCOUNT: &str = include_str!("../../../fixtures/google/test-service-account.json");
const PUBLIC_KEY: &[u8] = include_bytes!("../../../fixtures/google/test-service-account.pub.der");

const BODY: &[u8] = b"hello, world\n";

/// The object fixture with the CRC32C of `BODY` (or of `other`) filled in.
fn object_json(crc_of: &[u8]) -> String {
    let crc = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        crc32c::crc32c(crc_of).to_be_bytes(),
    );
    OBJECT.replace("CRC32C_OF_BODY", &crc)
}

/// Hands out `stand-in-token-1`, `stand-in-token-2`, …
#[derive(Debug, Default)]
struct StandIn(AtomicUsize);

#[async_trait]
impl TokenSource for StandIn {
    async fn fetch(&self) -> Result<AccessToken> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(AccessToken::non_expiring(Secret::new(format!(
            "stand-in-token-{n}"
        ))))
    }
}

fn url(server: &MockServer) -> Url {
    Url::parse(&server.uri()).unwrap()
}

fn anonymous(server: &MockServer) -> GcsStorage {
    common::driver(&url(server))
}

#[tokio::test]
async fn a_stand_in_token_is_sent_and_fetched_again_after_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket"))
        .and(header("authorization", "Bearer stand-in-token-1"))
        .respond_with(ResponseTemplate::new(401).set_body_string(ERROR_401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket"))
        .and(header("authorization", "Bearer stand-in-token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_string(BUCKET))
        .expect(1)
        .mount(&server)
        .await;
    let source = Arc::new(StandIn::default());
    let config = cloud_test::guard::test_config(&url(&server));
    let d = GcsStorage::with_token_cache(&config, TokenCache::new(source.clone())).unwrap();
    let bucket = d.get_container("example-bucket").await.unwrap();
    assert_eq!(bucket.name, "example-bucket");
    assert_eq!(bucket.location.as_deref(), Some("EU"));
    assert_eq!(
        source.0.load(Ordering::SeqCst),
        2,
        "one login, one after the 401"
    );
    assert!(!format!("{d:?}").contains("stand-in-token"));
}

#[tokio::test]
async fn a_token_refused_twice_is_invalid_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string(ERROR_401))
        .expect(2)
        .mount(&server)
        .await;
    let config = cloud_test::guard::test_config(&url(&server));
    let d = GcsStorage::with_token_cache(&config, TokenCache::new(Arc::new(StandIn::default())))
        .unwrap();
    let err = d.head_object("example-bucket", "k").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(!err.to_string().contains("stand-in-token"), "{err}");
}

#[tokio::test]
async fn an_emulator_gets_no_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket"))
        .respond_with(ResponseTemplate::new(200).set_body_string(BUCKET))
        .mount(&server)
        .await;
    anonymous(&server)
        .get_container("example-bucket")
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
}

#[tokio::test]
async fn error_documents_become_typed_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_string(ERROR_404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/secret"))
        .respond_with(ResponseTemplate::new(403).set_body_string(ERROR_403))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/storage/v1/b"))
        .respond_with(ResponseTemplate::new(409).set_body_string(ERROR_409))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/storage/v1/b/example-bucket"))
        .respond_with(ResponseTemplate::new(409).set_body_string(
            r#"{"error":{"code":409,"message":"The bucket you tried to delete is not empty.","errors":[{"reason":"conflict"}]}}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/garbage"))
        .respond_with(ResponseTemplate::new(400).set_body_string("{\"error\":{\"code\":4"))
        .mount(&server)
        .await;
    let d = anonymous(&server);
    let e = d
        .head_object("example-bucket", "missing")
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::NotFound, Some("notFound"))
    );
    assert_eq!(e.provider(), Some("gcs"));
    let e = d.head_object("example-bucket", "secret").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PermissionDenied);
    let e = d.create_container("example-bucket").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlreadyExists);
    let e = d.delete_container("example-bucket").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    let e = d
        .head_object("example-bucket", "garbage")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = d.head_object("Bad_Bucket", "k").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn a_503_and_a_429_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>unavailable</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_string("{}"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/notes%2Fhello.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(object_json(BODY)))
        .mount(&server)
        .await;
    let meta = anonymous(&server)
        .head_object("example-bucket", "notes/hello.txt")
        .await
        .unwrap();
    assert_eq!(meta.size, 13);
    assert_eq!(meta.metadata["color"], "blue");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

async fn mount_download(server: &MockServer, goog_hash_of: &[u8]) {
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/notes%2Fhello.txt"))
        .and(query_param("alt", "media"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-goog-generation", "1700000000000001")
                .insert_header(
                    "x-goog-hash",
                    format!(
                        "crc32c={},md5=IsNoOwlBNsM5g5GucbIPBA==",
                        base64::Engine::encode(
                            &base64::engine::general_purpose::STANDARD,
                            crc32c::crc32c(goog_hash_of).to_be_bytes()
                        )
                    )
                    .as_str(),
                )
                .set_body_bytes(BODY),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/example-bucket/o/notes%2Fhello.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(object_json(BODY)))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_matching_x_goog_hash_passes() {
    let server = MockServer::start().await;
    mount_download(&server, BODY).await;
    let got = anonymous(&server)
        .get_object("example-bucket", "notes/hello.txt", None)
        .await
        .unwrap();
    let bytes: Vec<Bytes> = got.body.try_collect().await.unwrap();
    assert_eq!(bytes.concat(), BODY);
}

#[tokio::test]
async fn a_wrong_x_goog_hash_fails_the_download() {
    let server = MockServer::start().await;
    mount_download(&server, b"something else").await;
    let got = anonymous(&server)
        .get_object("example-bucket", "notes/hello.txt", None)
        .await
        .unwrap();
    let items: Vec<_> = got.body.collect().await;
    let err = items.into_iter().find_map(|i| i.err()).expect("a failure");
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!(err.code(), Some("ChecksumMismatch"));
}

#[tokio::test]
async fn an_upload_stored_with_another_crc32c_is_deleted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/upload/storage/v1/b/example-bucket/o"))
        .and(query_param("uploadType", "multipart"))
        .respond_with(ResponseTemplate::new(200).set_body_string(object_json(b"not the body")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/storage/v1/b/example-bucket/o/notes%2Fhello.txt"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = futures::stream::iter([Ok(Bytes::from_static(BODY))]).boxed();
    let err = anonymous(&server)
        .put_object(
            "example-bucket",
            "notes/hello.txt",
            body,
            &PutOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ChecksumMismatch"));
    let upload = &server.received_requests().await.unwrap()[0];
    let sent = String::from_utf8_lossy(&upload.body);
    let crc = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        crc32c::crc32c(BODY).to_be_bytes(),
    );
    assert!(sent.contains(&format!("\"crc32c\":\"{crc}\"")), "{sent}");
    assert!(sent.contains("\"name\":\"notes/hello.txt\""), "{sent}");
    assert_eq!(
        upload.headers["x-goog-hash"],
        format!("crc32c={crc}").as_str()
    );
}

/// A driver at `endpoint` holding the test service account's key, at a fixed time.
fn signing_driver(endpoint: &Url) -> GcsStorage {
    let mut config = cloud_test::guard::test_config(endpoint);
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(SERVICE_ACCOUNT));
    GcsStorage::new(&config)
        .unwrap()
        .with_clock(Arc::new(FixedClock::at_unix(1_700_000_000)))
}

/// The canonical request and string to sign of a V4 signed URL, rebuilt from the URL
/// following Google's "V4 signing process" page.
fn string_to_sign(url: &Url, method: &str) -> String {
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let mut query: Vec<&str> = url
        .query()
        .unwrap()
        .split('&')
        .filter(|p| !p.starts_with("X-Goog-Signature="))
        .collect();
    query.sort_unstable();
    let canonical = format!(
        "{method}\n{}\n{}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD",
        url.path(),
        query.join("&")
    );
    let hash = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
    let hex: String = hash.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("GOOG4-RSA-SHA256\n20231114T221320Z\n20231114/auto/storage/goog4_request\n{hex}")
}

#[tokio::test]
async fn signed_urls_verify_with_the_test_keys_public_half() {
    let endpoint = Url::parse("http://127.0.0.1:4443").unwrap();
    let d = signing_driver(&endpoint);
    assert!(d.capabilities().supports(StorageFeature::SignedGet));
    for (m, name) in [(SignedMethod::Get, "GET"), (SignedMethod::Put, "PUT")] {
        let request = SignedUrlRequest {
            method: m,
            expires_in: std::time::Duration::from_secs(900),
        };
        let url = d
            .signed_url("example-bucket", "cat pics/tabby+1.jpeg", &request)
            .await
            .unwrap()
            .url;
        assert_eq!(url.path(), "/example-bucket/cat%20pics/tabby%2B1.jpeg");
        let pairs: std::collections::BTreeMap<String, String> =
            url.query_pairs().into_owned().collect();
        assert_eq!(pairs["X-Goog-Algorithm"], "GOOG4-RSA-SHA256");
        assert_eq!(pairs["X-Goog-Date"], "20231114T221320Z");
        assert_eq!(pairs["X-Goog-Expires"], "900");
        assert_eq!(pairs["X-Goog-SignedHeaders"], "host");
        assert!(pairs["X-Goog-Credential"].ends_with("/20231114/auto/storage/goog4_request"));
        let signature: Vec<u8> = (0..pairs["X-Goog-Signature"].len() / 2)
            .map(|i| u8::from_str_radix(&pairs["X-Goog-Signature"][2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let key = ring::signature::UnparsedPublicKey::new(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            PUBLIC_KEY,
        );
        key.verify(string_to_sign(&url, name).as_bytes(), &signature)
            .expect("the signature verifies with the public key");
    }
    let too_long = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: std::time::Duration::from_secs(8 * 24 * 3600),
    };
    let err = d
        .signed_url("example-bucket", "k", &too_long)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn signed_urls_without_a_key_are_unsupported() {
    let d = common::driver(&Url::parse("http://127.0.0.1:4443").unwrap());
    assert!(!d.capabilities().supports(StorageFeature::SignedGet));
    let request = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: std::time::Duration::from_secs(60),
    };
    let err = d
        .signed_url("example-bucket", "k", &request)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("service-account key"), "{err}");
}
