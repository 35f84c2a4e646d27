//! The load balancer driver against the `lb-errors-404` and `lb-errors-malformed`
//! fixtures, and the checks it makes before sending anything.

mod common;

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{CreateBalancer, LoadBalancer, MemberTarget, Protocol};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

#[tokio::test]
async fn a_missing_balancer_is_not_found() {
    let replay = Replay::start("linode", "lb-errors-404").await;
    let driver = common::load_balancer(&replay);
    let err = driver.get_balancer("41000001").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.status(), Some(404));
    common::assert_no_token(&err);
    let first = driver.list_members("41000001").next().await.unwrap();
    assert_eq!(first.unwrap_err().kind(), ErrorKind::NotFound);
    let err = driver.destroy_balancer("41000001").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn malformed_answers_are_typed_errors() {
    let replay = Replay::start("linode", "lb-errors-malformed").await;
    let driver = common::load_balancer(&replay);
    let err = driver.get_balancer("41000001").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    let err = driver
        .list_members("41000001")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    let err = driver
        .list_members("41000001")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert!(err.message().contains("IP:PORT"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn requests_linode_cannot_take_fail_before_any_call() {
    let replay = Replay::start("linode", "lb-errors-404").await;
    let driver = common::load_balancer(&replay);
    let public = MemberTarget::address("192.0.2.10".parse().unwrap(), 80);
    let udp = CreateBalancer::new("web-lb", 53, Protocol::Udp);
    let dotted = CreateBalancer::new("web.lb", 80, Protocol::Http);
    let public_member =
        CreateBalancer::new("web-lb", 80, Protocol::Http).with_member(public.clone());
    let heavy = CreateBalancer::new("web-lb", 80, Protocol::Http)
        .with_member(MemberTarget::address("192.168.130.10".parse().unwrap(), 80).with_weight(256));
    for (request, kind) in [
        (udp, ErrorKind::Unsupported),
        (dotted, ErrorKind::InvalidInput),
        (public_member, ErrorKind::InvalidInput),
        (heavy, ErrorKind::InvalidInput),
    ] {
        let err = driver.create_balancer(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{request:?}: {err}");
    }
    let err = driver.attach_member("no-such", &public).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let no_region =
        cloud_linode::LinodeLoadBalancer::new(&common::config(&replay)).expect("driver builds");
    let request = CreateBalancer::new("web-lb", 80, Protocol::Http);
    let err = no_region.create_balancer(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.message().contains("region"), "{err}");
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}

#[tokio::test]
async fn a_second_member_at_one_address_and_port_already_exists() {
    let replay = Replay::start("linode", "lb-attach-duplicate").await;
    let driver = common::load_balancer(&replay);
    let again = MemberTarget::address("192.168.130.11".parse().unwrap(), 8080);
    let err = driver.attach_member("41000001", &again).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert!(err.message().contains("192.168.130.11:8080"), "{err}");
    replay.assert_all_used().await;
}
