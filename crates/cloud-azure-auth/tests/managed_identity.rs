//! Managed identity: IMDS refused under the loopback guard (after every other source,
//! all named in the error), and an `IDENTITY_ENDPOINT` stand-in on loopback used.

mod common;

use std::time::Duration;

use cloud_azure_auth::{AzureAuth, AzureContext};
use cloud_core::ErrorKind;
use common::*;
use url::Url;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const IDENTITY_HEADER: &str = "identity-header-secret-42";

fn loopback() -> Url {
    Url::parse("http://127.0.0.1:9/").unwrap()
}

#[tokio::test]
async fn imds_is_refused_under_the_guard_and_every_source_is_named() {
    let home = tempfile::tempdir().unwrap();
    let config = config(&loopback(), &[("HOME", home.path().to_str().unwrap())]);
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    let message = e.message();
    for source in [
        "no Azure credentials found",
        "client secret",
        "AZURE_CLIENT_SECRET",
        "client certificate",
        "AZURE_CLIENT_CERTIFICATE_PATH",
        "msal_token_cache.json (no such file)",
        "managed identity endpoint (IMDS) http://169.254.169.254/metadata/identity/oauth2/token",
        "loopback guard",
    ] {
        assert!(message.contains(source), "{source:?} missing from: {e}");
    }
}

#[tokio::test]
async fn the_guard_from_the_environment_refuses_imds_too() {
    let mut config = config(&loopback(), &[("LIBCLOUD_LOOPBACK_ONLY", "1")]);
    config.http.loopback_only = false;
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert!(e.message().contains("loopback guard"), "{e}");
    assert!(e.message().contains("169.254.169.254"), "{e}");
}

#[tokio::test]
async fn a_non_loopback_identity_endpoint_is_refused_under_the_guard() {
    let config = config(
        &loopback(),
        &[
            ("IDENTITY_ENDPOINT", "http://10.0.0.5:8081/msi/token"),
            ("IDENTITY_HEADER", IDENTITY_HEADER),
        ],
    );
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert!(e.message().contains("IDENTITY_ENDPOINT"), "{e}");
    assert!(e.message().contains("10.0.0.5"), "{e}");
    assert!(!e.to_string().contains(IDENTITY_HEADER));
}

#[tokio::test]
async fn a_loopback_identity_endpoint_gives_the_token() {
    let server = MockServer::start().await;
    let expires_on = NOW + 7200;
    Mock::given(method("GET"))
        .and(path("/msi/token"))
        .and(query_param("api-version", "2019-08-01"))
        .and(query_param("resource", "https://management.azure.com/"))
        .and(header("x-identity-header", IDENTITY_HEADER))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "mi-token-1",
            "expires_on": expires_on.to_string(),
            "resource": "https://management.azure.com/",
            "token_type": "Bearer",
            "client_id": "abc"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let endpoint = format!("{}/msi/token", server.uri());
    let url = Url::parse(&server.uri()).unwrap();
    let config = config(
        &url,
        &[
            ("IDENTITY_ENDPOINT", endpoint.as_str()),
            ("IDENTITY_HEADER", IDENTITY_HEADER),
        ],
    );
    let clock = clock();
    let ctx = AzureContext::from_config(&config).with_clock(clock.clone());
    let auth = AzureAuth::from_context("azure", &config, &ctx, SCOPE).unwrap();
    let shown = format!("{auth:?}");
    assert!(!shown.contains(IDENTITY_HEADER), "{shown}");
    let cache = auth.token_cache();
    assert_eq!(cache.token().await.unwrap().expose(), "mi-token-1");
    // expires_on is absolute: still cached an hour later.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(cache.token().await.unwrap().expose(), "mi-token-1");
}

#[tokio::test]
async fn a_user_assigned_identity_is_asked_for_by_client_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/msi/token"))
        .and(query_param("client_id", CLIENT_ID))
        .and(query_param("resource", "https://storage.azure.com/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "mi-token-2",
            "expires_on": (NOW + 3600).to_string(),
            "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let endpoint = format!("{}/msi/token", server.uri());
    let url = Url::parse(&server.uri()).unwrap();
    let config = config(
        &url,
        &[
            ("IDENTITY_ENDPOINT", endpoint.as_str()),
            ("IDENTITY_HEADER", IDENTITY_HEADER),
            ("AZURE_CLIENT_ID", CLIENT_ID),
        ],
    );
    let auth = AzureAuth::from_config("azure_blobs", &config, "https://storage.azure.com/.default")
        .unwrap();
    assert_eq!(
        auth.token_cache().token().await.unwrap().expose(),
        "mi-token-2"
    );
}

#[tokio::test]
async fn identity_endpoint_refusals_keep_the_list_of_sources() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/msi/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "statusCode": 400,
            "message": "No managed identity is assigned to this app"
        })))
        .mount(&server)
        .await;
    let endpoint = format!("{}/msi/token", server.uri());
    let url = Url::parse(&server.uri()).unwrap();
    let config = config(
        &url,
        &[
            ("IDENTITY_ENDPOINT", endpoint.as_str()),
            ("IDENTITY_HEADER", IDENTITY_HEADER),
        ],
    );
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
    assert!(
        e.message().contains("No managed identity is assigned"),
        "{e}"
    );
    assert!(e.message().contains("client secret"), "{e}");
    assert!(e.message().contains("Azure CLI token cache"), "{e}");
    assert!(!e.to_string().contains(IDENTITY_HEADER));
}

#[tokio::test]
async fn a_truncated_identity_answer_is_malformed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/msi/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"access_token":"mi-tok","expires_on":"17"#),
        )
        .mount(&server)
        .await;
    let endpoint = format!("{}/msi/token", server.uri());
    let url = Url::parse(&server.uri()).unwrap();
    let config = config(
        &url,
        &[
            ("IDENTITY_ENDPOINT", endpoint.as_str()),
            ("IDENTITY_HEADER", IDENTITY_HEADER),
        ],
    );
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedResponse);
    assert!(!e.to_string().contains("mi-tok"), "{e}");
}

#[test]
fn a_bad_identity_endpoint_is_a_configuration_error() {
    for bad in ["not a url", "file:///etc/passwd"] {
        let config = config(
            &loopback(),
            &[("IDENTITY_ENDPOINT", bad), ("IDENTITY_HEADER", "h")],
        );
        let e = AzureAuth::from_config("azure", &config, SCOPE).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{bad}");
        assert!(e.message().contains("IDENTITY_ENDPOINT"), "{e}");
    }
}
