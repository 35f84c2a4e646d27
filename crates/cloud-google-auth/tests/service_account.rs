//! A service-account key against a token endpoint stand-in: the JWT it signs, the
//! tokens it gets, refreshes and refusals.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use cloud_core::auth::TokenSigner;
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method, StatusErrorParser};
use cloud_core::{ErrorKind, FixedClock, Secret};
use cloud_google_auth::{GoogleAuth, GoogleContext, JWT_BEARER_GRANT};
use common::*;
use url::Url;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NOW: u64 = 1_700_000_000;

async fn server() -> (MockServer, Url) {
    let server = MockServer::start().await;
    let url = Url::parse(&server.uri()).unwrap();
    (server, url)
}

fn fixed_auth(server: &Url, clock: &Arc<FixedClock>) -> GoogleAuth {
    let config = key_config(server);
    let ctx = GoogleContext::from_config(&config).with_clock(clock.clone());
    GoogleAuth::from_context("gcs", &config, &ctx, SCOPES).unwrap()
}

#[tokio::test]
async fn the_jwt_carries_the_claims_and_verifies_with_the_public_key() {
    let (server, url) = server().await;
    let (tokens, count) = NumberedTokens::new(3600);
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        ))
        .respond_with(tokens)
        .mount(&server)
        .await;
    let clock = Arc::new(FixedClock::at_unix(NOW));
    let auth = fixed_auth(&url, &clock);
    assert_eq!(auth.project_id(), Some(KEY_PROJECT));

    let token = auth.token_cache().token().await.unwrap();
    assert_eq!(token.expose(), "tok-1");
    assert_eq!(count.load(Ordering::SeqCst), 1);

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(
        field(request, "grant_type").as_deref(),
        Some(JWT_BEARER_GRANT)
    );
    let jwt = decode_jwt(&field(request, "assertion").unwrap());
    assert_eq!(jwt.header["alg"], "RS256");
    assert_eq!(jwt.header["typ"], "JWT");
    assert_eq!(jwt.header["kid"], KEY_ID);
    assert_eq!(jwt.claims["iss"], CLIENT_EMAIL);
    assert_eq!(jwt.claims["scope"], SCOPES.join(" "));
    assert_eq!(jwt.claims["aud"], token_uri(&url));
    assert_eq!(jwt.claims["iat"], NOW);
    assert_eq!(jwt.claims["exp"], NOW + 3600);
    assert!(
        verify(jwt.signing_input.as_bytes(), &jwt.signature),
        "the JWT signature does not verify with the public key"
    );
    let mut tampered = jwt.signing_input.clone().into_bytes();
    tampered[0] ^= 1;
    assert!(!verify(&tampered, &jwt.signature));
}

#[tokio::test]
async fn an_expired_token_is_fetched_again_with_a_new_jwt() {
    let (server, url) = server().await;
    let (tokens, count) = NumberedTokens::new(3600);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(tokens)
        .mount(&server)
        .await;
    let clock = Arc::new(FixedClock::at_unix(NOW));
    let cache = fixed_auth(&url, &clock).token_cache();

    assert_eq!(cache.token().await.unwrap().expose(), "tok-1");
    clock.advance(Duration::from_secs(1800));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-1");
    assert_eq!(count.load(Ordering::SeqCst), 1, "a valid token is reused");
    clock.advance(Duration::from_secs(1800));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-2");
    assert_eq!(count.load(Ordering::SeqCst), 2);

    let requests = server.received_requests().await.unwrap();
    let second = decode_jwt(&field(&requests[1], "assertion").unwrap());
    assert_eq!(second.claims["iat"], NOW + 3600);
    assert_eq!(second.claims["exp"], NOW + 7200);
    assert!(verify(second.signing_input.as_bytes(), &second.signature));
}

