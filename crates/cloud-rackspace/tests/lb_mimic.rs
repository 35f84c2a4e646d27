//! Cloud Load Balancers live against mimic (`LIBCLOUD_TEST_MIMIC_ENDPOINT`, set by
//! `cargo xtask test -- -p cloud-rackspace --test lb_mimic`), in ORD, through the
//! factory. Each test logs in as a user of its own, so it sees only its balancers.

mod lb_common;

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{BalancerState, CreateBalancer, MemberTarget, Protocol};
use cloud_core::operation::wait_for_operation;
use cloud_test::conformance::load_balancer::run;
use futures::TryStreamExt;
use url::Url;

/// mimic's identity endpoint, or `None` (after a skip line) when mimic is not running.
fn mimic_identity() -> Option<Url> {
    let mimic = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_MIMIC_ENDPOINT")?;
    Some(mimic.join("identity").expect("an identity URL"))
}

/// A user name no other test (or earlier run) uses.
fn unique_user(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

#[tokio::test]
async fn conformance_against_mimic() {
    let Some(identity) = mimic_identity() else {
        return;
    };
    let config = lb_common::config(&identity, &unique_user("lb-conf"));
    let driver = lb_common::driver(&config).await;
    run(driver.as_ref(), &lb_common::plan("conformance-live")).await;
}

#[tokio::test]
async fn a_building_balancer_is_waited_for_and_takes_members_once_active() {
    let Some(identity) = mimic_identity() else {
        return;
    };
    let config = lb_common::config(&identity, &unique_user("lb-build"));
    let driver = lb_common::driver(&config).await;
    let mut request = CreateBalancer::new("slow", 8443, Protocol::Tcp);
    // mimic keeps a balancer with this metadata in BUILD for that many seconds.
    request
        .extra
        .insert("metadata".into(), serde_json::json!({"lb_building": "2"}));
    let created = driver.create_balancer(&request).await.unwrap();
    assert_eq!(created.state, BalancerState::Pending);
    let operation = created
        .operation
        .clone()
        .expect("a BUILD balancer has an operation");

    // A member added while it builds waits for ACTIVE instead of failing.
    let ip = "192.0.2.50".parse().unwrap();
    let member = driver
        .attach_member(&created.id, &MemberTarget::address(ip, 8443).with_weight(4))
        .await
        .unwrap();
    assert_eq!(
        (member.ip.as_str(), member.port, member.weight),
        ("192.0.2.50", 8443, Some(4))
    );
    let mut polls = 0;
    wait_for_operation(
        &operation,
        &lb_common::quick_wait(),
        || driver.operation_status(&operation),
        |_| polls += 1,
    )
    .await
    .unwrap();
    assert!(polls >= 1);
    let got = driver.get_balancer(&created.id).await.unwrap();
    assert_eq!(got.state, BalancerState::Running);

    let err = driver
        .attach_member(&created.id, &MemberTarget::address(ip, 8443))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(err.provider(), Some("rackspace"));
    lb_common::assert_no_secret(&err);

    driver.destroy_balancer(&created.id).await.unwrap();
    let left: Vec<_> = driver.list_balancers().try_collect().await.unwrap();
    assert!(left.iter().all(|b| b.id != created.id), "{left:?}");
    let err = driver.get_balancer(&created.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}
