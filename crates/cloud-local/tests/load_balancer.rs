//! The local load balancers: the conformance suite, members by local node, sharing
//! across drivers, concurrent attaches from separate drivers, and bad input that leaves
//! the state as it was.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode};
use cloud_core::load_balancer::{
    Algorithm, BalancerState, CreateBalancer, LoadBalancer, MemberHealth, MemberTarget, Protocol,
    UpdateBalancer,
};
use cloud_core::operation::OperationRef;
use cloud_local::{LocalCompute, LocalComputeOptions, LocalLoadBalancer};
use cloud_test::conformance::load_balancer::{LoadBalancerPlan, run};
use futures::TryStreamExt;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn compute(dir: &std::path::Path) -> LocalCompute {
    LocalCompute::open(
        dir,
        LocalComputeOptions {
            boot_delay: Duration::ZERO,
        },
    )
    .unwrap()
}

#[tokio::test]
async fn local_load_balancer_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    let node = compute(dir.path())
        .create_node(&CreateNode::new("web-1", "small", "debian-12"))
        .await
        .unwrap();
    let lb = LocalLoadBalancer::open(dir.path()).unwrap();
    let plan = LoadBalancerPlan::new("conformance-lb")
        .with_first_member(MemberTarget::node(&node.id, 8080));
    run(&lb, &plan).await;
    // The suite destroys its balancer at the end.
    let balancers: Vec<_> = lb.list_balancers().try_collect().await.unwrap();
    assert!(balancers.is_empty(), "{balancers:?}");
}

#[tokio::test]
async fn node_members_take_the_node_address_and_health() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = compute(dir.path());
    let node = nodes
        .create_node(&CreateNode::new("web-1", "small", "debian-12"))
        .await
        .unwrap();
    let lb = LocalLoadBalancer::open(dir.path()).unwrap();
    let balancer = lb
        .create_balancer(
            &CreateBalancer::new("web", 443, Protocol::Https)
                .with_algorithm(Algorithm::LeastConnections)
                .with_member(MemberTarget::node(&node.id, 8443).with_weight(3)),
        )
        .await
        .unwrap();
    assert_eq!(balancer.state, BalancerState::Running);
    assert_eq!(balancer.public_ips, ["203.0.113.1"]);
    assert!(balancer.operation.is_none());
    let members: Vec<_> = lb.list_members(&balancer.id).try_collect().await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].node_id.as_deref(), Some(node.id.as_str()));
    assert_eq!(members[0].ip, node.private_ips[0]);
    assert_eq!((members[0].port, members[0].weight), (8443, Some(3)));
    assert_eq!(members[0].health, MemberHealth::Healthy);

    nodes.stop_node(&node.id).await.unwrap();
    let members: Vec<_> = lb.list_members(&balancer.id).try_collect().await.unwrap();
    assert_eq!(members[0].health, MemberHealth::Unhealthy);
}

#[tokio::test]
async fn a_missing_node_or_balancer_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let lb = LocalLoadBalancer::open(dir.path()).unwrap();
    let balancer = lb
        .create_balancer(
            &CreateBalancer::new("web", 80, Protocol::Http)
                .with_member(MemberTarget::address(ip("192.0.2.1"), 80)),
        )
        .await
        .unwrap();
    let state = dir.path().join("load_balancer").join("state.json");
    let before = std::fs::read(&state).unwrap();

    let ghost = MemberTarget::node("node-nope", 80);
    let err = lb.attach_member(&balancer.id, &ghost).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("node-nope"), "{err}");
    assert_eq!(err.provider(), Some("local"));
    let err = lb
        .create_balancer(&CreateBalancer::new("api", 80, Protocol::Tcp).with_member(ghost))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = lb
        .attach_member("lb-nope", &MemberTarget::address(ip("192.0.2.2"), 80))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = lb
        .create_balancer(&CreateBalancer::new("api", 70000, Protocol::Tcp))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = lb
        .create_balancer(
            &CreateBalancer::new("api", 80, Protocol::Tcp).with_algorithm(Algorithm::Random),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("round_robin"), "{err}");
    let err = lb
        .detach_member(&balancer.id, "mem-nope")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    assert_eq!(std::fs::read(&state).unwrap(), before);
}

#[tokio::test]
async fn two_drivers_on_one_directory_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let first = LocalLoadBalancer::open(dir.path()).unwrap();
    let second = LocalLoadBalancer::open(dir.path()).unwrap();
    let balancer = first
        .create_balancer(&CreateBalancer::new("shared", 80, Protocol::Tcp))
        .await
        .unwrap();
    let member = second
        .attach_member(&balancer.id, &MemberTarget::address(ip("192.0.2.5"), 8080))
        .await
        .unwrap();
    let members: Vec<_> = first
        .list_members(&balancer.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        members.iter().map(|m| &m.id).collect::<Vec<_>>(),
        [&member.id]
    );
    let update = UpdateBalancer {
        algorithm: Some(Algorithm::SourceIp),
        ..UpdateBalancer::default()
    };
    second.update_balancer(&balancer.id, &update).await.unwrap();
    let got = first.get_balancer(&balancer.id).await.unwrap();
    assert_eq!(got.algorithm, Algorithm::SourceIp);
    second.destroy_balancer(&balancer.id).await.unwrap();
    let err = first.get_balancer(&balancer.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn twenty_concurrent_attaches_from_separate_drivers_add_twenty_members() {
    let dir = tempfile::tempdir().unwrap();
    let setup = LocalLoadBalancer::open(dir.path()).unwrap();
    let balancer = setup
        .create_balancer(
            &CreateBalancer::new("busy", 80, Protocol::Tcp)
                .with_member(MemberTarget::address(ip("192.0.2.1"), 80)),
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20u32 {
        let driver = Arc::new(LocalLoadBalancer::open(dir.path()).unwrap());
        let id = balancer.id.clone();
        tasks.push(tokio::spawn(async move {
            // Ten addresses, two ports each: every attach is a distinct member.
            let target = MemberTarget::address(ip(&format!("192.0.2.{}", 100 + i / 2)), 9000 + i);
            driver.attach_member(&id, &target).await
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap().id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    let members: Vec<_> = setup
        .list_members(&balancer.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members.len(), 21);
}

#[tokio::test]
async fn operations_are_unsupported_and_words_are_offered() {
    let dir = tempfile::tempdir().unwrap();
    let lb = LocalLoadBalancer::open(dir.path()).unwrap();
    let err = lb
        .operation_status(&OperationRef::new("local", "create_balancer", "op-1"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_eq!(
        lb.protocols(),
        [
            Protocol::Http,
            Protocol::Https,
            Protocol::Tcp,
            Protocol::Udp,
            Protocol::Tls
        ]
    );
    assert_eq!(
        lb.algorithms(),
        [
            Algorithm::RoundRobin,
            Algorithm::LeastConnections,
            Algorithm::SourceIp,
            Algorithm::WeightedRoundRobin
        ]
    );
}