#[tokio::test]
async fn a_401_from_the_api_fetches_a_new_token_and_retries_once() {
    let (server, url) = server().await;
    let (tokens, count) = NumberedTokens::new(3600);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(tokens)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token revoked"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"items\":[]}"))
        .mount(&server)
        .await;
    let config = key_config(&url);
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    let client = HttpClient::new(
        "gcs",
        Endpoint::overridden(url.clone()).unwrap(),
        config.http.clone(),
        Arc::new(TokenSigner::bearer(auth.token_cache())),
        Arc::new(StatusErrorParser),
    )
    .unwrap();
    let answer = client
        .send(HttpRequest::new(
            "list_buckets",
            Method::GET,
            client.url("/storage/v1/b"),
        ))
        .await
        .unwrap();
    assert_eq!(&answer.body[..], b"{\"items\":[]}");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalid_grant_is_invalid_credentials_with_the_description_and_no_secret() {
    let (server, url) = server().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant",
            "error_description": "Invalid JWT Signature.",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let auth = GoogleAuth::from_config("gce", &key_config(&url), SCOPES).unwrap();
    let err = auth.token_cache().token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.code(), Some("invalid_grant"));
    assert_eq!(err.provider(), Some("gce"));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("Invalid JWT Signature."), "{shown}");
    assert!(!shown.contains(&private_key_fragment()), "{shown}");
    assert!(!shown.contains("eyJ"), "the JWT leaked: {shown}");
}

#[tokio::test]
async fn malformed_and_truncated_answers_are_typed_errors() {
    for (body, status) in [
        (
            r#"{"access_token":"ya29.secret","expires_in":3600,"tok"#,
            200,
        ),
        (r#"{"expires_in":3600,"token_type":"Bearer"}"#, 200),
        ("<html>ok</html>", 200),
        (r#"{"access_token":"ya29.secret","token_type":"MAC"}"#, 200),
    ] {
        let (server, url) = server().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let auth = GoogleAuth::from_config("gcs", &key_config(&url), SCOPES).unwrap();
        let err = auth.token_cache().token().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body}: {err}");
        assert!(err.message().contains("token endpoint"), "{err}");
        assert!(!err.to_string().contains("ya29.secret"), "{err}");
    }
}

#[tokio::test]
async fn the_default_token_endpoint_is_refused_under_the_loopback_guard() {
    let (server, url) = server().await;
    let mut config = config(&url, &[]);
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(key_json()));
    let auth = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap();
    let err = auth.token_cache().token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("oauth2.googleapis.com"), "{err}");
    assert!(err.message().contains("loopback"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_plain_http_token_uri_off_loopback_is_refused_when_configuring() {
    let (_server, url) = server().await;
    let mut config = key_config(&url);
    config
        .options
        .insert("token_uri".into(), "http://oauth2.example.com/token".into());
    let err = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("plain http"), "{err}");

    let json = key_json().replace(
        "https://oauth2.googleapis.com/token",
        "http://oauth2.googleapis.com/token",
    );
    let mut config = cloud_test::guard::test_config(&url);
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(json));
    let err = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap_err();
    assert!(err.message().contains("token_uri"), "{err}");
}

#[test]
fn the_url_signer_signs_with_the_key_and_verifies_with_the_public_half() {
    let url = Url::parse("http://127.0.0.1:9").unwrap();
    let auth = GoogleAuth::from_config("gcs", &key_config(&url), SCOPES).unwrap();
    let signer = auth.url_signer().expect("a service account signs URLs");
    assert_eq!(signer.client_email(), CLIENT_EMAIL);
    let data = b"GOOG4-RSA-SHA256\n20240101T000000Z\n20240101/auto/storage/goog4_request\nabc";
    let signature = signer.sign_rsa_sha256(data).unwrap();
    assert_eq!(signature.len(), 256);
    assert!(verify(data, &signature));
    assert!(!verify(b"something else", &signature));
    let shown = format!("{signer:?} {auth:?}");
    assert!(!shown.contains(&private_key_fragment()), "{shown}");
    assert!(shown.contains(CLIENT_EMAIL), "{shown}");
}

#[test]
fn a_broken_private_key_is_a_configuration_error_without_the_key() {
    let url = Url::parse("http://127.0.0.1:9").unwrap();
    let fragment = private_key_fragment();
    let broken = key_json().replace(&fragment, &fragment[..fragment.len() - 8]);
    let mut config = key_config(&url);
    config
        .credentials
        .insert("credentials_json".into(), Secret::new(broken));
    let err = GoogleAuth::from_config("gcs", &config, SCOPES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("credentials_json"), "{err}");
    assert!(!err.to_string().contains(&fragment[..20]), "{err}");
}

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let (server, url) = server().await;
    let (tokens, count) = NumberedTokens::new(3600);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(tokens.delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    let cache = GoogleAuth::from_config("gcs", &key_config(&url), SCOPES)
        .unwrap()
        .token_cache();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await.unwrap().expose().to_string() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "tok-1");
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
