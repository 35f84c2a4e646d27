//! Connected through the factory with Azure AD client credentials from the
//! environment: the first call logs in at the tenant's token endpoint (an AD stand-in
//! named by `AZURE_AUTHORITY_HOST`) and sends Resource Manager the token it got; a token
//! Resource Manager refuses is replaced by one new login and the call sent again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloud_azure::AzureFactory;
use cloud_core::ProviderConfig;
use cloud_core::compute::{Compute, Node};
use cloud_core::driver::DriverFactory;
use cloud_core::env::MapEnv;
use futures::TryStreamExt;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT_ID: &str = "00000000-1111-2222-3333-444444444444";
const CLIENT_SECRET: &str = "cs~factory-secret-0123";
const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

/// Answers the token endpoint with `tok-1`, `tok-2`, …
#[derive(Clone, Default)]
struct NumberedTokens(Arc<AtomicUsize>);

impl Respond for NumberedTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer",
            "expires_in": 3599,
            "access_token": format!("tok-{n}"),
        }))
    }
}

/// One server standing in for Azure AD (its token endpoint answering
/// [`NumberedTokens`]) and Resource Manager, and the configuration for it.
async fn stand_in() -> (MockServer, NumberedTokens, ProviderConfig) {
    let server = MockServer::start().await;
    let tokens = NumberedTokens::default();
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(tokens.clone())
        .mount(&server)
        .await;
    let config = config_for(&server);
    (server, tokens, config)
}

/// What the factory is given for `server`: the endpoint, the subscription and group,
/// the client credentials and the authority in the environment only.
fn config_for(server: &MockServer) -> ProviderConfig {
    let url = url::Url::parse(&server.uri()).unwrap();
    let mut config = cloud_test::guard::test_config(&url);
    for (name, value) in [
        ("subscription_id", SUBSCRIPTION),
        ("resource_group", "demo-rg"),
    ] {
        config.options.insert(name.into(), value.into());
    }
    config.region = Some("westeurope".into());
    let authority = server.uri();
    config.env = Arc::new(MapEnv::from([
        ("AZURE_TENANT_ID", TENANT),
        ("AZURE_CLIENT_ID", CLIENT_ID),
        ("AZURE_CLIENT_SECRET", CLIENT_SECRET),
        ("AZURE_AUTHORITY_HOST", authority.as_str()),
    ]));
    config
}

async fn compute(config: &ProviderConfig) -> Arc<dyn Compute> {
    AzureFactory
        .connect(config)
        .await
        .expect("connects")
        .compute()
        .expect("has compute")
}

fn empty_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": [] }))
}

fn form_of(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn the_first_call_logs_in_with_the_client_secret_and_sends_the_token() {
    let (server, tokens, config) = stand_in().await;
    Mock::given(method("GET"))
        .and(path_regex(format!("^/subscriptions/{SUBSCRIPTION}/")))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(empty_list())
        .mount(&server)
        .await;
    let compute = compute(&config).await;
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        0,
        "connecting sends nothing"
    );
    let nodes: Vec<Node> = compute.list_nodes().try_collect().await.unwrap();
    assert!(nodes.is_empty());
    let requests = server.received_requests().await.unwrap();
    let logins: Vec<&Request> = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect();
    assert_eq!(logins.len(), 1, "one login for every call");
    let form = form_of(logins[0]);
    for (k, v) in [
        ("grant_type", "client_credentials"),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("scope", "https://management.azure.com/.default"),
    ] {
        assert!(
            form.contains(&(k.to_string(), v.to_string())),
            "{k}: {form:?}"
        );
    }
    let calls = requests
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert!(calls >= 1, "Resource Manager was called");
}

#[tokio::test]
async fn a_refused_token_is_replaced_by_one_new_login() {
    let (server, tokens, config) = stand_in().await;
    Mock::given(method("GET"))
        .and(path_regex("^/subscriptions/"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": {
                "code": "ExpiredAuthenticationToken",
                "message": "The access token expiry UTC time is earlier than current UTC time."
            }
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/subscriptions/"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(empty_list())
        .mount(&server)
        .await;
    let compute = compute(&config).await;
    let nodes: Vec<Node> = compute.list_nodes().try_collect().await.unwrap();
    assert!(nodes.is_empty());
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        2,
        "one login, then one more"
    );
}

#[tokio::test]
async fn a_refused_login_is_an_invalid_credentials_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided."
        })))
        .mount(&server)
        .await;
    let config = config_for(&server);
    let compute = compute(&config).await;
    let err = compute
        .list_nodes()
        .try_collect::<Vec<Node>>()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        cloud_core::ErrorKind::InvalidCredentials,
        "{err}"
    );
    assert!(err.to_string().contains("AADSTS7000215"), "{err}");
    assert!(!err.to_string().contains(CLIENT_SECRET), "{err}");
    assert!(!format!("{err:?}").contains(CLIENT_SECRET), "{err:?}");
}
