//! Listings longer than a page follow the `next` links to the end.

use cloud_core::dns::Dns;
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn domains_and_records_are_listed_past_one_page() {
    let replay = Replay::start("rackspace", "dns/paging").await;
    let driver = super::driver(&replay).await;
    let zones: Vec<_> = driver.list_zones().try_collect().await.unwrap();
    let domains: Vec<_> = zones.iter().map(|z| z.domain.as_str()).collect();
    assert_eq!(
        domains,
        [
            "example.com",
            "example.net",
            "example.org",
            "sub.example.com",
            "example.edu"
        ]
    );
    assert_eq!(zones[4].id, "2725237");
    let records: Vec<_> = driver.list_records("2725233").try_collect().await.unwrap();
    let listed: Vec<_> = records
        .iter()
        .map(|r| format!("{} {} {}", r.id, r.name, r.data))
        .collect();
    assert_eq!(
        listed,
        [
            "A-9182701 @ 192.0.2.1",
            "A-9182702 www 192.0.2.2",
            "A-9182703 www 192.0.2.3"
        ]
    );
    replay.assert_all_used().await;
    let pages = replay.history();
    assert!(pages[2].contains("limit=2&offset=4"), "{pages:#?}");
}
