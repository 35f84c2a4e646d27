//! What Azurite cannot show, against mocked answers on 127.0.0.1: Azure AD bearer
//! tokens (with `x-ms-version`), user delegation SAS, SAS tokens on every request, the
//! error documents onto typed errors, retried `ServerBusy`, an MD5 mismatch, and the
//! Shared Key string-to-sign checked against Microsoft's documented example.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use cloud_azure_blob::{AzureBlobStorage, sign};
use cloud_core::auth::{AccessToken, TokenCache, TokenSource};
use cloud_core::http::{HeaderValue, Method, OutgoingRequest};
use cloud_core::storage::{
    ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest, StorageFeature,
};
use cloud_core::{ErrorKind, ProviderConfig, Result, Secret};
use futures::{StreamExt, TryStreamExt};
use url::Url;
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Hands out one stand-in token that never expires.
#[derive(Debug)]
struct StandIn;

#[async_trait]
impl TokenSource for StandIn {
    async fn fetch(&self) -> Result<AccessToken> {
        Ok(AccessToken::non_expiring(Secret::new("stand-in-token")))
    }
}

/// The mock's path-style endpoint for account `acct`.
fn endpoint(server: &MockServer) -> Url {
    Url::parse(&format!("{}/acct", server.uri())).unwrap()
}

fn config(server: &MockServer) -> ProviderConfig {
    let mut config = cloud_test::guard::test_config(&endpoint(server));
    config.options.insert("account".into(), "acct".into());
    config
}

fn bearer_driver(server: &MockServer) -> AzureBlobStorage {
    AzureBlobStorage::with_token_cache(&config(server), TokenCache::new(Arc::new(StandIn))).unwrap()
}

