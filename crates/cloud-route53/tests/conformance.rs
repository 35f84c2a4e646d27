//! The DNS conformance suite against the `dns-conformance` fixtures, recorded from moto
//! (see `fixtures/route53/README.md`).

mod common;

use cloud_test::conformance::dns::run;
use cloud_test::replay::Replay;

/// The action of the first change of each `ChangeResourceRecordSets` request the replay
/// received, in order (the history quotes the start of each body).
fn first_actions(history: &[String]) -> Vec<&'static str> {
    history
        .iter()
        .filter(|line| line.starts_with("POST ") && line.contains("/rrset/"))
        .map(|line| {
            ["CREATE", "UPSERT", "DELETE"]
                .into_iter()
                .find(|a| line.contains(&format!("<Action>{a}</Action>")))
                .unwrap_or("?")
        })
        .collect()
}

#[tokio::test]
async fn dns_conformance_replay() {
    let replay = Replay::start("route53", "dns-conformance").await;
    let driver = common::driver(&common::config(&replay.uri()));
    run(&driver, &common::plan(common::CONFORMANCE_DOMAIN)).await;
    replay.assert_all_used().await;
    let history = replay.history();
    assert_eq!(
        first_actions(&history),
        [
            // D3: www A, then its second value, AAAA, MX, TXT, SRV, CNAME, CAA.
            "CREATE", "UPSERT", "CREATE", "CREATE", "CREATE", "CREATE", "CREATE", "CREATE",
            // D5: TTL, data, the CAA set's only value; D6: upsert, upsert, delete.
            "UPSERT", "UPSERT", "DELETE", "UPSERT", "UPSERT", "DELETE",
            // D8: the zone emptied in one request.
            "DELETE",
        ],
        "{history:#?}"
    );
    let polls = history.iter().filter(|l| l.contains("/change/")).count();
    assert_eq!(polls, 3, "one GetChange per batch of D6: {history:#?}");
}
