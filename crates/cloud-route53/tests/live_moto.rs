//! Live tests against moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by `cargo xtask test`).
//! Route 53 is global, so each test works in zones of its own domain (unique per run)
//! and deletes them at the end.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::Extra;
use cloud_core::dns::{
    CreateZone, Dns, NewRecord, Record, RecordData, RecordSet, RecordSetChange, RecordType,
    RecordUpdate, find_zone,
};
use cloud_route53::Route53Dns;
use cloud_test::conformance::dns::run;
use futures::TryStreamExt;
use serde_json::json;

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().unwrap(),
    }
}

async fn listed(driver: &Route53Dns, zone: &str) -> Vec<Record> {
    driver.list_records(zone).try_collect().await.unwrap()
}

fn shown(records: &[Record]) -> Vec<String> {
    let mut lines: Vec<String> = records
        .iter()
        .filter(|r| !matches!(r.rtype(), RecordType::Soa | RecordType::Ns))
        .map(|r| format!("{} {:?} {} {}", r.name, r.ttl, r.rtype(), r.data))
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn conformance_against_moto() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint));
    run(
        &driver,
        &common::plan(&common::unique_domain("conformance")),
    )
    .await;
}

#[tokio::test]
async fn records_move_between_sets_and_wildcards_read_back_relative() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint));
    let zone = driver
        .create_zone(&CreateZone::new(common::unique_domain("records")))
        .await
        .unwrap();
    let wild = driver
        .create_record(&zone.id, &NewRecord::new("*.dev", a("192.0.2.1")))
        .await
        .unwrap();
    assert_eq!(wild.name, "*.dev");
    assert_eq!(wild.ttl, Some(300), "the default TTL");
    driver
        .create_record(
            &zone.id,
            &NewRecord::new("*.dev", a("192.0.2.2")).with_ttl(60),
        )
        .await
        .unwrap();
    let err = driver
        .create_record(&zone.id, &NewRecord::new("*.DEV", a("192.0.2.2")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(
        shown(&listed(&driver, &zone.id).await),
        ["*.dev Some(60) A 192.0.2.1", "*.dev Some(60) A 192.0.2.2"]
    );

    // Moving one value to another name takes it out of its set and makes a new one.
    let moved = driver
        .update_record(
            &zone.id,
            &wild.id,
            &RecordUpdate {
                name: Some(format!("www.{}.", zone.domain)),
                ..RecordUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.name, "www");
    assert_eq!(driver.get_record(&zone.id, &moved.id).await.unwrap(), moved);
    assert_eq!(
        driver
            .get_record(&zone.id, &wild.id)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        shown(&listed(&driver, &zone.id).await),
        ["*.dev Some(60) A 192.0.2.2", "www Some(60) A 192.0.2.1"]
    );

    // The last value of a set goes with the set.
    for record in listed(&driver, &zone.id).await {
        if record.rtype() == RecordType::A {
            driver.delete_record(&zone.id, &record.id).await.unwrap();
        }
    }
    assert!(shown(&listed(&driver, &zone.id).await).is_empty());
    driver.delete_zone(&zone.id).await.unwrap();
}

#[tokio::test]
async fn aliases_and_weighted_sets_keep_their_route53_fields() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint));
    let zone = driver
        .create_zone(&CreateZone::new(common::unique_domain("routing")))
        .await
        .unwrap();
    let mut alias = NewRecord::new(
        "cdn",
        RecordData::Other {
            rtype: RecordType::A,
            data: String::new(),
        },
    );
    alias.extra = serde_json::from_value::<Extra>(json!({
        "alias_target": {"hosted_zone_id": "Z2FDTNDATAQYW2", "dns_name": "d111111abcdef8.cloudfront.net"}
    }))
    .unwrap();
    let made = driver.create_record(&zone.id, &alias).await.unwrap();
    assert_eq!(made.rtype(), RecordType::A);
    assert_eq!(made.ttl, None);
    let got = driver.get_record(&zone.id, &made.id).await.unwrap();
    assert_eq!(
        got.extra["alias_target"]["dns_name"],
        "d111111abcdef8.cloudfront.net."
    );
    assert_eq!(got.extra["alias_target"]["evaluate_target_health"], false);

    for (id, weight, ip) in [("blue", 70, "192.0.2.70"), ("green", 30, "192.0.2.30")] {
        let mut record = NewRecord::new("www", a(ip)).with_ttl(120);
        record.extra =
            serde_json::from_value::<Extra>(json!({"set_identifier": id, "weight": weight}))
                .unwrap();
        driver.create_record(&zone.id, &record).await.unwrap();
    }
    let records = listed(&driver, &zone.id).await;
    let green = records
        .iter()
        .find(|r| r.extra.get("set_identifier") == Some(&json!("green")))
        .expect("the green set");
    assert_eq!(green.extra["weight"], 30);
    assert_eq!(green.data, a("192.0.2.30"));
    // Changing the green value keeps its set identifier and weight.
    let changed = driver
        .update_record(
            &zone.id,
            &green.id,
            &RecordUpdate {
                data: Some(a("192.0.2.31")),
                ..RecordUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.extra["weight"], 30);
    let again = driver.get_record(&zone.id, &changed.id).await.unwrap();
    assert_eq!(again.data, a("192.0.2.31"));
    assert_eq!(again.extra["set_identifier"], "green");

    // Deleting the zone deletes the alias and the weighted sets first.
    driver.delete_zone(&zone.id).await.unwrap();
    assert_eq!(
        driver.get_zone(&zone.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn zones_are_one_per_domain_and_errors_are_typed() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint));
    let domain = common::unique_domain("zones");
    let mut request = CreateZone::new(domain.clone());
    request.extra = serde_json::from_value::<Extra>(json!({"comment": "first"})).unwrap();
    let zone = driver.create_zone(&request).await.unwrap();
    assert_eq!(zone.extra["comment"], "first");
    assert!(
        zone.extra["name_servers"]
            .as_array()
            .is_some_and(|n| !n.is_empty())
    );
    let err = driver
        .create_zone(&CreateZone::new(format!("{}.", domain.to_uppercase())))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.message().contains(&zone.id), "{err}");
    let mut twin = CreateZone::new(domain.clone());
    twin.extra = serde_json::from_value::<Extra>(json!({"allow_duplicate": true})).unwrap();
    let second = driver.create_zone(&twin).await.unwrap();
    assert_ne!(second.id, zone.id);
    driver.delete_zone(&second.id).await.unwrap();
    assert_eq!(find_zone(&driver, &domain).await.unwrap().id, zone.id);

    let mut ttl = CreateZone::new(common::unique_domain("ttl"));
    ttl.ttl = Some(60);
    assert_eq!(
        driver.create_zone(&ttl).await.unwrap_err().kind(),
        ErrorKind::Unsupported
    );
    let soa = RecordData::Soa {
        mname: "ns.example.".into(),
        rname: "h.example.".into(),
        serial: 1,
        refresh: 1,
        retry: 1,
        expire: 1,
        minimum: 1,
    };
    let err = driver
        .create_record(&zone.id, &NewRecord::new("@", soa))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    let err = driver
        .apply_changes(
            &zone.id,
            &[RecordSetChange::Delete(RecordSet::new(
                "gone",
                None,
                vec![a("192.0.2.1")],
            ))],
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let err = driver.get_zone("ZNOSUCHZONE1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("NoSuchHostedZone"));
    assert!(err.request_id().is_some(), "{err:?}");
    common::assert_no_secret(&err);
    driver.delete_zone(&zone.id).await.unwrap();
}
