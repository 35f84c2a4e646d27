//! Against the PowerDNS server `cargo xtask test` starts (`crates/cloud-powerdns/emulators.txt`):
//! the DNS conformance suite, zone settings, and a refused API key. Each test works in a
//! zone of its own, so they share the one server.

mod common;

use cloud_core::ErrorKind;
use cloud_core::dns::{
    CreateZone, Dns, NewRecord, RecordData, RecordSet, RecordSetChange, RecordUpdate, UpdateZone,
};
use cloud_test::conformance::dns::{DnsPlan, run};
use futures::TryStreamExt;

#[tokio::test]
async fn the_conformance_suite_passes() {
    let Some(live) = common::live() else { return };
    let driver = live.driver();
    run(&driver, &DnsPlan::new(common::unique("conformance"))).await;
}

#[tokio::test]
async fn a_refused_api_key_is_one_clear_error() {
    let Some(live) = common::live() else { return };
    let wrong = "not-the-key-4711";
    let driver = common::driver(&live.endpoint, wrong);
    let err = driver
        .list_zones()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(
        err.to_string(),
        "powerdns list_zones: the PowerDNS API refused the API key (HTTP 401)"
    );
    let err = driver
        .create_zone(&CreateZone::new(common::unique("refused")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(!format!("{err} {err:?}").contains(wrong));
}

#[tokio::test]
async fn the_zone_mail_address_is_the_soa_mailbox() {
    let Some(live) = common::live() else { return };
    let dns = live.driver();
    let domain = common::unique("email");
    let mut request = CreateZone::new(&domain);
    request.email = Some(format!("dns.admin@{domain}"));
    let zone = dns.create_zone(&request).await.unwrap();
    assert_eq!(
        zone.email.as_deref(),
        Some(format!("dns.admin@{domain}").as_str())
    );
    assert_eq!(zone.extra["kind"], "Native");
    assert_eq!(zone.extra["nameservers"][0], format!("ns1.{domain}."));
    let records: Vec<_> = dns.list_records(&zone.id).try_collect().await.unwrap();
    let soa = records
        .iter()
        .find(|r| r.name == "@" && r.rtype().as_str() == "SOA");
    let Some(RecordData::Soa { mname, rname, .. }) = soa.map(|r| &r.data) else {
        panic!("no SOA in {records:?}");
    };
    assert_eq!(mname, &format!("ns1.{domain}."));
    assert_eq!(rname, &format!("dns\\.admin.{domain}."));

    let update = UpdateZone {
        email: Some(format!("hostmaster@{domain}")),
        ..UpdateZone::default()
    };
    let changed = dns.update_zone(&zone.id, &update).await.unwrap();
    assert_eq!(
        changed.email.as_deref(),
        Some(format!("hostmaster@{domain}").as_str())
    );
    let ttl = UpdateZone {
        ttl: Some(60),
        ..UpdateZone::default()
    };
    let err = dns.update_zone(&zone.id, &ttl).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");

    let again = dns
        .create_zone(&CreateZone::new(&domain))
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::AlreadyExists, "{again}");
    assert!(again.message().contains(&domain), "{again}");
    dns.delete_zone(&zone.id).await.unwrap();
    let gone = dns.get_zone(&zone.id).await.unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(gone.message().contains("no zone"), "{gone}");
}

#[tokio::test]
async fn records_keep_their_set_and_refuse_duplicates() {
    let Some(live) = common::live() else { return };
    let dns = live.driver();
    let domain = common::unique("sets");
    let zone = dns.create_zone(&CreateZone::new(&domain)).await.unwrap();
    let a = |ip: &str| RecordData::A {
        address: ip.parse().unwrap(),
    };
    let first = dns
        .create_record(
            &zone.id,
            &NewRecord::new("www", a("192.0.2.1")).with_ttl(120),
        )
        .await
        .unwrap();
    let second = dns
        .create_record(&zone.id, &NewRecord::new("www", a("192.0.2.2")))
        .await
        .unwrap();
    assert_eq!(second.ttl, Some(120), "a value joins its set's TTL");
    let dup = dns
        .create_record(&zone.id, &NewRecord::new("WWW", a("192.0.2.1")))
        .await
        .unwrap_err();
    assert_eq!(dup.kind(), ErrorKind::AlreadyExists, "{dup}");

    // A new name moves the value to that name's set.
    let moved = dns
        .update_record(
            &zone.id,
            &first.id,
            &RecordUpdate {
                name: Some(format!("web.{domain}.")),
                ..RecordUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.name, "web");
    assert_eq!(moved.ttl, Some(120));
    let records: Vec<_> = dns.list_records(&zone.id).try_collect().await.unwrap();
    let www: Vec<_> = records
        .iter()
        .filter(|r| r.name == "www" && r.rtype().as_str() == "A")
        .collect();
    assert_eq!(www.len(), 1, "{records:?}");
    assert_eq!(dns.get_record(&zone.id, &moved.id).await.unwrap(), moved);
    let err = dns.get_record(&zone.id, &first.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let retype = RecordUpdate {
        data: Some(RecordData::txt("no")),
        ..RecordUpdate::default()
    };
    let err = dns
        .update_record(&zone.id, &moved.id, &retype)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let mut ttl_zone = CreateZone::new(common::unique("ttl"));
    ttl_zone.ttl = Some(300);
    let err = dns.create_zone(&ttl_zone).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    dns.delete_zone(&zone.id).await.unwrap();
}

#[tokio::test]
async fn a_batch_is_applied_whole_or_not_at_all() {
    let Some(live) = common::live() else { return };
    let dns = live.driver();
    let domain = common::unique("atomic");
    let zone = dns.create_zone(&CreateZone::new(&domain)).await.unwrap();
    let a = RecordData::A {
        address: "192.0.2.1".parse().unwrap(),
    };
    let cname = RecordData::Cname {
        target: format!("www.{domain}."),
    };
    // A CNAME beside other data on one name: PowerDNS refuses the whole batch.
    let batch = [
        RecordSetChange::Upsert(RecordSet::new("first", Some(60), vec![a.clone()])),
        RecordSetChange::Upsert(RecordSet::new("both", Some(60), vec![a.clone()])),
        RecordSetChange::Upsert(RecordSet::new("both", Some(60), vec![cname.clone()])),
    ];
    let err = dns.apply_changes(&zone.id, &batch).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.message().contains("CNAME"), "{err}");
    let records: Vec<_> = dns.list_records(&zone.id).try_collect().await.unwrap();
    assert!(
        records
            .iter()
            .all(|r| r.name != "first" && r.name != "both"),
        "nothing of a refused batch is applied: {records:?}"
    );
    // The same conflict through the record calls.
    dns.create_record(&zone.id, &NewRecord::new("both", a))
        .await
        .unwrap();
    let err = dns
        .create_record(&zone.id, &NewRecord::new("both", cname))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    dns.delete_zone(&zone.id).await.unwrap();
}
