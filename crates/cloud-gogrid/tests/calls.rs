//! GoGrid's provider-only calls and paging: two-page lists with passwords, the empty IP
//! pool, load balancers beyond the conformance suite, server edit, and the signature on
//! the wire.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, NodeState};
use cloud_core::load_balancer::{
    Algorithm, BalancerState, CreateBalancer, LoadBalancer, MemberTarget, Protocol,
};
use cloud_gogrid::{EditServer, GoGridCompute, GoGridLoadBalancer, sign};
use cloud_test::replay::Replay;
use futures::TryStreamExt;
use serde_json::json;
use std::net::IpAddr;

#[tokio::test]
async fn server_list_follows_two_pages_and_merges_passwords() {
    let replay = Replay::start("gogrid", "server-list-2-pages").await;
    let mut config = common::config(&replay);
    config.options.insert("page_size".into(), "2".into());
    let d = common::driver_with(config);
    let nodes: Vec<_> = d.list_nodes().try_collect().await.expect("list");
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["3212", "3213", "3214"]);
    assert_eq!(nodes[0].extra["password"], "zot40ced");
    assert!(!nodes[1].extra.contains_key("password"));
    assert_eq!(nodes[2].state, NodeState::Stopped);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn requests_carry_key_version_format_and_the_clock_signature() {
    let replay = Replay::start("gogrid", "edit-node").await;
    let d = common::driver(&replay);
    let node = d
        .edit_node(
            "3212",
            &EditServer {
                ram: Some("2GB".into()),
                description: Some("database".into()),
            },
        )
        .await
        .expect("edit");
    assert_eq!(node.size.as_deref(), Some("2GB"));
    assert_eq!(node.extra["description"], "database");
    replay.assert_all_used().await;

    let received = replay
        .server()
        .received_requests()
        .await
        .expect("recording");
    assert_eq!(received.len(), 1);
    let query: Vec<(String, String)> = received[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("api_key"), Some("[scrubbed]"));
    assert_eq!(get("v"), Some("1.8"));
    assert_eq!(get("format"), Some("json"));
    let want = sign::signature("[scrubbed]", "[scrubbed]", common::TEST_TIME);
    assert_eq!(get("sig"), Some(want.as_str()));
}

#[tokio::test]
async fn no_free_public_ip_is_quota_exceeded_and_adds_nothing() {
    let replay = Replay::start("gogrid", "no-free-ip").await;
    let d = common::driver(&replay);
    let mut request = CreateNode::new("web-9", "512MB", "117");
    request.location = Some("2".into());
    let err = d.create_node(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded, "{err}");
    assert!(err.message().contains("public IP"), "{err}");
    assert_eq!(replay.history().len(), 1, "{:?}", replay.history());
    replay.assert_all_used().await;
}

#[tokio::test]
async fn load_balancers_list_add_with_persistence_delete() {
    let replay = Replay::start("gogrid", "load-balancers").await;
    let d = common::lb_driver(&replay);
    let all: Vec<_> = d.list_balancers().try_collect().await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, "6372");
    assert_eq!(all[0].state, BalancerState::Running);
    assert_eq!(all[0].public_ips, ["204.51.240.181"]);
    assert_eq!(all[0].extra["virtual_ip"], "204.51.240.181:80");
    assert_eq!(all[0].extra["persistence"], "None");

    let ip = |text: &str| text.parse::<IpAddr>().expect("address");
    let mut request = CreateBalancer::new("web-lb", 80, Protocol::Tcp)
        .with_member(MemberTarget::address(ip("208.113.110.130"), 8080))
        .with_member(MemberTarget::address(ip("208.113.110.131"), 8080));
    request
        .extra
        .insert("virtual_ip".into(), json!("208.113.110.140"));
    request
        .extra
        .insert("persistence".into(), json!("source address sticky"));
    let added = d.create_balancer(&request).await.expect("add");
    assert_eq!(added.id, "6380", "read back by name after the add");
    assert_eq!(added.name, "web-lb");
    assert_eq!(added.algorithm, Algorithm::RoundRobin);
    assert_eq!(added.extra["persistence"], "Source Address Sticky");
    assert_eq!(added.listeners[0].port, 80);
    assert_eq!(added.listeners[0].protocol, Protocol::Tcp);

    d.destroy_balancer("6372").await.expect("delete");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_load_balancer_arguments_send_nothing() {
    let replay = Replay::empty().await;
    let d = common::lb_driver(&replay);
    let ip: IpAddr = "192.0.2.10".parse().unwrap();
    let base =
        CreateBalancer::new("lb", 80, Protocol::Tcp).with_member(MemberTarget::address(ip, 80));
    let kind = |r: cloud_core::Result<cloud_core::load_balancer::Balancer>| r.unwrap_err().kind();

    let mut no_members = base.clone();
    no_members.members.clear();
    assert_eq!(
        kind(d.create_balancer(&no_members).await),
        ErrorKind::InvalidInput
    );
    let mut long = base.clone();
    long.name = "x".repeat(21);
    assert_eq!(
        kind(d.create_balancer(&long).await),
        ErrorKind::InvalidInput
    );
    let http = CreateBalancer {
        protocol: Protocol::Http,
        ..base.clone()
    };
    assert_eq!(kind(d.create_balancer(&http).await), ErrorKind::Unsupported);
    let mut other_port = base.clone();
    other_port.target_port = Some(8080);
    assert_eq!(
        kind(d.create_balancer(&other_port).await),
        ErrorKind::Unsupported
    );
    let random = base.clone().with_algorithm(Algorithm::Random);
    assert_eq!(
        kind(d.create_balancer(&random).await),
        ErrorKind::Unsupported
    );
    let v6 = base
        .clone()
        .with_member(MemberTarget::address("2001:db8::1".parse().unwrap(), 80));
    assert_eq!(kind(d.create_balancer(&v6).await), ErrorKind::InvalidInput);
    let twice = base.clone().with_member(MemberTarget::address(ip, 80));
    assert_eq!(
        kind(d.create_balancer(&twice).await),
        ErrorKind::InvalidInput
    );
    for (key, value) in [
        ("virtual_ip", json!("not-an-ip")),
        ("persistence", json!("Cookie")),
        ("description", json!(5)),
        ("health", json!("x")),
    ] {
        let mut bad = base.clone();
        bad.extra.insert(key.into(), value);
        let err = d.create_balancer(&bad).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{key}: {err}");
        assert!(err.message().contains(key), "{err}");
    }
    assert_eq!(
        d.attach_member("7001", &MemberTarget::node("3212", 80))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Unsupported
    );
    assert_eq!(
        d.detach_member("7001", "3212").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        d.destroy_balancer("").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        common::driver(&replay)
            .edit_node("3212", &EditServer::default())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}

#[tokio::test]
async fn driver_is_reachable_from_a_dyn_handle() {
    let config = cloud_core::ProviderConfig {
        endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
        credentials: [
            ("api_key".to_string(), cloud_core::Secret::new("k")),
            ("secret".to_string(), cloud_core::Secret::new("s")),
        ]
        .into(),
        ..Default::default()
    };
    let dynamic = cloud_core::connect(&cloud_gogrid::GoGridFactory, &config)
        .await
        .expect("session")
        .compute()
        .expect("driver");
    assert!(dynamic.as_any().downcast_ref::<GoGridCompute>().is_some());
    let session = cloud_core::connect(&cloud_gogrid::GoGridFactory, &config)
        .await
        .expect("session");
    let balancers = session.load_balancer().expect("load balancer area");
    assert!(
        balancers
            .as_any()
            .downcast_ref::<GoGridLoadBalancer>()
            .is_some()
    );
}
