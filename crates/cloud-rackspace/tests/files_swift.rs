//! Cloud Files through the `rackspace` provider runs the storage conformance suite against
//! a real Swift (the `openstack` service `cargo xtask test` starts): mimic's Cloud Files
//! ignores `prefix`, `limit` and `marker`, so listings are checked against the server
//! Cloud Files is built on instead. A stand-in identity service answers the v2.0 API-key
//! login with a catalog naming that Swift as `cloudFiles` in DFW and a token the test
//! cluster's Keystone issued, so every Swift request is authorised for real.

use std::sync::Arc;

use cloud_core::storage::ObjectStorage;
use cloud_core::{DriverFactory, MapEnv, ProviderConfig, Secret};
use cloud_openstack::SwiftStorage;
use cloud_rackspace::RackspaceFactory;
use cloud_test::conformance::storage::{StoragePlan, run};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "files-test-api-key-never-shown";

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set with the openstack service"))
}

/// A Keystone token for the test cluster's demo project, its expiry and the project's
/// Swift URL.
async fn keystone_token(keystone: &url::Url) -> (String, String, String) {
    let login = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": var("LIBCLOUD_TEST_OS_USERNAME"),
            "domain": {"name": "Default"},
            "password": var("LIBCLOUD_TEST_OS_PASSWORD")}}},
        "scope": {"project": {"name": var("LIBCLOUD_TEST_OS_PROJECT_NAME"),
                              "domain": {"name": "Default"}}}}});
    let base = keystone.as_str().trim_end_matches('/');
    let resp = reqwest::Client::new()
        .post(format!("{base}/auth/tokens"))
        .header("content-type", "application/json")
        .body(login.to_string())
        .send()
        .await
        .expect("Keystone answers");
    assert_eq!(resp.status(), 201, "Keystone issued a token");
    let token = resp.headers()["x-subject-token"]
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    let expires = body["token"]["expires_at"].as_str().unwrap().to_string();
    let region = var("LIBCLOUD_TEST_OS_REGION_NAME");
    let swift = body["token"]["catalog"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "object-store")
        .and_then(|s| {
            s["endpoints"].as_array().unwrap().iter().find(|e| {
                e["interface"] == "public" && e["region"].as_str() == Some(region.as_str())
            })
        })
        .and_then(|e| e["url"].as_str())
        .expect("Swift in the catalog")
        .to_string();
    (token, expires, swift)
}

#[tokio::test]
async fn cloud_files_passes_the_storage_suite_on_swift() {
    let Some(keystone) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_KEYSTONE_ENDPOINT")
    else {
        return;
    };
    let (token, expires, swift) = keystone_token(&keystone).await;
    let identity = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.0/tokens"))
        .and(body_partial_json(
            json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {
            "username": "files-test", "apiKey": API_KEY}}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access": {
            "token": {"id": token, "expires": expires, "tenant": {"id": "123456"}},
            "user": {"id": "1", "name": "files-test", "RAX-AUTH:defaultRegion": "DFW"},
            "serviceCatalog": [{"name": "cloudFiles", "type": "object-store",
                "endpoints": [{"region": "DFW", "tenantId": "123456", "publicURL": swift}]}]
        }})))
        .expect(1)
        .mount(&identity)
        .await;

    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", "files-test");
    env.set("RACKSPACE_API_KEY", API_KEY);
    let endpoint: url::Url = identity.uri().parse().unwrap();
    let config = ProviderConfig {
        region: Some("DFW".into()),
        endpoint: Some(endpoint.clone()),
        http: cloud_test::guard::test_config(&endpoint).http,
        env: Arc::new(env),
        ..Default::default()
    };
    let session = RackspaceFactory.connect(&config).await.expect("connects");
    let files: Arc<dyn ObjectStorage> = session.storage().expect("storage");
    assert_eq!(files.provider_id(), "rackspace");
    files
        .as_any()
        .downcast_ref::<SwiftStorage>()
        .expect("Cloud Files is the Swift driver")
        .set_temp_url_key(&Secret::new("files-temp-url-key"))
        .await
        .expect("the account's temporary URL key is set");
    let plan = StoragePlan {
        container: format!("rax-conformance-{}", std::process::id()),
        fetch_signed_urls: true,
        ..StoragePlan::default()
    };
    run(files.as_ref(), &plan).await;
}
