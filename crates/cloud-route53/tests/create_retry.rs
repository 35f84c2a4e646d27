//! `create_zone` retried after its answer was lost: Route 53 answers the retry with
//! `HostedZoneAlreadyExists` (it made the zone on the first attempt), and the driver
//! returns the zone that carries its own `CallerReference`, and only that one.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cloud_core::ErrorKind;
use cloud_core::dns::{CreateZone, Dns};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const NS: &str = r#"xmlns="https://route53.amazonaws.com/doc/2013-04-01/""#;

/// What the fake Route 53 saw: the caller reference of the create, and its attempts.
#[derive(Default)]
struct Seen {
    caller_reference: Mutex<Option<String>>,
    creates: AtomicUsize,
}

fn xml(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/xml")
        .set_body_string(body)
}

fn zone_xml(reference: &str) -> String {
    format!(
        "<HostedZone><Id>/hostedzone/ZRETRY1</Id><Name>retry.example.</Name>\
         <CallerReference>{reference}</CallerReference><Config><PrivateZone>false</PrivateZone></Config></HostedZone>"
    )
}

/// `CreateHostedZone`: the first attempt fails with a 500 after "making" the zone, the
/// second finds the caller reference used.
struct Create(Arc<Seen>);

impl Respond for Create {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body);
        let reference = body
            .split("<CallerReference>")
            .nth(1)
            .and_then(|rest| rest.split("</CallerReference>").next())
            .map(str::to_string);
        *self.0.caller_reference.lock().unwrap() = reference;
        if self.0.creates.fetch_add(1, Ordering::SeqCst) == 0 {
            return xml(
                500,
                format!(
                    "<ErrorResponse {NS}><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>lost</Message></Error></ErrorResponse>"
                ),
            );
        }
        xml(
            400,
            format!(
                "<ErrorResponse {NS}><Error><Type>Sender</Type><Code>HostedZoneAlreadyExists</Code><Message>A hosted zone has already been created with the specified caller reference.</Message></Error></ErrorResponse>"
            ),
        )
    }
}

/// `ListHostedZonesByName`: nothing before the create; afterwards the zone, with the
/// caller reference used (`mine`) or another one.
struct ByName(Arc<Seen>, bool);

impl Respond for ByName {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let zones = match self.0.caller_reference.lock().unwrap().clone() {
            None => String::new(),
            Some(r) if self.1 => zone_xml(&r),
            Some(_) => zone_xml("someone-else"),
        };
        xml(
            200,
            format!(
                "<ListHostedZonesByNameResponse {NS}><HostedZones>{zones}</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>"
            ),
        )
    }
}

async fn server(mine: bool) -> (MockServer, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2013-04-01/hostedzone"))
        .respond_with(Create(seen.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2013-04-01/hostedzonesbyname"))
        .respond_with(ByName(seen.clone(), mine))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2013-04-01/hostedzone/ZRETRY1"))
        .respond_with(xml(
            200,
            format!(
                "<GetHostedZoneResponse {NS}>{}</GetHostedZoneResponse>",
                zone_xml("x")
            ),
        ))
        .mount(&server)
        .await;
    (server, seen)
}

#[tokio::test]
async fn a_retried_create_returns_the_zone_its_first_attempt_made() {
    let (server, seen) = server(true).await;
    let url = server.uri().parse().unwrap();
    let driver = common::driver(&common::config(&url));
    let zone = driver
        .create_zone(&CreateZone::new("retry.example"))
        .await
        .unwrap();
    assert_eq!(zone.id, "ZRETRY1");
    assert_eq!(zone.domain, "retry.example");
    assert_eq!(
        seen.creates.load(Ordering::SeqCst),
        2,
        "sent again after the 500"
    );
}

#[tokio::test]
async fn a_zone_made_by_someone_else_is_not_taken_for_ours() {
    let (server, seen) = server(false).await;
    let url = server.uri().parse().unwrap();
    let driver = common::driver(&common::config(&url));
    let err = driver
        .create_zone(&CreateZone::new("retry.example"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(err.code(), Some("HostedZoneAlreadyExists"));
    assert_eq!(seen.creates.load(Ordering::SeqCst), 2);
}
