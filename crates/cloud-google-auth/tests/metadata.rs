//! The metadata server: only asked when nothing else is configured, refused under the
//! loopback guard, and read from a loopback stand-in named by `GCE_METADATA_HOST`.

mod common;

use cloud_core::ErrorKind;
use cloud_core::http::LOOPBACK_ONLY_ENV;
use cloud_google_auth::GoogleAuth;
use common::*;
use url::Url;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/computeMetadata/v1/instance/service-accounts/default/token";

#[tokio::test]
async fn the_metadata_server_is_refused_under_the_guard_and_the_error_lists_what_was_tried() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let config = config(&url, &[("HOME", home.path().to_str().unwrap())]);
    let auth = GoogleAuth::from_config("gce", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), None);
    let err = auth.token_cache().token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    let message = err.message();
    assert!(message.contains("metadata.google.internal"), "{message}");
    assert!(message.contains("loopback guard"), "{message}");
    assert!(message.contains("GOOGLE_OAUTH_ACCESS_TOKEN"), "{message}");
    assert!(
        message.contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{message}"
    );
    assert!(
        message.contains("application_default_credentials.json (no such file)"),
        "{message}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_link_local_address_is_refused_by_the_environment_guard_too() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    let mut config = config(
        &url,
        &[
            ("GCE_METADATA_HOST", "169.254.169.254"),
            (LOOPBACK_ONLY_ENV, "1"),
        ],
    );
    config.http.loopback_only = false;
    let err = GoogleAuth::from_config("gce", &config, SCOPES)
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("169.254.169.254"), "{err}");
    assert!(err.message().contains("loopback guard"), "{err}");
}

#[tokio::test]
async fn a_loopback_stand_in_hands_out_the_instance_token() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    Mock::given(method("GET"))
        .and(path(TOKEN_PATH))
        .and(header("metadata-flavor", "Google"))
        .and(query_param("scopes", SCOPES.join(",")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("metadata-flavor", "Google")
                .set_body_json(serde_json::json!({
                    "access_token": "ya29.instance",
                    "expires_in": 3599,
                    "token_type": "Bearer",
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let host = format!("127.0.0.1:{}", url.port().unwrap());
    let config = config(&url, &[("GCE_METADATA_HOST", &host)]);
    let auth = GoogleAuth::from_config("gce", &config, SCOPES).unwrap();
    assert_eq!(
        auth.token_cache().token().await.unwrap().expose(),
        "ya29.instance"
    );
    assert!(auth.url_signer().is_none());
}

#[tokio::test]
async fn an_answer_without_metadata_flavor_is_not_trusted() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    Mock::given(method("GET"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "ya29.impostor",
            "expires_in": 3599,
        })))
        .mount(&server)
        .await;
    let host = format!("127.0.0.1:{}", url.port().unwrap());
    let config = config(&url, &[("GCE_METADATA_HOST", &host)]);
    let err = GoogleAuth::from_config("gce", &config, SCOPES)
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.message().contains("Metadata-Flavor"), "{err}");
    assert!(!err.to_string().contains("ya29.impostor"), "{err}");
}

#[tokio::test]
async fn an_unreachable_metadata_server_says_which_sources_were_tried() {
    // Bind a port, then free it, so nothing answers there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = Url::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let host = format!("127.0.0.1:{port}");
    let mut config = config(&url, &[("GCE_METADATA_HOST", &host)]);
    config.http.retry.max_attempts = 1;
    let err = GoogleAuth::from_config("gce", &config, SCOPES)
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(
        err.message()
            .starts_with("no Google credentials found: tried"),
        "{err}"
    );
    assert!(err.message().contains(&host), "{err}");
    assert!(
        err.message()
            .contains("none of CLOUDSDK_CONFIG, HOME, APPDATA"),
        "{err}"
    );
}

#[tokio::test]
async fn the_project_is_asked_of_the_metadata_server_once_and_kept() {
    let server = cloud_test::google_metadata::naming_project("my-project-42").await;
    let url = Url::parse(&server.uri()).unwrap();
    let host = format!("127.0.0.1:{}", url.port().unwrap());
    let home = tempfile::tempdir().unwrap();
    let config = config(
        &url,
        &[
            ("GCE_METADATA_HOST", &host),
            ("HOME", home.path().to_str().unwrap()),
        ],
    );
    let mut auth = GoogleAuth::from_config("gce", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), None);
    assert_eq!(auth.discover_project_id().await, Some("my-project-42"));
    assert_eq!(auth.discover_project_id().await, Some("my-project-42"));
    assert_eq!(auth.project_id(), Some("my-project-42"));
}

#[tokio::test]
async fn no_project_is_discovered_under_the_guard_or_for_other_credentials() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let guarded = config(&url, &[("HOME", home.path().to_str().unwrap())]);
    let mut auth = GoogleAuth::from_config("gce", &guarded, SCOPES).unwrap();
    assert_eq!(auth.discover_project_id().await, None);
    let host = format!("127.0.0.1:{}", url.port().unwrap());
    let mut with_token = config(&url, &[("GCE_METADATA_HOST", &host)]);
    with_token
        .credentials
        .insert("access_token".into(), cloud_core::Secret::new("ya29.given"));
    let mut auth = GoogleAuth::from_config("gce", &with_token, SCOPES).unwrap();
    assert_eq!(auth.discover_project_id().await, None);
    assert!(server.received_requests().await.unwrap().is_empty());
}
