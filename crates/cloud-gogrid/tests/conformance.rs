//! The compute and load balancer conformance suites against the GoGrid fixtures.

mod common;

use cloud_test::conformance::compute::{ComputePlan, run};
use cloud_test::conformance::load_balancer::{self, LoadBalancerPlan};
use cloud_test::replay::Replay;

#[tokio::test]
async fn compute_conformance() {
    let replay = Replay::start("gogrid", "compute-conformance").await;
    let driver = common::driver(&replay);
    let mut plan = ComputePlan::new("512MB", "117");
    plan.location = Some("1".into());
    plan.min_listed_nodes = 2;
    run(&driver, &plan).await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn load_balancer_conformance() {
    let replay = Replay::start("gogrid", "lb-conformance").await;
    let driver = common::lb_driver(&replay);
    load_balancer::run(&driver, &LoadBalancerPlan::new("web-conf")).await;
    replay.assert_all_used().await;

    // Each edit sends the whole real IP list: two first members, +8081, +8082, -8081.
    let received = replay
        .server()
        .received_requests()
        .await
        .expect("recording");
    let edits: Vec<Vec<String>> = received
        .iter()
        .filter(|r| r.url.path() == "/api/grid/loadbalancer/edit")
        .map(|r| {
            let pairs: Vec<(String, String)> = r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let get = |k: String| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
            (0..)
                .map_while(|n| {
                    Some(format!(
                        "{}:{}",
                        get(format!("realiplist.{n}.ip"))?,
                        get(format!("realiplist.{n}.port"))?
                    ))
                })
                .collect()
        })
        .collect();
    let ten = "192.0.2.10:8080";
    let eleven = "192.0.2.11:8080";
    assert_eq!(
        edits,
        [
            vec![ten, eleven, "192.0.2.20:8081"],
            vec![ten, eleven, "192.0.2.20:8081", "192.0.2.20:8082"],
            vec![ten, eleven, "192.0.2.20:8082"],
        ]
    );
}
