//! Cloud Load Balancers on hand-written fixtures (`fixtures/rackspace/lb-*`): a balancer
//! that is `BUILD` for several polls, one that goes to `ERROR`, changes sent again while
//! a balancer is busy, error and garbage answers, and bad input refused before anything
//! is sent.

mod lb_common;

use std::net::IpAddr;

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{
    Algorithm, BalancerState, CreateBalancer, HealthCheck, LoadBalancer, MemberTarget, Protocol,
    UpdateBalancer,
};
use cloud_core::operation::wait_for_operation;
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

async fn driver(replay: &Replay) -> std::sync::Arc<dyn LoadBalancer> {
    cloud_test::keystone::mount_v2_login(replay, 1).await;
    lb_common::driver(&lb_common::config(&replay.uri(), lb_common::USER)).await
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_balancer_building_for_several_polls_then_active() {
    let replay = Replay::start("rackspace", "lb-build").await;
    let lb = driver(&replay).await;
    let request = CreateBalancer::new("slow-build", 443, Protocol::Tcp)
        .with_algorithm(Algorithm::LeastConnections);
    let created = lb.create_balancer(&request).await.unwrap();
    assert_eq!(created.state, BalancerState::Pending);
    assert_eq!(created.public_ips, ["203.0.113.40", "2001:db8::40"]);
    let operation = created.operation.clone().unwrap();
    assert_eq!(operation.id, "51007");
    let mut seen = Vec::new();
    wait_for_operation(
        &operation,
        &lb_common::quick_wait(),
        || lb.operation_status(&operation),
        |status| seen.push(status.is_finished()),
    )
    .await
    .unwrap();
    assert_eq!(
        seen,
        [false, false, false, true],
        "three BUILD polls, then ACTIVE"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_balancer_that_goes_to_error_is_a_typed_error() {
    let replay = Replay::start("rackspace", "lb-error").await;
    let lb = driver(&replay).await;
    let created = lb
        .create_balancer(&CreateBalancer::new("doomed", 80, Protocol::Http))
        .await
        .unwrap();
    let operation = created.operation.clone().unwrap();
    let err = wait_for_operation(
        &operation,
        &lb_common::quick_wait(),
        || lb.operation_status(&operation),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider, "{err}");
    assert_eq!(err.code(), Some("ERROR"));
    assert_eq!(err.provider(), Some("rackspace"));
    assert!(err.message().contains("51009"), "{err}");

    let started = std::time::Instant::now();
    let err = lb
        .attach_member(&created.id, &MemberTarget::address(ip("192.0.2.30"), 80))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert!(err.message().contains("ERROR"), "{err}");
    assert!(
        started.elapsed().as_secs() < 5,
        "a balancer in ERROR is not waited for"
    );
    lb_common::assert_no_secret(&err);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn changes_to_a_busy_balancer_are_sent_again_once_it_is_free() {
    let replay = Replay::start("rackspace", "lb-busy").await;
    let lb = driver(&replay).await;
    let member = lb
        .attach_member(
            "51011",
            &MemberTarget::address(ip("192.0.2.31"), 80).with_weight(5),
        )
        .await
        .unwrap();
    assert_eq!((member.id.as_str(), member.weight), ("320001", Some(5)));
    let update = UpdateBalancer {
        name: Some("renamed".into()),
        algorithm: Some(Algorithm::Random),
        ..Default::default()
    };
    let updated = lb.update_balancer("51011", &update).await.unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.algorithm),
        ("renamed", Algorithm::Random)
    );
    assert_eq!(
        updated.state,
        BalancerState::Running,
        "PENDING_UPDATE still serves"
    );
    replay.assert_all_used().await;
}

#[tokio::test]
async fn error_and_garbage_answers_are_typed_errors() {
    let replay = Replay::start("rackspace", "lb-errors").await;
    let lb = driver(&replay).await;
    let err = lb.get_balancer("777").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (ErrorKind::NotFound, Some("itemNotFound"))
    );
    assert_eq!(err.provider(), Some("rackspace"));
    for id in ["778", "779"] {
        let err = lb.get_balancer(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{id}: {err}");
    }
    let first = lb.list_members("780").next().await.unwrap().unwrap_err();
    assert_eq!(first.kind(), ErrorKind::MalformedResponse, "{first}");
    let err = lb
        .attach_member("781", &MemberTarget::address(ip("192.0.2.10"), 80))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    let err = lb
        .list_balancers()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited, "{err}");
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(600)));
    lb_common::assert_no_secret(&err);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let replay = Replay::empty().await;
    let lb = lb_common::driver(&lb_common::config(&replay.uri(), lb_common::USER)).await;
    let good = CreateBalancer::new("web", 80, Protocol::Http);
    let mut own_port = good.clone();
    own_port.target_port = Some(8080);
    let mut checked = good.clone();
    checked.health_check = Some(HealthCheck::tcp(80));
    let mut unknown = good.clone();
    unknown
        .extra
        .insert("size".into(), serde_json::json!("large"));
    let cases = [
        (
            CreateBalancer::new("-web", 80, Protocol::Http),
            ErrorKind::InvalidInput,
        ),
        (
            CreateBalancer::new("web", 0, Protocol::Http),
            ErrorKind::InvalidInput,
        ),
        (
            CreateBalancer::new("web", 80, Protocol::Tls),
            ErrorKind::Unsupported,
        ),
        (
            good.clone().with_algorithm(Algorithm::SourceIp),
            ErrorKind::Unsupported,
        ),
        (
            good.clone().with_member(MemberTarget::node("12", 80)),
            ErrorKind::Unsupported,
        ),
        (
            good.clone()
                .with_member(MemberTarget::address(ip("192.0.2.1"), 80).with_weight(500)),
            ErrorKind::InvalidInput,
        ),
        (own_port, ErrorKind::InvalidInput),
        (checked, ErrorKind::Unsupported),
        (unknown, ErrorKind::InvalidInput),
    ];
    for (request, kind) in cases {
        let err = lb.create_balancer(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{request:?}: {err}");
    }
    for id in ["abc", "1/2", "", "../7"] {
        let err = lb.get_balancer(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id:?}: {err}");
        let err = lb.detach_member("7", id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id:?}: {err}");
    }
    let rename = UpdateBalancer {
        name: Some("no spaces allowed".into()),
        ..Default::default()
    };
    let err = lb.update_balancer("7", &rename).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}
