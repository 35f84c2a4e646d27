//! The chain's cache: one fetch for concurrent callers, refresh five minutes before
//! expiry, old credentials kept when a refresh fails, and IMDS's short timeouts.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_aws_auth::{AwsContext, CredentialChain, CredentialsProvider, IMDS_TIMEOUT, MemoryFiles};
use cloud_core::{ErrorKind, FixedClock, MapEnv, ProviderConfig, Secret};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ROLES: &str = "/latest/meta-data/iam/security-credentials/";
/// 2030-01-01T00:00:00Z.
const NOW: u64 = 1_893_456_000;

fn document(key: &str, expires: &str) -> serde_json::Value {
    json!({
        "Code": "Success",
        "Type": "AWS-HMAC",
        "AccessKeyId": key,
        "SecretAccessKey": "secret",
        "Token": "token",
        "Expiration": expires,
    })
}

async fn imds_with_role(server: &MockServer) {
    Mock::given(method("PUT"))
        .and(path("/latest/api/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("tok"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(ROLES))
        .respond_with(ResponseTemplate::new(200).set_body_string("role"))
        .mount(server)
        .await;
}

fn chain(imds: &str, clock: Arc<FixedClock>) -> CredentialChain {
    let env = MapEnv::from([("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds)]);
    let ctx =
        AwsContext::new(Arc::new(env), Arc::new(MemoryFiles::default()), None).with_clock(clock);
    CredentialChain::new(ctx)
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let server = MockServer::start().await;
    imds_with_role(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{ROLES}role")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(document("ASIAFIRST00000000001", "2030-01-01T06:00:00Z"))
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let chain = Arc::new(chain(&server.uri(), Arc::new(FixedClock::at_unix(NOW))));
    let calls = (0..8).map(|_| {
        let chain = chain.clone();
        tokio::spawn(async move { chain.credentials().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(
            call.unwrap().unwrap().access_key_id(),
            "ASIAFIRST00000000001"
        );
    }
}

#[tokio::test]
async fn refreshes_five_minutes_before_expiry() {
    let server = MockServer::start().await;
    imds_with_role(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{ROLES}role")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(document("ASIAFIRST00000000001", "2030-01-01T00:10:00Z")),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{ROLES}role")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(document("ASIASECOND0000000001", "2030-01-01T06:00:00Z")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = Arc::new(FixedClock::at_unix(NOW));
    let chain = chain(&server.uri(), clock.clone());

    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "ASIAFIRST00000000001"
    );
    clock.advance(Duration::from_secs(4 * 60)); // 6 minutes left: still cached
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "ASIAFIRST00000000001"
    );
    clock.advance(Duration::from_secs(2 * 60)); // 4 minutes left: refreshed
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "ASIASECOND0000000001"
    );
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "ASIASECOND0000000001"
    );
}

#[tokio::test]
async fn a_failed_refresh_keeps_credentials_that_still_work() {
    let server = MockServer::start().await;
    imds_with_role(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{ROLES}role")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(document("ASIAFIRST00000000001", "2030-01-01T00:10:00Z")),
        )
        .mount(&server)
        .await;
    let clock = Arc::new(FixedClock::at_unix(NOW));
    let chain = chain(&server.uri(), clock.clone());
    chain.credentials().await.unwrap();

    server.reset().await; // the metadata service now answers 404 to everything
    clock.advance(Duration::from_secs(8 * 60)); // inside the margin, not yet expired
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "ASIAFIRST00000000001"
    );
    clock.advance(Duration::from_secs(3 * 60)); // expired
    let err = chain.credentials().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
}

#[tokio::test]
async fn a_silent_metadata_service_is_abandoned_quickly() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/latest/api/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("tok")
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let chain = chain(&server.uri(), Arc::new(FixedClock::at_unix(NOW)));
    let started = Instant::now();
    let err = chain.credentials().await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.message().contains("timed out"), "{err}");
    assert!(
        took >= IMDS_TIMEOUT - Duration::from_millis(100),
        "{took:?}"
    );
    assert!(took < IMDS_TIMEOUT + Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn long_term_credentials_are_read_once() {
    let mut files = MemoryFiles::default();
    files.insert(
        "/h/.aws/credentials",
        "[default]\naws_access_key_id = AKIAFILEEXAMPLE00001\naws_secret_access_key = s\n",
    );
    let clock = Arc::new(FixedClock::at_unix(NOW));
    let ctx = AwsContext::new(
        Arc::new(MapEnv::from([("AWS_EC2_METADATA_DISABLED", "true")])),
        Arc::new(files),
        Some("/h".into()),
    )
    .with_clock(clock.clone());
    let chain = CredentialChain::new(ctx);
    let first = chain.credentials().await.unwrap();
    clock.advance(Duration::from_secs(365 * 24 * 3600));
    let again = chain.credentials().await.unwrap();
    assert_eq!(first.access_key_id(), again.access_key_id());
    assert!(again.expires_at().is_none());
}

#[tokio::test]
async fn provider_config_supplies_explicit_credentials_and_profile() {
    let mut credentials = BTreeMap::new();
    credentials.insert(
        "access_key_id".to_string(),
        Secret::new("AKIACONFIG0000000001"),
    );
    credentials.insert(
        "secret_access_key".to_string(),
        Secret::new("config-secret"),
    );
    credentials.insert("session_token".to_string(), Secret::new("config-token"));
    let config = ProviderConfig {
        credentials,
        profile: Some("team".into()),
        env: Arc::new(MapEnv::default()),
        ..Default::default()
    };
    let chain = CredentialChain::from_provider_config(&config).unwrap();
    let creds = chain.credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "AKIACONFIG0000000001");
    assert_eq!(creds.session_token().unwrap().expose(), "config-token");
    assert!(!format!("{chain:?}").contains("config-secret"));

    let mut half = config.clone();
    half.credentials.remove("secret_access_key");
    let err = CredentialChain::from_provider_config(&half).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);

    let mut by_profile = config;
    by_profile.credentials.clear();
    by_profile.env = Arc::new(MapEnv::from([("AWS_EC2_METADATA_DISABLED", "true")]));
    let chain = CredentialChain::from_provider_config(&by_profile).unwrap();
    let err = chain.credentials().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("team"), "{err}");
}
