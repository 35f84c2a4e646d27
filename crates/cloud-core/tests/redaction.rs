//! Secrets handed to the pipeline never reach logs (at trace level), `Debug` output or
//! error text.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::http::{
    Endpoint, HeaderValue, HttpClient, HttpConfig, HttpRequest, Method, OutgoingRequest,
    RetryPolicy, Signer, StatusErrorParser,
};
use cloud_core::{ProviderConfig, Secret};
use support::fault_server::{Act, FaultServer};

const SECRET: &str = "sekrit-token-4242";

#[derive(Debug)]
struct BearerSigner {
    token: Secret,
}

#[async_trait]
impl Signer for BearerSigner {
    async fn sign(&self, request: &mut OutgoingRequest) -> cloud_core::Result<()> {
        let value = format!("Bearer {}", self.token.expose());
        request
            .headers_mut()
            .insert("authorization", HeaderValue::from_str(&value).unwrap());
        Ok(())
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secret_never_reaches_logs_debug_or_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = FaultServer::start(vec![
        Act::Respond(503, vec![], "unavailable".into()),
        Act::Respond(401, vec![("x-request-id", "req-1".into())], "denied".into()),
    ])
    .await;
    let mut config = ProviderConfig {
        endpoint: Some(server.url.clone()),
        ..Default::default()
    };
    config
        .credentials
        .insert("token".into(), Secret::new(SECRET));
    config.http = HttpConfig {
        retry: RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            budget: Duration::from_secs(5),
        },
        loopback_only: true,
        ..HttpConfig::default()
    };
    let signer = BearerSigner {
        token: config.credential("token", &[]).unwrap(),
    };
    let client = HttpClient::new(
        "test",
        Endpoint::overridden(config.endpoint.clone().unwrap()).unwrap(),
        config.http.clone(),
        Arc::new(signer),
        Arc::new(StatusErrorParser),
    )
    .unwrap();
    let mut url = client.url("/things");
    url.query_pairs_mut().append_pair("sig", SECRET);
    let err = client
        .send(HttpRequest::new("list_things", Method::GET, url))
        .await
        .unwrap_err();

    assert_eq!(
        server.requests().len(),
        2,
        "the 503 was retried, the 401 not"
    );
    assert!(
        server.requests()[0].contains(SECRET),
        "the server did receive the credential"
    );
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("retrying"),
        "trace logs were captured: {logs}"
    );
    assert!(!logs.contains(SECRET), "secret in logs:\n{logs}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains(SECRET), "secret in {text}");
    }
    assert_eq!(err.request_id(), Some("req-1"));
}