fn key_driver(server: &MockServer) -> AzureBlobStorage {
    let mut config = config(server);
    config.credentials.insert(
        "account_key".into(),
        Secret::new(cloud_azure_blob::DEVELOPMENT_KEY),
    );
    AzureBlobStorage::new(&config).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/azure/blob")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn bearer_tokens_go_with_a_recent_x_ms_version() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/acct/box/k"))
        .and(header("authorization", "Bearer stand-in-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-length", "5")
                .insert_header("etag", "\"0x1\"")
                .insert_header("x-ms-meta-color", "blue"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let meta = bearer_driver(&server)
        .head_object("box", "k")
        .await
        .unwrap();
    assert_eq!(meta.metadata["color"], "blue");
    let seen = &server.received_requests().await.unwrap()[0];
    let version = seen.headers.get("x-ms-version").unwrap().to_str().unwrap();
    assert!(version >= "2017-11-09", "x-ms-version {version}");
    assert!(seen.headers.contains_key("x-ms-date"));
}

/// A stand-in that answers one `Get User Delegation Key`, asked with the bearer token,
/// with the fixture's key.
async fn delegation_key_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/acct/"))
        .and(query_param("restype", "service"))
        .and(query_param("comp", "userdelegationkey"))
        .and(header("authorization", "Bearer stand-in-token"))
        .and(body_string_contains("<KeyInfo><Start>"))
        .respond_with(
            ResponseTemplate::new(200).set_body_bytes(fixture("bodies/user-delegation-key.xml")),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The signature a user delegation SAS for `box/blob` with `permissions`, expiring at
/// the `se` of `query`, must carry: the HMAC of the delegation string under the value
/// of the fixture's delegation key.
fn delegation_signature(
    query: &std::collections::BTreeMap<String, String>,
    blob: &str,
    permissions: &str,
) -> String {
    let key =
        cloud_azure_blob::model::user_delegation_key(&fixture("bodies/user-delegation-key.xml"))
            .unwrap();
    let expiry = chrono::DateTime::parse_from_rfc3339(&query["se"])
        .unwrap()
        .with_timezone(&chrono::Utc);
    let sas = sign::BlobSas {
        account: "acct",
        container: "box",
        blob,
        permissions,
        start: None,
        expiry,
        protocol: None,
    };
    sign::signature(&key.value, &sas.delegation_string_to_sign(&key)).unwrap()
}

#[tokio::test]
async fn an_upload_url_grants_create_and_write_and_names_its_header() {
    let server = delegation_key_server().await;
    let d = bearer_driver(&server);
    assert!(d.capabilities().supports(StorageFeature::SignedPut));
    let request = SignedUrlRequest {
        method: SignedMethod::Put,
        expires_in: std::time::Duration::from_secs(600),
    };
    let signed = d.signed_url("box", "up.bin", &request).await.unwrap();
    assert_eq!(signed.method, SignedMethod::Put);
    assert_eq!(
        signed.headers,
        [("x-ms-blob-type".to_string(), "BlockBlob".to_string())]
    );
    let q: std::collections::BTreeMap<String, String> =
        signed.url.query_pairs().into_owned().collect();
    assert_eq!(q["sp"], "cw");
    let want = delegation_signature(&q, "up.bin", "cw");
    assert_eq!(
        q["sig"], want,
        "the permissions signed are the ones in the URL"
    );
    assert!(
        !format!("{signed:?}").contains(&want),
        "Debug shows no signature"
    );
}

#[tokio::test]
async fn a_user_delegation_sas_is_signed_with_the_delegation_key() {
    let server = delegation_key_server().await;
    let d = bearer_driver(&server);
    let request = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: std::time::Duration::from_secs(600),
    };
    let url = d
        .signed_url("box", "dir/a b.txt", &request)
        .await
        .unwrap()
        .url;
    assert_eq!(url.path(), "/acct/box/dir/a%20b.txt");
    let q: std::collections::BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["skoid"], "00000000-0000-0000-0000-0000000000aa");
    assert_eq!(q["sktid"], "00000000-0000-0000-0000-0000000000bb");
    assert_eq!(q["sks"], "b");
    assert_eq!(q["sr"], "b");
    assert_eq!(q["sp"], "r");
    let want = delegation_signature(&q, "dir/a b.txt", "r");
    assert_eq!(q["sig"], want);
    let too_long = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: std::time::Duration::from_secs(8 * 24 * 3600),
    };
    let err = d.signed_url("box", "k", &too_long).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn a_sas_token_rides_on_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/acct/"))
        .and(query_param("comp", "list"))
        .and(query_param("sig", "c2ln+/="))
        .and(query_param("sv", "2021-12-02"))
        .respond_with(
            ResponseTemplate::new(200).set_body_bytes(fixture("bodies/list-containers.xml")),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("marker", "/myaccount/other"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(
                "<EnumerationResults><Containers/><NextMarker/></EnumerationResults>",
            ),
        )
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.credentials.insert(
        "sas_token".into(),
        Secret::new("?sv=2021-12-02&ss=b&srt=sco&sp=rl&sig=c2ln%2B%2F%3D"),
    );
    let d = AzureBlobStorage::new(&config).unwrap();
    let names: Vec<String> = d
        .list_containers()
        .map_ok(|c| c.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["mycontainer"]);
    assert!(!format!("{d:?}").contains("c2ln"));
    let seen = server.received_requests().await.unwrap();
    assert!(
        seen.iter()
            .all(|r| r.headers.get("authorization").is_none())
    );
    assert!(seen[1].url.query().unwrap().contains("sig=c2ln"));
    let err = d
        .signed_url(
            "box",
            "k",
            &SignedUrlRequest {
                method: SignedMethod::Get,
                expires_in: std::time::Duration::from_secs(60),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[tokio::test]
async fn error_documents_become_typed_errors() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/acct/box/missing"))
        .respond_with(ResponseTemplate::new(404).insert_header("x-ms-error-code", "BlobNotFound"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/acct/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-ms-request-id", "req-1")
                .set_body_bytes(fixture("bodies/error-container-not-found.xml")),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/acct/taken"))
        .respond_with(ResponseTemplate::new(409).set_body_string(
            "<?xml version=\"1.0\"?><Error><Code>ContainerAlreadyExists</Code>\
             <Message>The specified container already exists.</Message></Error>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/acct/denied"))
        .respond_with(
            ResponseTemplate::new(403).insert_header("x-ms-error-code", "AuthenticationFailed"),
        )
        .mount(&server)
        .await;
    let d = key_driver(&server);
    let e = d.head_object("box", "missing").await.unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::NotFound, Some("BlobNotFound"))
    );
    let e = d
        .list_objects("gone", &Default::default())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.message(), "The specified container does not exist.");
    assert_eq!(e.request_id(), Some("req-1"));
    let e = d.create_container("taken").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlreadyExists);
    let e = d.get_container("denied").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
    assert!(!e.to_string().contains("Eby8"), "{e}");
    let e = d.head_object("Bad_Name", "k").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn server_busy_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/acct/box/k"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-ms-error-code", "ServerBusy"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/acct/box/k"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-length", "3"))
        .mount(&server)
        .await;
    let meta = key_driver(&server).head_object("box", "k").await.unwrap();
    assert_eq!(meta.size, 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn an_md5_mismatch_fails_the_download() {
    let server = MockServer::start().await;
    // MD5 of "world", sent with the bytes "hello".
    Mock::given(method("GET"))
        .and(path("/acct/box/k"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-md5", "fXkwN6B2AYZXSwKC8vQ15w==")
                .insert_header("etag", "\"0x1\"")
                .set_body_bytes(b"hello".to_vec()),
        )
        .mount(&server)
        .await;
    let d = key_driver(&server);
    let download = d.get_object("box", "k", None).await.unwrap();
    let items: Vec<Result<Bytes>> = download.body.collect().await;
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.code(), Some("ChecksumMismatch"), "{err}");
    assert_eq!(err.kind(), ErrorKind::Provider);
}

#[tokio::test]
async fn shared_key_requests_carry_a_verifiable_signature() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/acct/box/k"))
        .and(header("x-ms-blob-type", "BlockBlob"))
        .and(header("content-md5", "XUFAKrxLKna5cZ2REBfFkg=="))
        .respond_with(ResponseTemplate::new(201).insert_header("etag", "\"0x2\""))
        .mount(&server)
        .await;
    let d = key_driver(&server);
    let body = futures::stream::iter([Ok(Bytes::from_static(b"hello"))]).boxed();
    let meta = d
        .put_object("box", "k", body, &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(meta.etag.as_deref(), Some("0x2"));
    let seen: &Request = &server.received_requests().await.unwrap()[0];
    // Rebuild what was signed from what arrived, and check the signature.
    let mut again =
        OutgoingRequest::new(Method::PUT, seen.url.clone()).with_body(seen.body.clone());
    for (name, value) in &seen.headers {
        if name.as_str().starts_with("x-ms-") || name.as_str().starts_with("content-") {
            again.headers_mut().insert(
                name.clone(),
                HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
    }
    let want = sign::authorization(
        &again,
        "acct",
        &Secret::new(cloud_azure_blob::DEVELOPMENT_KEY),
    )
    .unwrap();
    assert_eq!(
        seen.headers.get("authorization").unwrap().to_str().unwrap(),
        want
    );
}

#[test]
fn the_documented_string_to_sign_and_its_signature() {
    let vector: serde_json::Value =
        serde_json::from_slice(&fixture("shared-key/vector.json")).unwrap();
    let text = |k: &str| vector[k].as_str().unwrap().to_string();
    let mut request = OutgoingRequest::new(Method::GET, Url::parse(&text("url")).unwrap());
    for (name, value) in vector["headers"].as_object().unwrap() {
        request.headers_mut().insert(
            cloud_core::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
        );
    }
    let string = sign::string_to_sign(&request, &text("account"));
    let documented = String::from_utf8(fixture("shared-key/string-to-sign.txt")).unwrap();
    assert_eq!(string, documented);
    let key = Secret::new(text("key"));
    assert_eq!(sign::signature(&key, &string).unwrap(), text("signature"));
    assert_eq!(
        sign::authorization(&request, &text("account"), &key).unwrap(),
        format!("SharedKey myaccount:{}", text("signature"))
    );
}
