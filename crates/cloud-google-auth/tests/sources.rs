//! Which credentials a configuration resolves to: explicit token, key files, the
//! application-default credentials file, the project, and the errors on the way.

mod common;

use cloud_core::{ErrorKind, Secret};
use cloud_google_auth::GoogleAuth;
use common::*;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn local() -> Url {
    Url::parse("http://127.0.0.1:9").unwrap()
}

#[tokio::test]
async fn an_explicit_access_token_is_used_as_is_and_never_expires() {
    let mut config = config(&local(), &[]);
    config
        .credentials
        .insert("access_token".into(), Secret::new("ya29.explicit"));
    let auth = GoogleAuth::from_config("gce", &config, SCOPES).unwrap();
    let cache = auth.token_cache();
    assert_eq!(cache.token().await.unwrap().expose(), "ya29.explicit");
    assert!(
        format!("{cache:?}").contains("expires_at: None"),
        "{cache:?}"
    );
    assert!(!format!("{auth:?}").contains("ya29.explicit"));
    assert!(auth.url_signer().is_none());
    assert_eq!(auth.project_id(), None);
}

#[tokio::test]
async fn the_access_token_comes_from_the_environment_too() {
    let config = config(
        &local(),
        &[
            ("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.from-env"),
            ("GOOGLE_CLOUD_PROJECT", "env-project"),
        ],
    );
    let auth = GoogleAuth::from_config("gce", &config, SCOPES).unwrap();
    assert_eq!(
        auth.token_cache().token().await.unwrap().expose(),
        "ya29.from-env"
    );
    assert_eq!(auth.project_id(), Some("env-project"));
}

#[test]
fn an_access_token_is_the_whole_credential_and_no_file_beside_it_is_read() {
    let mut config = key_config(&local());
    config
        .credentials
        .insert("access_token".into(), Secret::new("ya29.explicit"));
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), None, "the key's project is not read");
    assert!(auth.url_signer().is_none(), "nor its signer");
    // A credentials file that would not parse is not read either.
    config
        .credentials
        .insert("credentials_json".into(), Secret::new("not json"));
    config
        .options
        .insert("project".into(), "option-project".into());
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), Some("option-project"));
}

#[test]
fn the_project_option_wins_over_the_environment_and_the_key_file() {
    let mut config = config(
        &local(),
        &[
            ("GOOGLE_CLOUD_PROJECT", "env-1"),
            ("CLOUDSDK_CORE_PROJECT", "env-2"),
        ],
    );
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(key_json()));
    assert_eq!(
        GoogleAuth::from_config("gce", &config, SCOPES)
            .unwrap()
            .project_id(),
        Some("env-1")
    );
    config
        .options
        .insert("project".into(), "option-project".into());
    assert_eq!(
        GoogleAuth::from_config("gce", &config, SCOPES)
            .unwrap()
            .project_id(),
        Some("option-project")
    );
    let sdk_only = {
        let mut c = common::config(&local(), &[("CLOUDSDK_CORE_PROJECT", "env-2")]);
        c.credentials = config.credentials.clone();
        c
    };
    assert_eq!(
        GoogleAuth::from_config("gce", &sdk_only, SCOPES)
            .unwrap()
            .project_id(),
        Some("env-2")
    );
}

#[test]
fn a_key_file_is_read_from_the_credential_or_the_environment() {
    let path = fixture_path("test-service-account.json");
    let path = path.to_str().unwrap();
    let mut config = config(&local(), &[]);
    config
        .credentials
        .insert("credentials_file".into(), Secret::new(path));
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), Some(KEY_PROJECT));
    assert!(auth.url_signer().is_some());

    let config = common::config(&local(), &[("GOOGLE_APPLICATION_CREDENTIALS", path)]);
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.url_signer().unwrap().client_email(), CLIENT_EMAIL);
}

#[test]
fn a_missing_or_broken_named_file_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.json");
    let config = config(
        &local(),
        &[("GOOGLE_APPLICATION_CREDENTIALS", missing.to_str().unwrap())],
    );
    let err = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert_eq!(err.provider(), Some("gcs"));
    assert!(err.message().contains("nope.json"), "{err}");
    assert!(
        err.message().contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{err}"
    );

    let broken = dir.path().join("broken.json");
    let pem = private_key_pem();
    std::fs::write(&broken, &key_json()[..key_json().len() / 2]).unwrap();
    let config = common::config(
        &local(),
        &[("GOOGLE_APPLICATION_CREDENTIALS", broken.to_str().unwrap())],
    );
    let err = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("broken.json"), "{err}");
    assert!(!err.to_string().contains(&pem[40..80]), "{err}");
}

