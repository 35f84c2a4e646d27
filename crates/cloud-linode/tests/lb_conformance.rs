//! The load balancer conformance suite against the `lb-conformance` fixtures, written
//! from Linode's API reference in the suite's call order (`crates/cloud-test/CONFORMANCE.md`,
//! "Load balancers"). Linode sends NodeBalancer traffic only to private addresses, so the
//! plan's members are private: the first is an instance (its private address
//! `192.168.130.10`), the second and L3's extra address are addresses in
//! `192.168.128.0/17`. The missing ids are numbers, so each reaches Linode and comes back
//! as a 404.

mod common;

use cloud_core::load_balancer::MemberTarget;
use cloud_test::conformance::load_balancer::{LoadBalancerPlan, run};
use cloud_test::replay::Replay;

#[tokio::test]
async fn linode_load_balancer_passes_the_conformance_suite_on_fixtures() {
    let replay = Replay::start("linode", "lb-conformance").await;
    let driver = common::load_balancer(&replay);
    let ip = |text: &str| text.parse().expect("an address");
    let mut plan = LoadBalancerPlan::new("lb-conformance")
        .with_first_member(MemberTarget::node("60000011", 8080));
    plan.members[1] = MemberTarget::address(ip("192.168.130.11"), 8080);
    plan.extra_ip = ip("192.168.130.20");
    plan.missing_balancer_id = "99999999".into();
    plan.missing_member_id = "99999999".into();
    plan.missing_node_id = "99999998".into();
    run(&driver, &plan).await;
    replay.assert_all_used().await;
}
