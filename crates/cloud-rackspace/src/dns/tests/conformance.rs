//! The DNS conformance suite on the `dns/conformance` fixtures.

use cloud_core::dns::Dns;
use cloud_test::conformance::dns::{DnsPlan, run};
use cloud_test::replay::Replay;

/// The suite's plan: the fixtures' domain, a numeric zone id Cloud DNS does not have.
pub(super) fn plan() -> DnsPlan {
    let mut plan = DnsPlan::new("conformance.example");
    plan.missing_zone_id = "9999999".into();
    plan.missing_record_id = "A-9999999".into();
    plan.wait = super::quick(std::time::Duration::from_secs(10));
    plan
}

#[tokio::test]
async fn the_dns_suite_passes_on_replay() {
    let replay = Replay::start("rackspace", "dns/conformance").await;
    let driver = super::driver(&replay).await;
    assert_eq!(driver.provider_id(), "rackspace");
    run(&driver, &plan()).await;
    replay.assert_all_used().await;
    let history = replay.history();
    let changes = history
        .iter()
        .filter(|l| {
            ["POST ", "PUT ", "DELETE "]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .count();
    let polls = super::count(&replay, "GET /dns/v1.0/123456/status/");
    assert_eq!(polls, changes, "one poll per change: {history:#?}");
}
