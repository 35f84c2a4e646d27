//! Driver behaviour beyond the conformance suite: provider-only calls, Linode's create
//! options, checks made before any request, paging parameters and the bearer token.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, NodeAuth, VolumeState};
use cloud_linode::{LinodeCompute, LinodeCreateOptions, LinodeFactory};
use cloud_test::replay::Replay;
use futures::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn instance(id: u64, label: &str) -> Value {
    json!({"id": id, "label": label, "status": "provisioning", "type": "g6-nanode-1",
           "region": "us-east", "image": "linode/debian12", "ipv4": ["203.0.113.9"],
           "ipv6": null, "created": "2024-05-02T09:14:00", "tags": []})
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn mount(replay: &Replay, mock: Mock) {
    replay.server().register(mock).await;
}

#[tokio::test]
async fn resize_volume_is_reachable_through_downcast() {
    let replay = Replay::empty().await;
    mount(
        &replay,
        Mock::given(method("POST"))
            .and(path("/v4/volumes/8001/resize"))
            .and(body_partial_json(json!({"size": 40})))
            .respond_with(ok(json!({"id": 8001, "label": "data", "size": 40,
                                    "status": "resizing", "region": "us-east",
                                    "linode_id": null})))
            .expect(1),
    )
    .await;
    let compute = cloud_core::connect(&LinodeFactory, &common::config(&replay))
        .await
        .unwrap()
        .compute()
        .unwrap();
    let linode = compute
        .as_any()
        .downcast_ref::<LinodeCompute>()
        .expect("the concrete driver");
    let volume = linode.resize_volume("8001", 40).await.unwrap();
    assert_eq!(volume.size_gib, 40);
    assert_eq!(volume.state, VolumeState::Unknown("resizing".into()));
    let err = linode.resize_volume("not-a-number", 40).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = linode.resize_volume("8001", 0).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_requests_are_refused_before_sending() {
    let replay = Replay::empty().await;
    let driver = common::driver(&replay);
    let bad_label = CreateNode {
        location: Some("us-east".into()),
        ..CreateNode::new("we--b", "g6-nanode-1", "linode/debian12")
    };
    let err = driver.create_node(&bad_label).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().starts_with("label: Label"), "{err}");
    assert_eq!(err.operation(), Some("create_node"));

    let mut unknown_option = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
    unknown_option.location = Some("us-east".into());
    unknown_option
        .options
        .insert("privateip".into(), json!(true));
    let err = driver.create_node(&unknown_option).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("privateip"), "{err}");

    let no_region = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
    let err = driver.create_node(&no_region).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().starts_with("region:"), "{err}");

    for id in ["", "abc", "../regions", "1/boot"] {
        assert_eq!(
            driver.get_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            driver.destroy_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            driver.reboot_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
    let err = driver.get_image("../profile").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(replay.history().is_empty(), "{:#?}", replay.history());
    replay.assert_all_used().await;
}

#[tokio::test]
async fn create_sends_linode_options_user_data_and_the_stored_key() {
    let replay = Replay::empty().await;
    let stored =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY k";
    mount(
        &replay,
        Mock::given(method("GET"))
            .and(path("/v4/profile/sshkeys"))
            .and(header("x-filter", r#"{"label":"deploy"}"#))
            .respond_with(ok(
                json!({"data": [{"id": 5, "label": "deploy", "ssh_key": stored}],
                                    "page": 1, "pages": 1, "results": 1}),
            ))
            .expect(1),
    )
    .await;
    mount(
        &replay,
        Mock::given(method("POST"))
            .and(path("/v4/linode/instances"))
            .and(header(
                "authorization",
                format!("Bearer {}", common::TOKEN).as_str(),
            ))
            .and(body_partial_json(json!({
                "label": "web-1", "region": "eu-west", "private_ip": true,
                "authorized_keys": [stored], "tags": ["role=web", "blue"],
                "metadata": {"user_data": "I2Nsb3VkLWNvbmZpZwo="}, "swap_size": 256
            })))
            .respond_with(ok(instance(61, "web-1")))
            .expect(1),
    )
    .await;
    let mut config = common::config(&replay);
    config.region = Some("eu-west".into());
    let driver = LinodeCompute::new(&config).unwrap();
    let mut request = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
    request.auth = Some(NodeAuth::KeyPairName {
        name: "deploy".into(),
    });
    request.tags.insert("role".into(), "web".into());
    request.user_data = Some("#cloud-config\n".into());
    request.options = LinodeCreateOptions {
        private_ip: true,
        swap_size: Some(256),
        tags: vec!["blue".into()],
        ..Default::default()
    }
    .into_options();
    let node = driver.create_node(&request).await.unwrap();
    assert_eq!(node.id, "61");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn lists_send_page_size_and_follow_pages() {
    let replay = Replay::empty().await;
    for page in 1..=3u64 {
        let items: Vec<Value> = (0..2).map(|i| instance(page * 10 + i, "fleet-a")).collect();
        mount(
            &replay,
            Mock::given(method("GET"))
                .and(path("/v4/linode/instances"))
                .and(query_param("page", page.to_string().as_str()))
                .and(query_param("page_size", "25"))
                .respond_with(ok(
                    json!({"data": items, "page": page, "pages": 3, "results": 6}),
                ))
                .expect(1),
        )
        .await;
    }
    let nodes: Vec<_> = common::driver(&replay)
        .list_nodes()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["10", "11", "20", "21", "30", "31"]);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn key_pairs_are_found_by_label_only_when_unambiguous() {
    let replay = Replay::empty().await;
    let key = |id: u64| json!({"id": id, "label": "twin", "ssh_key": "ssh-ed25519 AAAA x"});
    mount(
        &replay,
        Mock::given(method("GET"))
            .and(path("/v4/profile/sshkeys"))
            .respond_with(ok(json!({"data": [key(1), key(2),
                                             {"id": 3, "label": "other", "ssh_key": "x"}],
                                    "page": 1, "pages": 1, "results": 3}))),
    )
    .await;
    let driver = common::driver(&replay);
    let err = driver.get_key_pair("twin").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let err = driver.delete_key_pair("twin").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let err = driver.get_key_pair("none").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let other = driver.get_key_pair("other").await.unwrap();
    assert_eq!(other.extra["id"], 3);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn image_from_a_node_without_a_usable_disk_is_invalid_input() {
    let replay = Replay::empty().await;
    mount(
        &replay,
        Mock::given(method("GET"))
            .and(path("/v4/linode/instances/61/disks"))
            .respond_with(ok(
                json!({"data": [{"id": 2, "label": "swap", "filesystem": "swap"}],
                                    "page": 1, "pages": 1, "results": 1}),
            ))
            .expect(1),
    )
    .await;
    let err = common::driver(&replay)
        .create_image("61", "golden")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.operation(), Some("create_image"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn volumes_refuse_snapshots_and_options() {
    let replay = Replay::empty().await;
    let driver = common::driver(&replay);
    let from_snapshot = cloud_core::compute::CreateVolume {
        name: "data".into(),
        size_gib: 10,
        location: Some("us-east".into()),
        snapshot: Some("snap-1".into()),
        ..Default::default()
    };
    let err = driver.create_volume(&from_snapshot).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    let mut with_option = from_snapshot.clone();
    with_option.snapshot = None;
    with_option.options.insert("iops".into(), json!(3000));
    let err = driver.create_volume(&with_option).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(replay.history().is_empty());
}
