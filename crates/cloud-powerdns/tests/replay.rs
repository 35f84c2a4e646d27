//! The driver against recorded and hand-written PowerDNS answers (`fixtures/powerdns/`,
//! see its README): the DNS conformance suite as recorded from a live server, a refused
//! API key, and answers that are not the JSON PowerDNS sends.

mod common;

use cloud_core::ErrorKind;
use cloud_core::dns::Dns;
use cloud_test::conformance::dns::run;
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn the_recorded_conformance_suite_replays() {
    let replay = Replay::start("powerdns", "dns-conformance").await;
    run(&common::replayed(&replay), &common::recorded_plan()).await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_refused_key_is_invalid_credentials() {
    let replay = Replay::start("powerdns", "errors-401").await;
    let err = common::replayed(&replay)
        .list_zones()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.to_string(),
        "powerdns list_zones: the PowerDNS API refused the API key (HTTP 401)"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn answers_that_are_not_powerdns_json_are_malformed() {
    let replay = Replay::start("powerdns", "errors-malformed").await;
    let dns = common::replayed(&replay);
    let err = dns.get_zone("example.org.").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("get_zone"));
    let err = dns.list_zones().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let replay = Replay::empty().await;
    let dns = common::replayed(&replay);
    for zone in ["../servers", "a/b", "x?y", ""] {
        let err = dns.get_zone(zone).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{zone:?}");
    }
    let err = dns
        .get_record("example.org.", "no-such-record")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}
