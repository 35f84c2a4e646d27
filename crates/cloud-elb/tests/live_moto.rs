//! Live tests against moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by `cargo xtask test`).
//! Each test works on balancers of its own unique names and deletes them at the end.

mod common;

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{
    Algorithm, CreateBalancer, HealthCheck, LoadBalancer, MemberTarget, Protocol, UpdateBalancer,
};
use cloud_elb::{ElbLoadBalancer, FLOW_HASH, LEAST_OUTSTANDING_REQUESTS};
use cloud_test::conformance::load_balancer::run;
use futures::TryStreamExt;

async fn names(driver: &ElbLoadBalancer) -> Vec<String> {
    let listed: Vec<_> = driver.list_balancers().try_collect().await.unwrap();
    listed.into_iter().map(|b| b.name).collect()
}

#[tokio::test]
async fn conformance_against_moto() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "eu-south-2"));
    run(&driver, &common::plan(&common::unique_name("conf"))).await;
}

#[tokio::test]
async fn network_balancers_health_checks_and_updates() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "ap-southeast-3"));
    let name = common::unique_name("nlb");
    let mut request = CreateBalancer::new(&name, 5432, Protocol::Tcp)
        .with_algorithm(Algorithm::Other(FLOW_HASH.into()))
        .with_member(MemberTarget::address("172.31.9.1".parse().unwrap(), 5432));
    request.health_check = Some(HealthCheck::tcp(5432));
    let created = driver.create_balancer(&request).await.unwrap();
    assert_eq!(created.extra["type"], "network");
    assert_eq!(created.algorithm, Algorithm::Other(FLOW_HASH.into()));
    let got = driver.get_balancer(&name).await.unwrap();
    assert_eq!(got.id, created.id, "a name works as an id");
    let check = got.health_check.clone().unwrap();
    assert_eq!((check.protocol, check.port), (Protocol::Tcp, 5432));
    let err = driver
        .update_balancer(
            &created.id,
            &UpdateBalancer {
                algorithm: Some(Algorithm::RoundRobin),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let rename = UpdateBalancer {
        name: Some("other".into()),
        ..Default::default()
    };
    let err = driver
        .update_balancer(&created.id, &rename)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    driver.destroy_balancer(&created.id).await.unwrap();
    assert!(!names(&driver).await.contains(&name));

    let name = common::unique_name("alb");
    let created = driver
        .create_balancer(&CreateBalancer::new(&name, 80, Protocol::Http))
        .await
        .unwrap();
    let update = UpdateBalancer {
        algorithm: Some(Algorithm::Other(LEAST_OUTSTANDING_REQUESTS.into())),
        health_check: Some(HealthCheck::http(8080, "/healthz")),
        ..Default::default()
    };
    let updated = driver.update_balancer(&created.id, &update).await.unwrap();
    assert_eq!(
        updated.algorithm,
        Algorithm::Other(LEAST_OUTSTANDING_REQUESTS.into())
    );
    let check = updated.health_check.unwrap();
    assert_eq!(
        (check.protocol, check.port, check.path.as_deref()),
        (Protocol::Http, 8080, Some("/healthz"))
    );
    driver.destroy_balancer(&created.id).await.unwrap();
}

#[tokio::test]
async fn taken_names_and_failed_creates_leave_nothing_behind() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "ap-northeast-3"));
    let name = common::unique_name("dup");
    let first = driver
        .create_balancer(&CreateBalancer::new(&name, 80, Protocol::Http))
        .await
        .unwrap();
    let err = driver
        .create_balancer(&CreateBalancer::new(&name, 81, Protocol::Http))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    let still = driver.get_balancer(&first.id).await.unwrap();
    assert_eq!(
        still.listeners[0].port, 80,
        "the first balancer is untouched"
    );
    driver.destroy_balancer(&first.id).await.unwrap();

    let before = names(&driver).await;
    let ghost = CreateBalancer::new(common::unique_name("ghost"), 80, Protocol::Http)
        .with_member(MemberTarget::node("i-0123456789abcdef0", 80));
    let err = driver.create_balancer(&ghost).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(err.message().contains("i-0123456789abcdef0"), "{err}");
    common::assert_no_secret(&err);
    assert_eq!(names(&driver).await, before);
}
