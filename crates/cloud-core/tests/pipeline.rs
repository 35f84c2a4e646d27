//! The HTTP pipeline against a local server that answers 503, 429 with `Retry-After`,
//! hangs past the timeout, and resets connections.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_core::ErrorKind;
use cloud_core::http::{
    Endpoint, HttpClient, HttpConfig, HttpRequest, Method, NoAuth, RetryPolicy, StatusErrorParser,
};
use support::fault_server::{Act, FaultServer};

fn config() -> HttpConfig {
    HttpConfig {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(400),
        read_timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            budget: Duration::from_secs(10),
        },
        loopback_only: true,
        ..HttpConfig::default()
    }
}

fn client(server: &FaultServer, config: HttpConfig) -> HttpClient {
    HttpClient::new(
        "test",
        Endpoint::overridden(server.url.clone()).unwrap(),
        config,
        Arc::new(NoAuth),
        Arc::new(StatusErrorParser),
    )
    .unwrap()
}

fn get(client: &HttpClient) -> HttpRequest {
    HttpRequest::new("get_thing", Method::GET, client.url("/thing"))
}

fn post(client: &HttpClient) -> HttpRequest {
    HttpRequest::new("create_thing", Method::POST, client.url("/things")).body("{}")
}

fn unavailable() -> Act {
    Act::Respond(503, vec![], "try later".into())
}

#[tokio::test]
async fn get_is_retried_through_503s() {
    let server = FaultServer::start(vec![unavailable(), unavailable()]).await;
    let c = client(&server, config());
    let resp = c.send(get(&c)).await.unwrap();
    assert_eq!(&resp.body[..], b"ok");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn persistent_503_gives_up_after_max_attempts() {
    let server = FaultServer::start(vec![unavailable(); 10]).await;
    let c = client(&server, config());
    let err = c.send(get(&c)).await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!(err.provider(), Some("test"));
    assert_eq!(err.operation(), Some("get_thing"));
    assert!(err.to_string().contains("try later"), "{err}");
}

#[tokio::test]
async fn non_idempotent_post_is_not_retried_after_a_503() {
    let server = FaultServer::start(vec![unavailable()]).await;
    let c = client(&server, config());
    let err = c.send(post(&c)).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn post_marked_idempotent_is_retried() {
    let server = FaultServer::start(vec![unavailable()]).await;
    let c = client(&server, config());
    c.send(post(&c).idempotent(true)).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn rate_limit_honours_retry_after_even_for_post() {
    let server = FaultServer::start(vec![Act::Respond(
        429,
        vec![("retry-after", "1".into())],
        "slow down".into(),
    )])
    .await;
    let c = client(&server, config());
    let started = Instant::now();
    c.send(post(&c)).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried before Retry-After: {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_longer_than_budget_gives_up_at_once() {
    let server = FaultServer::start(vec![Act::Respond(
        429,
        vec![("retry-after", "3600".into())],
        "slow down".into(),
    )])
    .await;
    let c = client(&server, config());
    let started = Instant::now();
    let err = c.send(get(&c)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn hanging_server_times_out_per_attempt() {
    let hang = Act::Hang(Duration::from_secs(30));
    let server = FaultServer::start(vec![hang.clone(), hang.clone(), hang]).await;
    let c = client(&server, config());
    let started = Instant::now();
    let err = c.send(get(&c)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(server.requests().len(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn hang_then_answer_succeeds_for_get() {
    let server = FaultServer::start(vec![Act::Hang(Duration::from_secs(30))]).await;
    let c = client(&server, config());
    let resp = c.send(get(&c)).await.unwrap();
    assert_eq!(&resp.body[..], b"ok");
}

#[tokio::test]
async fn reset_connection_is_retried_for_get() {
    let server = FaultServer::start(vec![Act::Reset, Act::Reset]).await;
    let c = client(&server, config());
    let resp = c.send(get(&c)).await.unwrap();
    assert_eq!(&resp.body[..], b"ok");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn reset_after_a_post_reached_the_server_is_not_retried() {
    let server = FaultServer::start(vec![Act::Reset]).await;
    let c = client(&server, config());
    let err = c.send(post(&c)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn auth_failure_is_not_retried() {
    let server = FaultServer::start(vec![Act::Respond(401, vec![], "bad token".into())]).await;
    let c = client(&server, config());
    let err = c.send(get(&c)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = url::Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    drop(listener);
    let c = HttpClient::new(
        "test",
        Endpoint::overridden(url).unwrap(),
        config(),
        Arc::new(NoAuth),
        Arc::new(StatusErrorParser),
    )
    .unwrap();
    let err = c.send(post(&c)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.to_string().contains("cannot connect"), "{err}");
}

#[tokio::test]
async fn loopback_only_refuses_other_hosts_before_connecting() {
    let far = HttpClient::new(
        "test",
        Endpoint::provider_default("https://api.example.com/").unwrap(),
        config(),
        Arc::new(NoAuth),
        Arc::new(StatusErrorParser),
    )
    .unwrap();
    let err = far.send(get(&far)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.to_string().contains("api.example.com"), "{err}");

    let server = FaultServer::start(vec![]).await;
    let c = client(&server, config());
    let req = HttpRequest::new(
        "escape",
        Method::GET,
        url::Url::parse("https://api.example.com/x").unwrap(),
    );
    let err = c.send(req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn streaming_upload_is_sent_once_only() {
    let server = FaultServer::start(vec![unavailable()]).await;
    let c = client(&server, config());
    let body: cloud_core::storage::ByteStream = Box::pin(futures::stream::once(async {
        Ok(bytes::Bytes::from("streamed"))
    }));
    let err = c
        .send(HttpRequest::new("put", Method::PUT, c.url("/obj")).stream(body))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn repeatable_stream_is_made_anew_for_each_attempt() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = FaultServer::start(vec![unavailable()]).await;
    let c = client(&server, config());
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let make: cloud_core::http::BodyFactory = Arc::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        let pieces: Vec<cloud_core::Result<bytes::Bytes>> = vec![
            Ok(bytes::Bytes::from_static(b"stre")),
            Ok(bytes::Bytes::from_static(b"amed")),
        ];
        Box::pin(futures::stream::iter(pieces))
    });
    let req = HttpRequest::new("put", Method::PUT, c.url("/obj"))
        .header("content-length", "8")
        .repeatable_stream(make)
        .idempotent(true);
    let resp = c.send(req).await.unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(made.load(Ordering::SeqCst), 2, "one body per attempt");
    let heads = server.requests();
    assert_eq!(heads.len(), 2);
    for head in heads {
        let head = head.to_ascii_lowercase();
        assert!(head.contains("content-length: 8"), "{head}");
        assert!(!head.contains("transfer-encoding"), "{head}");
    }
}
