//! GoGrid's provider-only calls and paging: two-page lists with passwords, the empty IP
//! pool, load balancers, server edit, and the signature on the wire.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, NodeState};
use cloud_gogrid::{EditServer, GoGridCompute, IpPort, NewLoadBalancer, sign};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

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
async fn load_balancers_list_add_delete() {
    let replay = Replay::start("gogrid", "load-balancers").await;
    let d = common::driver(&replay);
    let all: Vec<_> = d.list_load_balancers().try_collect().await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id.as_deref(), Some("6372"));
    assert_eq!(all[0].real_ips.len(), 2);

    let added = d
        .create_load_balancer(&NewLoadBalancer {
            name: "web-lb".into(),
            virtual_ip: IpPort {
                ip: "208.113.110.140".into(),
                port: 80,
            },
            real_ips: vec![
                IpPort {
                    ip: "208.113.110.130".into(),
                    port: 8080,
                },
                IpPort {
                    ip: "208.113.110.131".into(),
                    port: 8080,
                },
            ],
            description: None,
            algorithm: None,
            persistence: Some("Source Address Sticky".into()),
        })
        .await
        .expect("add");
    assert_eq!(added.name, "web-lb");
    assert_eq!(added.id, None, "GoGrid assigns the id later");
    assert_eq!(added.persistence.as_deref(), Some("Source Address Sticky"));
    assert_eq!(added.real_ips[1].port, 8080);

    d.delete_load_balancer("6372").await.expect("delete");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_load_balancer_arguments_send_nothing() {
    let replay = Replay::empty().await;
    let d = common::driver(&replay);
    let base = NewLoadBalancer {
        name: "lb".into(),
        virtual_ip: IpPort {
            ip: "1.2.3.4".into(),
            port: 80,
        },
        real_ips: vec![],
        description: None,
        algorithm: None,
        persistence: None,
    };
    let err = d.create_load_balancer(&base).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let long = NewLoadBalancer {
        name: "x".repeat(21),
        ..base.clone()
    };
    assert_eq!(
        d.create_load_balancer(&long).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        d.delete_load_balancer("").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        d.edit_node("3212", &EditServer::default())
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
}
