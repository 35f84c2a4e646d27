//! The DNS driver beyond the conformance suite: paging, Linode's error answers
//! (`dns-*` fixtures), ids checked before any request, and the fields of zone and
//! record updates.

mod common;

use cloud_core::dns::{Dns, NewRecord, RecordData, RecordType, RecordUpdate, UpdateZone};
use cloud_core::{Error, ErrorKind};
use cloud_linode::LinodeFactory;
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, ResponseTemplate};

async fn first_error<T>(stream: cloud_core::BoxStream<'_, cloud_core::Result<T>>) -> Error {
    match stream.into_future().await.0 {
        Some(Err(e)) => e,
        Some(Ok(_)) => panic!("expected an error, got an item"),
        None => panic!("expected an error, got an empty listing"),
    }
}

#[track_caller]
fn assert_error(err: &Error, kind: ErrorKind, operation: &str, text: &str) {
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.provider(), Some("linode"), "{err}");
    assert_eq!(err.operation(), Some(operation), "{err}");
    assert!(err.message().contains(text), "{err}");
    common::assert_no_token(err);
}

#[tokio::test]
async fn records_follow_three_pages() {
    let replay = Replay::start("linode", "dns-records-pages").await;
    let records: Vec<_> = common::dns(&replay)
        .list_records("1470002")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(records.len(), 57);
    let ids: Vec<u64> = records.iter().map(|r| r.id.parse().unwrap()).collect();
    assert_eq!(ids, (23_100_001..=23_100_057).collect::<Vec<_>>());
    assert!(records.iter().all(|r| r.zone_id == "1470002"));
    let shown = |n: usize| {
        let r = &records[n - 1];
        format!("{} {} {:?} {}", r.name, r.rtype(), r.ttl, r.data)
    };
    assert_eq!(shown(1), "host-01 AAAA None 2001:db8::1");
    assert_eq!(shown(2), "host-02 MX Some(3600) 2 mx2.example.net.");
    assert_eq!(shown(3), "host-03 TXT Some(300) \"record 3\"");
    assert_eq!(shown(4), "host-04 CNAME Some(86400) www.example.org.");
    assert_eq!(shown(55), "host-55 A Some(300) 192.0.2.55");
    let pages: Vec<String> = replay.history();
    assert_eq!(pages.len(), 3, "{pages:#?}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn invalid_token_is_invalid_credentials_through_the_session() {
    let replay = Replay::start("linode", "dns-errors-401").await;
    let session = cloud_core::connect(&LinodeFactory, &common::config(&replay))
        .await
        .unwrap();
    let dns = session.dns().unwrap();
    let err = first_error(dns.list_zones()).await;
    assert_error(
        &err,
        ErrorKind::InvalidCredentials,
        "list_zones",
        "Invalid Token",
    );
    assert_eq!(err.status(), Some(401));
    assert!(!err.is_retryable());
    assert_eq!(replay.history().len(), 1, "not retried");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_unknown_domain_is_not_found() {
    let replay = Replay::start("linode", "dns-errors-404").await;
    let dns = common::dns(&replay);
    let err = dns.get_zone("1470404").await.unwrap_err();
    assert_error(&err, ErrorKind::NotFound, "get_zone", "Not found");
    assert_eq!(err.status(), Some(404));
    let err = first_error(dns.list_records("1470404")).await;
    assert_error(&err, ErrorKind::NotFound, "list_records", "Not found");
    let record = NewRecord::new(
        "www",
        RecordData::A {
            address: "192.0.2.1".parse().unwrap(),
        },
    );
    let err = dns.create_record("1470404", &record).await.unwrap_err();
    assert_error(&err, ErrorKind::NotFound, "create_record", "Not found");
    let err = dns.delete_zone("1470404").await.unwrap_err();
    assert_error(&err, ErrorKind::NotFound, "delete_zone", "Not found");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn malformed_answers_are_malformed_response() {
    let replay = Replay::start("linode", "dns-errors-malformed").await;
    let dns = common::dns(&replay);
    let err = dns.get_zone("1470001").await.unwrap_err();
    assert_error(
        &err,
        ErrorKind::MalformedResponse,
        "get_zone",
        "not the expected JSON",
    );
    let err = first_error(dns.list_records("1470001")).await;
    assert_error(
        &err,
        ErrorKind::MalformedResponse,
        "list_records",
        "not the expected JSON",
    );
    let err = dns.get_record("1470001", "23000001").await.unwrap_err();
    assert_error(
        &err,
        ErrorKind::MalformedResponse,
        "get_record",
        "domain record 23000001: A target \"www.example.org\" is not an IPv4 address",
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn ids_that_are_not_numbers_are_not_found_without_a_request() {
    let replay = Replay::empty().await;
    let dns = common::dns(&replay);
    let a = NewRecord::new(
        "www",
        RecordData::A {
            address: "192.0.2.1".parse().unwrap(),
        },
    );
    for bad in ["", "example.org", "../linode/instances", "1/records", "-1"] {
        for err in [
            dns.get_zone(bad).await.unwrap_err(),
            dns.delete_zone(bad).await.unwrap_err(),
            first_error(dns.list_records(bad)).await,
            dns.create_record(bad, &a).await.unwrap_err(),
            dns.get_record("1470001", bad).await.unwrap_err(),
            dns.delete_record("1470001", bad).await.unwrap_err(),
            dns.update_record(bad, "1", &RecordUpdate::default())
                .await
                .unwrap_err(),
        ] {
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad:?}: {err}");
            assert_eq!(err.provider(), Some("linode"));
        }
    }
    assert!(replay.history().is_empty(), "{:#?}", replay.history());
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn domain(ttl: u32, email: &str) -> Value {
    json!({"id": 1470001, "domain": "example.org", "type": "master", "status": "active",
           "soa_email": email, "ttl_sec": ttl, "tags": []})
}

#[tokio::test]
async fn update_zone_sends_the_email_and_a_ttl_linode_takes() {
    let replay = Replay::empty().await;
    replay
        .server()
        .register(
            Mock::given(method("PUT"))
                .and(path("/v4/domains/1470001"))
                .and(body_json(
                    json!({"soa_email": "dns@example.org", "ttl_sec": 7200}),
                ))
                .respond_with(ok(domain(7200, "dns@example.org")))
                .expect(1),
        )
        .await;
    replay
        .server()
        .register(
            Mock::given(method("GET"))
                .and(path("/v4/domains/1470001"))
                .respond_with(ok(domain(7200, "dns@example.org")))
                .expect(1),
        )
        .await;
    let dns = common::dns(&replay);
    let update = UpdateZone {
        ttl: Some(5000),
        email: Some("dns@example.org".into()),
    };
    let zone = dns.update_zone("1470001", &update).await.unwrap();
    assert_eq!(zone.ttl, Some(7200));
    assert_eq!(zone.email.as_deref(), Some("dns@example.org"));
    let unchanged = dns
        .update_zone("1470001", &UpdateZone::default())
        .await
        .unwrap();
    assert_eq!(unchanged, zone);
    let bad = UpdateZone {
        email: Some("nobody".into()),
        ..UpdateZone::default()
    };
    let err = dns.update_zone("1470001", &bad).await.unwrap_err();
    assert_error(&err, ErrorKind::InvalidInput, "update_zone", "email: ");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_new_srv_name_and_target_read_the_record_type_first() {
    let replay = Replay::empty().await;
    let srv = |name: &str, target: &str, port: u16| {
        json!({"id": 9, "type": "SRV", "name": name, "target": target, "priority": 0,
               "weight": 5, "port": port, "service": null, "protocol": null, "tag": null,
               "ttl_sec": 300})
    };
    let server = replay.server();
    server
        .register(
            Mock::given(method("GET"))
                .and(path("/v4/domains/1470001/records/9"))
                .respond_with(ok(srv("_xmpp._tcp", "chat.example.org", 5222)))
                .expect(2),
        )
        .await;
    server
        .register(
            Mock::given(method("GET"))
                .and(path("/v4/domains/1470001"))
                .respond_with(ok(domain(0, "hostmaster@example.org")))
                .expect(1),
        )
        .await;
    server
        .register(
            Mock::given(method("PUT"))
                .and(path("/v4/domains/1470001/records/9"))
                .and(body_json(json!({
                    "service": "xmpp-server", "protocol": "tcp",
                    "target": "xmpp.example.org", "priority": 0, "weight": 5, "port": 5269
                })))
                .respond_with(ok(srv("_xmpp-server._tcp", "xmpp.example.org", 5269)))
                .expect(1),
        )
        .await;
    let update = RecordUpdate {
        name: Some("_xmpp-server._tcp.example.org.".into()),
        data: Some(RecordData::Srv {
            priority: 0,
            weight: 5,
            port: 5269,
            target: "xmpp".into(),
        }),
        ttl: None,
    };
    let dns = common::dns(&replay);
    let record = dns.update_record("1470001", "9", &update).await.unwrap();
    assert_eq!(record.name, "_xmpp-server._tcp");
    assert_eq!(record.rtype(), RecordType::Srv);
    assert_eq!(record.data.to_string(), "0 5 5269 xmpp.example.org.");
    let wrong_type = RecordUpdate {
        data: Some(RecordData::txt("x")),
        ..RecordUpdate::default()
    };
    let err = dns
        .update_record("1470001", "9", &wrong_type)
        .await
        .unwrap_err();
    assert_error(&err, ErrorKind::InvalidInput, "update_record", "is SRV");
    replay.assert_all_used().await;
}
