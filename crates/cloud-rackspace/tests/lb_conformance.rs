//! The load balancer conformance suite on the `lb-conformance` fixtures (written in the
//! shape mimic answers, see `fixtures/rackspace/README.md`), through the factory: an
//! API-key login, the ORD endpoint of `cloudLoadBalancers`, a create that is `BUILD`
//! once before `ACTIVE`.

mod lb_common;

use cloud_test::conformance::load_balancer::run;
use cloud_test::replay::Replay;

#[tokio::test]
async fn lb_conformance_replay() {
    let replay = Replay::start("rackspace", "lb-conformance").await;
    cloud_test::keystone::mount_v2_login(&replay, 1).await;
    let driver = lb_common::driver(&lb_common::config(&replay.uri(), lb_common::USER)).await;
    run(
        driver.as_ref(),
        &lb_common::plan(lb_common::CONFORMANCE_NAME),
    )
    .await;
    replay.assert_all_used().await;
    let creates = replay
        .history()
        .iter()
        .filter(|h| h.starts_with("POST /lb/ord/v1.0/123456/loadbalancers ("))
        .count();
    assert_eq!(
        creates,
        1,
        "bad input created nothing: {:#?}",
        replay.history()
    );
}