fn user_json(token_uri: &str, quota_project: Option<&str>) -> String {
    let mut doc = serde_json::json!({
        "type": "authorized_user",
        "client_id": "test-client.apps.googleusercontent.com",
        "client_secret": "client-secret-value",
        "refresh_token": "refresh-token-value",
        "token_uri": token_uri,
    });
    if let Some(p) = quota_project {
        doc["quota_project_id"] = serde_json::json!(p);
    }
    doc.to_string()
}

#[tokio::test]
async fn authorized_user_credentials_refresh_against_the_token_endpoint() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    let (tokens, _) = NumberedTokens::new(3599);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(tokens)
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config(&url, &[]);
    config.credentials.insert(
        "credentials_json".into(),
        Secret::new(user_json(&token_uri(&url), Some("quota-project"))),
    );
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert!(auth.url_signer().is_none(), "user credentials sign no URLs");
    assert_eq!(auth.project_id(), Some("quota-project"));
    assert!(!format!("{auth:?}").contains("refresh-token-value"));
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-1");

    let requests = server.received_requests().await.unwrap();
    let form = form(&requests[0]);
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("grant_type"), Some("refresh_token"));
    assert_eq!(
        get("client_id"),
        Some("test-client.apps.googleusercontent.com")
    );
    assert_eq!(get("client_secret"), Some("client-secret-value"));
    assert_eq!(get("refresh_token"), Some("refresh-token-value"));
}

#[tokio::test]
async fn a_revoked_refresh_token_is_invalid_credentials_without_secrets() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant",
            "error_description": "Token has been expired or revoked.",
        })))
        .mount(&server)
        .await;
    let mut config = config(&url, &[]);
    config.credentials.insert(
        "credentials_json".into(),
        Secret::new(user_json(&token_uri(&url), None)),
    );
    let err = GoogleAuth::from_config("gcs", &config, SCOPES)
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("Token has been expired or revoked."),
        "{shown}"
    );
    assert!(!shown.contains("refresh-token-value") && !shown.contains("client-secret-value"));
}

#[tokio::test]
async fn adc_is_found_in_cloudsdk_config_and_under_home() {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    let (tokens, count) = NumberedTokens::new(3599);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(tokens)
        .mount(&server)
        .await;

    let sdk = tempfile::tempdir().unwrap();
    std::fs::write(
        sdk.path().join("application_default_credentials.json"),
        user_json(&token_uri(&url), Some("adc-quota")),
    )
    .unwrap();
    let config = config(&url, &[("CLOUDSDK_CONFIG", sdk.path().to_str().unwrap())]);
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), Some("adc-quota"));
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-1");

    let home = tempfile::tempdir().unwrap();
    let gcloud = home.path().join(".config/gcloud");
    std::fs::create_dir_all(&gcloud).unwrap();
    std::fs::write(
        gcloud.join("application_default_credentials.json"),
        key_json(),
    )
    .unwrap();
    let mut config = common::config(&url, &[("HOME", home.path().to_str().unwrap())]);
    config.options.insert("token_uri".into(), token_uri(&url));
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), Some(KEY_PROJECT));
    assert!(auth.url_signer().is_some());
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-2");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[test]
fn an_explicit_file_wins_over_adc() {
    let sdk = tempfile::tempdir().unwrap();
    std::fs::write(
        sdk.path().join("application_default_credentials.json"),
        user_json("https://oauth2.googleapis.com/token", Some("adc-quota")),
    )
    .unwrap();
    let path = fixture_path("test-service-account.json");
    let config = config(
        &local(),
        &[
            ("CLOUDSDK_CONFIG", sdk.path().to_str().unwrap()),
            ("GOOGLE_APPLICATION_CREDENTIALS", path.to_str().unwrap()),
        ],
    );
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    assert_eq!(auth.project_id(), Some(KEY_PROJECT));
}
