//! A 10,000-record zone file imported into moto through `apply_changes`: it must take at
//! most 15 `ChangeResourceRecordSets` requests (Route 53 takes 1,000 values per request,
//! an `UPSERT`'s counted twice, so the driver sends the zone's new sets as `CREATE`), and
//! `list_records` must then return every record. Runs when `cargo xtask test` started
//! moto; the requests are counted by a proxy in front of it.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use cloud_core::dns::{CreateZone, Dns, record_sets, wait_for_changes, zonefile};
use cloud_test::fault_proxy::FaultProxy;
use futures::TryStreamExt;

/// Records in the imported file.
const RECORDS: usize = 10_000;

/// The most change requests the import may take.
const MAX_CHANGE_REQUESTS: usize = 15;

/// A zone file of `RECORDS` records: A sets of two values, AAAA, TXT, MX, CNAME and SRV.
fn zone_file() -> String {
    let mut text = String::from("$TTL 300\n");
    for i in 0..RECORDS {
        let line = match i % 10 {
            0..=3 => format!(
                "a{} IN A 10.{}.{}.{}\n",
                i / 2,
                i / 65536,
                i / 256 % 256,
                i % 256
            ),
            4 | 5 => format!("v{i} IN AAAA 2001:db8::{i:x}\n"),
            6 => format!("t{i} IN TXT \"token-{i}\"\n"),
            7 => format!("m{i} IN MX 10 mx{i}\n"),
            8 => format!("c{i} IN CNAME a{}\n", i / 2),
            _ => format!("_s{i}._tcp IN SRV 0 5 5060 sip{i}\n"),
        };
        text.push_str(&line);
    }
    text
}

#[tokio::test]
async fn ten_thousand_records_in_few_change_requests() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let driver = common::driver(&common::config(&proxy.url()));
    let zone = driver
        .create_zone(&CreateZone::new(common::unique_domain("import")))
        .await
        .unwrap();
    let file = zonefile::parse(&zone_file(), &zone.domain).unwrap();
    assert_eq!(file.entries.len(), RECORDS);
    let current: Vec<_> = driver.list_records(&zone.id).try_collect().await.unwrap();
    let plan = zonefile::plan(&file.record_sets(), &record_sets(&current), false);

    let started = Instant::now();
    let before = proxy.request_lines().len();
    let operation = driver
        .apply_changes(&zone.id, &plan.changes())
        .await
        .unwrap()
        .expect("an operation to wait for");
    wait_for_changes(&driver, &operation, &common::plan(&zone.domain).wait)
        .await
        .unwrap();
    let lines = proxy.request_lines()[before..].to_vec();
    let changes = lines
        .iter()
        .filter(|l| l.starts_with("POST ") && l.contains("/rrset"))
        .count();
    eprintln!(
        "imported {RECORDS} records in {changes} ChangeResourceRecordSets requests ({} requests in all) in {:?}",
        lines.len(),
        started.elapsed()
    );
    assert!(
        (RECORDS / 1000..=MAX_CHANGE_REQUESTS).contains(&changes),
        "{changes} change requests: {lines:#?}"
    );

    let listing = Instant::now();
    let listed: Vec<_> = driver.list_records(&zone.id).try_collect().await.unwrap();
    eprintln!("listed {} records in {:?}", listed.len(), listing.elapsed());
    let got: BTreeSet<(String, String)> = listed
        .iter()
        .map(|r| (r.name.clone(), r.data.to_string()))
        .collect();
    let missing: Vec<_> = file
        .entries
        .iter()
        .map(|e| (e.name.clone(), e.data.to_string()))
        .filter(|k| !got.contains(k))
        .collect();
    assert!(
        missing.is_empty(),
        "{} missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let own = listed
        .iter()
        .filter(|r| !(r.name == "@" && matches!(r.rtype().as_str(), "SOA" | "NS")))
        .count();
    assert_eq!(
        own, RECORDS,
        "exactly the file's records besides the apex SOA and NS"
    );

    let deleting = Instant::now();
    driver.delete_zone(&zone.id).await.unwrap();
    eprintln!("deleted the zone in {:?}", deleting.elapsed());
}
