//! The DNS conformance suite against the `dns-conformance` fixtures, written from
//! Linode's API reference in the suite's call order (`crates/cloud-test/CONFORMANCE.md`,
//! "DNS"). Linode stores a fixed set of TTLs and the driver rounds any other up (zone
//! 1800 → 3600, record 600 → 3600, record 120 → 300); the suite expects the stored ones
//! through `DnsCapabilities::stored_ttl`.

mod common;

use cloud_test::conformance::dns::{DnsPlan, run};
use cloud_test::replay::Replay;

const DOMAIN: &str = "dns-conformance.example.org";

#[tokio::test]
async fn linode_dns_passes_the_conformance_suite_on_fixtures() {
    let replay = Replay::start("linode", "dns-conformance").await;
    let driver = common::dns(&replay);
    let mut plan = DnsPlan::new(DOMAIN);
    plan.missing_zone_id = "99999999".into();
    plan.missing_record_id = "99999999".into();
    run(&driver, &plan).await;
    replay.assert_all_used().await;
}
