//! The client secret against a token endpoint stand-in: the form sent, tokens cached
//! and refreshed, 401 answered by a new token, refusals without the secret, malformed
//! answers.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloud_azure_auth::AzureAuth;
use cloud_core::auth::TokenSigner;
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, StatusErrorParser};
use cloud_core::{ErrorKind, Secret};
use common::*;
use url::Url;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn token_server(tokens: &NumberedTokens) -> (MockServer, Url) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(tokens.clone())
        .mount(&server)
        .await;
    let url = Url::parse(&server.uri()).unwrap();
    (server, url)
}

#[tokio::test]
async fn the_client_credentials_form_is_posted_to_the_tenant_endpoint() {
    let tokens = NumberedTokens::new(3600);
    let (server, url) = token_server(&tokens).await;
    let auth = AzureAuth::from_config("azure", &secret_config(&url), SCOPE).unwrap();
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-1");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let content_type = request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        content_type.starts_with("application/x-www-form-urlencoded"),
        "{content_type}"
    );
    let form = form_fields(&request.body);
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert_eq!(form["scope"], SCOPE);
    assert_eq!(form.len(), 4);
}

#[tokio::test]
async fn the_settings_come_from_the_environment_too() {
    let tokens = NumberedTokens::new(3600);
    let (server, url) = token_server(&tokens).await;
    let config = config(
        &url,
        &[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT_ID),
            ("AZURE_CLIENT_SECRET", CLIENT_SECRET),
            ("AZURE_AUTHORITY_HOST", &server.uri()),
        ],
    );
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    assert_eq!(auth.cloud().name, "public");
    assert_eq!(auth.cloud().authority_host.as_str(), format!("{url}"));
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-1");
    let form = form_fields(&server.received_requests().await.unwrap()[0].body);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
}

#[tokio::test]
async fn nothing_is_sent_until_a_token_is_needed() {
    let tokens = NumberedTokens::new(3600);
    let (server, url) = token_server(&tokens).await;
    let _auth = AzureAuth::from_config("azure", &secret_config(&url), SCOPE).unwrap();
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_token_is_reused_then_fetched_again_near_expiry() {
    let tokens = NumberedTokens::new(3600);
    let (_server, url) = token_server(&tokens).await;
    let clock = clock();
    let cache = fixed_auth(&secret_config(&url), &clock).token_cache();

    assert_eq!(cache.token().await.unwrap().expose(), "tok-1");
    clock.advance(Duration::from_secs(3000));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-1");
    assert_eq!(tokens.issued(), 1);
    // Five minutes before expiry, the next caller gets a new token.
    clock.advance(Duration::from_secs(301));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-2");
    clock.advance(Duration::from_secs(7200));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-3");
    assert_eq!(tokens.issued(), 3);
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let tokens = NumberedTokens::new(3600).delay(Duration::from_millis(200));
    let (_server, url) = token_server(&tokens).await;
    let cache = AzureAuth::from_config("azure", &secret_config(&url), SCOPE)
        .unwrap()
        .token_cache();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await.unwrap() })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().expose(), "tok-1");
    }
    assert_eq!(tokens.issued(), 1);
}

#[tokio::test]
async fn a_401_from_the_service_fetches_a_new_token_once() {
    let tokens = NumberedTokens::new(3600);
    let (server, url) = token_server(&tokens).await;
    Mock::given(method("GET"))
        .and(path("/subscriptions"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_string("expired"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/subscriptions"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"value\":[]}"))
        .mount(&server)
        .await;
    let config = secret_config(&url);
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    let client = HttpClient::new(
        "azure",
        Endpoint::overridden(url.clone()).unwrap(),
        config.http.clone(),
        Arc::new(TokenSigner::bearer(auth.token_cache())),
        Arc::new(StatusErrorParser),
    )
    .unwrap();
    let answer = client
        .send(HttpRequest::new(
            "list_subscriptions",
            Method::GET,
            url.join("/subscriptions").unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(tokens.issued(), 2);
}

#[tokio::test]
async fn invalid_client_is_invalid_credentials_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 1b2c\r\nCorrelation ID: 3d4e\r\nTimestamp: 2024-01-01 00:00:00Z",
            "error_codes": [7000215],
            "timestamp": "2024-01-01 00:00:00Z",
            "trace_id": "1b2c-3d4e",
            "correlation_id": "3d4e-5f60"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let url = Url::parse(&server.uri()).unwrap();
    let auth = AzureAuth::from_config("azure", &secret_config(&url), SCOPE).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(e.status(), Some(401));
    assert!(
        e.message()
            .contains("AADSTS7000215: Invalid client secret provided"),
        "{e}"
    );
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    assert!(!shown.contains("very-secret"), "{shown}");
}

#[tokio::test]
async fn malformed_and_truncated_answers_are_typed_errors() {
    for body in [
        r#"{"token_type":"Bearer","expires_in":3599,"access_tok"#,
        r#"{"token_type":"Bearer","expires_in":3599}"#,
        r#"{"token_type":"Bearer","expires_in":"an hour","access_token":"tok"}"#,
        "<html>login</html>",
        "",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
        let url = Url::parse(&server.uri()).unwrap();
        let auth = AzureAuth::from_config("azure", &secret_config(&url), SCOPE).unwrap();
        let e = auth.token_cache().token().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedResponse, "{body}: {e}");
        assert!(e.message().contains("token endpoint"), "{e}");
    }
}

#[tokio::test]
async fn a_secret_without_its_tenant_or_client_is_a_configuration_error() {
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    let mut missing_tenant = secret_config(&url);
    missing_tenant.credentials.remove("tenant_id");
    let e = AzureAuth::from_config("azure", &missing_tenant, SCOPE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("AZURE_TENANT_ID"), "{e}");
    assert_eq!(e.provider(), Some("azure"));

    let mut missing_client = secret_config(&url);
    missing_client.credentials.remove("client_id");
    let e = AzureAuth::from_config("azure", &missing_client, SCOPE).unwrap_err();
    assert!(e.message().contains("AZURE_CLIENT_ID"), "{e}");

    let mut bad_tenant = secret_config(&url);
    bad_tenant
        .credentials
        .insert("tenant_id".into(), Secret::new("../evil"));
    let e = AzureAuth::from_config("azure", &bad_tenant, SCOPE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
}

#[tokio::test]
async fn debug_output_never_shows_the_secret_or_token() {
    let tokens = NumberedTokens::new(3600);
    let (_server, url) = token_server(&tokens).await;
    let auth = AzureAuth::from_config("azure", &secret_config(&url), SCOPE).unwrap();
    let token = auth.token_cache().token().await.unwrap();
    let shown = format!("{auth:?} {token:?} {token}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    assert!(!shown.contains("tok-1"), "{shown}");
}
