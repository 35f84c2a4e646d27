//! The fault proxy against a small server on 127.0.0.1: what it forwards arrives whole,
//! and what its rules pick is cut, reset, refused or corrupted as asked.

use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SIZE: usize = 300_000;

fn payload() -> Vec<u8> {
    (0..SIZE).map(|i| (i % 251) as u8).collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(payload()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/up"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    server
}

fn url(proxy: &FaultProxy, path: &str) -> url::Url {
    proxy.url().join(path).unwrap()
}

#[tokio::test]
async fn unpicked_requests_pass_whole_and_are_counted() {
    let server = server().await;
    let upstream = url::Url::parse(&server.uri()).unwrap();
    let proxy = FaultProxy::start(&upstream, vec![]).await;
    let got = reqwest::get(url(&proxy, "/big"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.as_ref(), payload().as_slice());
    let put = reqwest::Client::new()
        .put(url(&proxy, "/up"))
        .body(vec![7u8; 200_000])
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.last().unwrap().body.len(), 200_000);
    assert_eq!(proxy.requests(), 2);
    assert_eq!(proxy.broken(), 0);
    assert_eq!(proxy.answer_bytes(), SIZE as u64);
}

#[tokio::test]
async fn a_cut_body_breaks_the_read_after_that_many_bytes_once() {
    let server = server().await;
    let upstream = url::Url::parse(&server.uri()).unwrap();
    let proxy = FaultProxy::start(
        &upstream,
        vec![Rule::times(
            Match::Method("GET"),
            Fault::CutBodyAfter(100_000),
            1,
        )],
    )
    .await;
    let mut resp = reqwest::get(url(&proxy, "/big")).await.unwrap();
    let mut got = 0usize;
    let err = loop {
        match resp.chunk().await {
            Ok(Some(piece)) => got += piece.len(),
            Ok(None) => panic!("the body ended cleanly after {got} bytes"),
            Err(e) => break e,
        }
    };
    assert!(
        err.is_body() || err.is_decode() || err.is_request(),
        "{err}"
    );
    assert_eq!(got, 100_000);
    let again = reqwest::get(url(&proxy, "/big"))
        .await
        .unwrap()
        .bytes()
        .await;
    assert_eq!(again.unwrap().len(), SIZE, "the rule ran out after one use");
    assert_eq!(proxy.broken(), 1);
    assert_eq!(proxy.answer_bytes(), 100_000 + SIZE as u64);
}

#[tokio::test]
async fn storms_resets_and_corruption() {
    let server = server().await;
    let upstream = url::Url::parse(&server.uri()).unwrap();
    let proxy = FaultProxy::start(
        &upstream,
        vec![Rule::times(Match::Any, Fault::Status(503), 2)],
    )
    .await;
    for _ in 0..2 {
        let resp = reqwest::get(url(&proxy, "/big")).await.unwrap();
        assert_eq!(resp.status(), 503);
    }
    assert_eq!(
        reqwest::get(url(&proxy, "/big")).await.unwrap().status(),
        200
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "injected answers never reach the server"
    );

    proxy.set_rules(vec![Rule::times(Match::Any, Fault::Reset, 1)]);
    let err = reqwest::get(url(&proxy, "/big")).await.unwrap_err();
    assert!(err.is_request() || err.is_connect(), "{err}");

    proxy.set_rules(vec![Rule::always(
        Match::Contains("/big".into()),
        Fault::CorruptBody,
    )]);
    let got = reqwest::get(url(&proxy, "/big"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let want = payload();
    let differing: Vec<usize> = (0..SIZE).filter(|&i| got[i] != want[i]).collect();
    assert_eq!(differing, [SIZE / 2]);
}
