//! Change batches against hand-written fixtures (see `fixtures/route53/README.md`):
//! a change that stays `PENDING` for two polls, throttled requests retried, and a batch
//! Route 53 refuses.

mod common;

use std::time::Duration;

use cloud_core::ErrorKind;
use cloud_core::dns::{Dns, NewRecord, RecordData, RecordSet, RecordSetChange, wait_for_changes};
use cloud_core::operation::OperationStatus;
use cloud_test::replay::Replay;

/// The zone of the hand-written fixtures (domain `example.org`).
const ZONE: &str = "Z0123456789ABCDEFGHIJ";

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().unwrap(),
    }
}

#[tokio::test]
async fn a_pending_change_is_waited_for_until_insync() {
    let replay = Replay::start("route53", "change-pending").await;
    let driver = common::driver(&common::config(&replay.uri()));
    let set = RecordSet::new("www", None, vec![a("192.0.2.2"), a("192.0.2.1")]);
    let operation = driver
        .apply_changes(ZONE, &[RecordSetChange::Upsert(set)])
        .await
        .unwrap()
        .expect("Route 53 changes are operations");
    assert_eq!(operation.provider, "route53");
    assert_eq!(operation.kind, "apply_changes");
    assert_eq!(operation.id, "C05720283DA1YKW5PYOYT");
    assert_eq!(operation.resource.as_deref(), Some(ZONE));
    assert!(matches!(
        driver.operation_status(&operation).await.unwrap(),
        OperationStatus::Running { .. }
    ));
    wait_for_changes(&driver, &operation, &common::plan("example.org").wait)
        .await
        .unwrap();
    replay.assert_all_used().await;
    let polls = replay
        .history()
        .iter()
        .filter(|l| l.starts_with("GET /2013-04-01/change/"))
        .count();
    assert_eq!(polls, 3, "{:#?}", replay.history());
}

#[tokio::test]
async fn throttled_changes_are_sent_again() {
    let replay = Replay::start("route53", "throttling").await;
    let driver = common::driver(&common::config(&replay.uri()));
    let started = std::time::Instant::now();
    let set = RecordSet::new("api", Some(60), vec![a("192.0.2.5")]);
    let operation = driver
        .apply_changes(ZONE, &[RecordSetChange::Upsert(set)])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(operation.id, "C1R0D5EXAMPLE2");
    assert!(started.elapsed() < Duration::from_secs(5));
    replay.assert_all_used().await;
    let posts = replay
        .history()
        .iter()
        .filter(|l| l.starts_with("POST "))
        .count();
    assert_eq!(posts, 3, "Throttling, PriorRequestNotComplete, accepted");
}

#[tokio::test]
async fn refused_batches_and_missing_zones_are_typed() {
    let replay = Replay::start("route53", "change-errors").await;
    let driver = common::driver(&common::config(&replay.uri()));
    let cname = NewRecord::new(
        "www",
        RecordData::Cname {
            target: "lb.example.net.".into(),
        },
    );
    let err = driver.create_record(ZONE, &cname).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert_eq!(err.code(), Some("InvalidChangeBatch"));
    assert!(err.message().contains("conflicting RRSet"), "{err}");
    assert_eq!(
        err.request_id(),
        Some("0f8a2c1e-0000-4000-8000-000000000052")
    );
    assert_eq!(err.operation(), Some("ChangeResourceRecordSets"));
    assert!(!err.is_retryable());
    let err = driver.get_zone("Z9999999999999999999").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("NoSuchHostedZone"));
    common::assert_no_secret(&err);
    replay.assert_all_used().await;
}
