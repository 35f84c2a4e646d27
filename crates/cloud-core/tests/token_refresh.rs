//! Short-lived tokens through the HTTP pipeline, against a stand-in token service that
//! issues `t1`, `t2`, … and an API that accepts only the latest token.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::auth::{AccessToken, TokenCache, TokenSigner, TokenSource};
use cloud_core::http::{
    Endpoint, HttpClient, HttpConfig, HttpRequest, Method, NoAuth, StatusErrorParser,
};
use cloud_core::{Clock, ErrorKind, FixedClock, Result, Secret};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN_LIFETIME_SECS: u64 = 3600;

/// What the stand-in services know and count.
#[derive(Debug, Default)]
struct Server {
    issued: usize,
    revoked: HashSet<String>,
    refuse_every_token: bool,
    token_requests: usize,
    api_requests: usize,
    api_refusals: usize,
}

type Shared = Arc<Mutex<Server>>;

/// `POST /v3/auth/tokens`: issues the next token in `X-Subject-Token`, Keystone style.
struct TokenService(Shared);

impl Respond for TokenService {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut server = self.0.lock().unwrap();
        server.token_requests += 1;
        server.issued += 1;
        ResponseTemplate::new(201)
            .insert_header("x-subject-token", format!("t{}", server.issued).as_str())
            .set_body_json(serde_json::json!({ "expires_in": TOKEN_LIFETIME_SECS }))
            .set_delay(Duration::from_millis(100))
    }
}

/// `GET /v2/servers`: 200 for the latest token unless revoked, 401 otherwise.
struct Api(Shared);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut server = self.0.lock().unwrap();
        server.api_requests += 1;
        let latest = format!("t{}", server.issued);
        let sent = request
            .headers
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok());
        let accepted = !server.refuse_every_token
            && sent == Some(latest.as_str())
            && !server.revoked.contains(&latest);
        if accepted {
            ResponseTemplate::new(200).set_body_string("[]")
        } else {
            server.api_refusals += 1;
            ResponseTemplate::new(401)
                .set_body_string("The request you have made requires authentication.")
        }
    }
}

/// Logs in through the pipeline, the way a Keystone driver would.
#[derive(Debug)]
struct KeystoneLogin {
    http: HttpClient,
    clock: Arc<dyn Clock>,
}

#[async_trait]
impl TokenSource for KeystoneLogin {
    async fn fetch(&self) -> Result<AccessToken> {
        let url = self.http.url("/v3/auth/tokens");
        let response = self
            .http
            .send(HttpRequest::new("authenticate", Method::POST, url).body("{}"))
            .await?;
        let token = response
            .headers
            .get("x-subject-token")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| cloud_core::Error::malformed("no X-Subject-Token header"))?;
        let body: serde_json::Value = serde_json::from_slice(&response.body)
            .map_err(|e| cloud_core::Error::malformed(e.to_string()))?;
        let lifetime = body["expires_in"].as_u64().unwrap_or(0);
        Ok(AccessToken::valid_for(
            Secret::new(token),
            self.clock.now(),
            Duration::from_secs(lifetime),
        ))
    }
}

struct Setup {
    _mock: MockServer,
    server: Shared,
    clock: Arc<FixedClock>,
    api: HttpClient,
}

impl Setup {
    async fn start() -> Self {
        let mock = MockServer::start().await;
        let server = Shared::default();
        Mock::given(method("POST"))
            .and(path("/v3/auth/tokens"))
            .respond_with(TokenService(server.clone()))
            .mount(&mock)
            .await;
        Mock::given(method("GET"))
            .and(path("/v2/servers"))
            .respond_with(Api(server.clone()))
            .mount(&mock)
            .await;

        let clock = Arc::new(FixedClock::at_unix(1_700_000_000));
        let client = |signer| {
            HttpClient::new(
                "openstack",
                Endpoint::overridden(url::Url::parse(&mock.uri()).unwrap()).unwrap(),
                HttpConfig {
                    loopback_only: true,
                    ..HttpConfig::default()
                },
                signer,
                Arc::new(StatusErrorParser),
            )
            .unwrap()
        };
        let login = KeystoneLogin {
            http: client(Arc::new(NoAuth)),
            clock: clock.clone(),
        };
        let cache = TokenCache::new(Arc::new(login)).with_clock(clock.clone());
        let api = client(Arc::new(TokenSigner::header(cache, "x-auth-token")));
        Setup {
            _mock: mock,
            server,
            clock,
            api,
        }
    }

    async fn list_servers(&self) -> Result<()> {
        let url = self.api.url("/v2/servers");
        self.api
            .send(HttpRequest::new("list_nodes", Method::GET, url))
            .await
            .map(|_| ())
    }

    fn counts(&self) -> (usize, usize, usize) {
        let server = self.server.lock().unwrap();
        (
            server.token_requests,
            server.api_requests,
            server.api_refusals,
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_log_in_once() {
    let setup = Arc::new(Setup::start().await);
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let setup = setup.clone();
            tokio::spawn(async move { setup.list_servers().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(setup.counts(), (1, 100, 0));
}

#[tokio::test]
async fn an_expired_token_is_replaced_before_the_call() {
    let setup = Setup::start().await;
    setup.list_servers().await.unwrap();
    setup
        .clock
        .advance(Duration::from_secs(TOKEN_LIFETIME_SECS));
    setup.list_servers().await.unwrap();
    assert_eq!(
        setup.counts(),
        (2, 2, 0),
        "no call went out with the expired token"
    );
}

#[tokio::test]
async fn a_token_revoked_by_the_server_is_replaced_once_and_the_call_succeeds() {
    let setup = Setup::start().await;
    setup.list_servers().await.unwrap();
    setup.server.lock().unwrap().revoked.insert("t1".into());
    setup.list_servers().await.unwrap();
    assert_eq!(setup.counts(), (2, 3, 1));
}

#[tokio::test]
async fn an_api_refusing_every_token_ends_as_invalid_credentials_after_one_login_again() {
    let setup = Setup::start().await;
    setup.server.lock().unwrap().refuse_every_token = true;
    let err = setup.list_servers().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.status(), Some(401));
    assert!(!err.to_string().contains("t2"), "{err}");
    assert_eq!(setup.counts(), (2, 2, 2));
}
