//! The local DNS service: the DNS conformance suite, sharing across drivers and
//! processes' worth of concurrent writers, and changes that fail leaving nothing behind.

use std::sync::Arc;

use cloud_core::ErrorKind;
use cloud_core::dns::{
    CreateZone, Dns, NewRecord, RecordData, RecordSet, RecordSetChange, RecordType,
};
use cloud_local::LocalDns;
use cloud_test::conformance::dns::{DnsPlan, run};
use futures::TryStreamExt;

#[tokio::test]
async fn local_dns_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    let dns = LocalDns::open(dir.path()).unwrap();
    run(&dns, &DnsPlan::new("conformance.example")).await;
    // The suite deletes its zone at the end.
    let zones: Vec<_> = dns.list_zones().try_collect().await.unwrap();
    assert!(zones.is_empty(), "{zones:?}");
}

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().unwrap(),
    }
}

#[tokio::test]
async fn two_drivers_on_one_directory_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let first = LocalDns::open(dir.path()).unwrap();
    let second = LocalDns::open(dir.path()).unwrap();
    let zone = first
        .create_zone(&CreateZone::new("shared.example"))
        .await
        .unwrap();
    second
        .create_record(&zone.id, &NewRecord::new("www", a("192.0.2.1")))
        .await
        .unwrap();
    let records: Vec<_> = first.list_records(&zone.id).try_collect().await.unwrap();
    assert!(
        records
            .iter()
            .any(|r| r.name == "www" && r.rtype() == RecordType::A)
    );
}

#[tokio::test]
async fn concurrent_writers_lose_no_record() {
    let dir = tempfile::tempdir().unwrap();
    let setup = LocalDns::open(dir.path()).unwrap();
    let zone = setup
        .create_zone(&CreateZone::new("busy.example"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20u8 {
        let driver = Arc::new(LocalDns::open(dir.path()).unwrap());
        let zone_id = zone.id.clone();
        tasks.push(tokio::spawn(async move {
            let record = NewRecord::new(format!("host{i}"), a(&format!("192.0.2.{}", i + 1)));
            driver.create_record(&zone_id, &record).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let records: Vec<_> = setup.list_records(&zone.id).try_collect().await.unwrap();
    let hosts = records
        .iter()
        .filter(|r| r.name.starts_with("host"))
        .count();
    assert_eq!(hosts, 20);
}

#[tokio::test]
async fn a_batch_with_one_bad_change_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dns = LocalDns::open(dir.path()).unwrap();
    let zone = dns
        .create_zone(&CreateZone::new("atomic.example"))
        .await
        .unwrap();
    let before: Vec<_> = dns.list_records(&zone.id).try_collect().await.unwrap();
    let good = RecordSet::new("ok", Some(60), vec![a("192.0.2.1")]);
    let bad = RecordSet::new("x".repeat(64), Some(60), vec![a("192.0.2.2")]);
    let err = dns
        .apply_changes(
            &zone.id,
            &[RecordSetChange::Upsert(good), RecordSetChange::Upsert(bad)],
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let after: Vec<_> = dns.list_records(&zone.id).try_collect().await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn unknown_zones_and_records_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let dns = LocalDns::open(dir.path()).unwrap();
    let err = dns.delete_zone("zone-nope").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.provider(), Some("local"));
    let zone = dns
        .create_zone(&CreateZone::new("nf.example"))
        .await
        .unwrap();
    let err = dns.delete_record(&zone.id, "rec-nope").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("rec-nope"), "{err}");
}
