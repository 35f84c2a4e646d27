//! The load balancer conformance suite against the `lb-conformance` fixtures, recorded
//! from moto (see `fixtures/elb/README.md`).

mod common;

use cloud_test::conformance::load_balancer::run;
use cloud_test::replay::Replay;

/// The `Action` of each request the replay received, in order.
fn actions(history: &[String]) -> Vec<String> {
    history
        .iter()
        .filter_map(|line| {
            let start = line.find("Action=")? + "Action=".len();
            let rest = &line[start..];
            let end = rest.find('&').unwrap_or(rest.len());
            Some(rest[..end].to_string())
        })
        .collect()
}

#[tokio::test]
async fn lb_conformance_replay() {
    let replay = Replay::start("elb", "lb-conformance").await;
    let driver = common::driver(&common::config(&replay.uri(), common::CONFORMANCE_REGION));
    run(&driver, &common::plan(common::CONFORMANCE_NAME)).await;
    replay.assert_all_used().await;
    let actions = actions(&replay.history());
    let position = |action: &str| {
        actions
            .iter()
            .position(|a| a == action)
            .unwrap_or_else(|| panic!("no {action} in {actions:?}"))
    };
    assert!(
        position("CreateLoadBalancer") < position("CreateTargetGroup")
            && position("CreateTargetGroup") < position("RegisterTargets")
            && position("RegisterTargets") < position("CreateListener"),
        "the load balancer, its group, the members, then the listener: {actions:?}"
    );
    assert!(
        position("DeleteLoadBalancer") < position("DeleteTargetGroup"),
        "the group goes after the balancer that used it: {actions:?}"
    );
    let creates = actions
        .iter()
        .filter(|a| *a == "CreateLoadBalancer")
        .count();
    assert_eq!(creates, 1, "bad input created nothing: {actions:?}");
}
