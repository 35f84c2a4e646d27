//! Listing across pages against the hand-written `paging` fixtures: three pages of
//! `ListResourceRecordSets`, joined by `NextRecordName`, `NextRecordType` and
//! `NextRecordIdentifier`.

mod common;

use std::collections::BTreeSet;

use cloud_core::dns::{Dns, RecordData, RecordType};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn records_follow_the_next_record_across_three_pages() {
    let replay = Replay::start("route53", "paging").await;
    let mut config = common::config(&replay.uri());
    config.options.insert("page_size".into(), "2".into());
    let driver = common::driver(&config);
    let records: Vec<_> = driver
        .list_records("Z0123456789ABCDEFGHIJ")
        .try_collect()
        .await
        .unwrap();
    replay.assert_all_used().await;
    let shown: Vec<String> = records
        .iter()
        .map(|r| format!("{} {} {}", r.name, r.rtype(), r.data))
        .collect();
    assert_eq!(
        shown,
        [
            "@ NS ns-2048.awsdns-64.com.",
            "@ NS ns-2049.awsdns-65.net.",
            "@ SOA ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
            "api A 192.0.2.70",
            "api A 192.0.2.30",
            r#"*.dev TXT "v=dev \"quoted\" \195\169""#,
            "www A 192.0.2.1",
            "www A 192.0.2.2",
        ]
    );
    let wild = &records[5];
    assert_eq!(
        wild.data,
        RecordData::Txt {
            strings: vec!["v=dev \"quoted\" é".into()]
        }
    );
    assert_eq!(records[4].extra["set_identifier"], "green");
    assert_eq!(records[4].extra["weight"], 30);
    assert_eq!(records[6].rtype(), RecordType::A);
    let ids: BTreeSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), records.len(), "every record has its own id");
    let pages = replay
        .history()
        .iter()
        .filter(|l| l.contains("/rrset"))
        .count();
    assert_eq!(pages, 3);
}
