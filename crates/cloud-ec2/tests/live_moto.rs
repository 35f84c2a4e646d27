//! Live tests against moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by `cargo xtask test`).
//! Each test works in its own region, so they run in parallel against one moto without
//! seeing each other's resources; names are unique per run.

mod common;

use std::collections::BTreeMap;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, CreateVolume, NodeState, VolumeState};
use cloud_ec2::{Ec2CreateOptions, Filter, IngressRule, is_dry_run_success};
use cloud_test::conformance::compute::run;
use futures::TryStreamExt;

#[tokio::test]
async fn conformance_against_moto() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let region = "eu-west-2";
    let driver = common::driver(&common::conformance_config(&endpoint, region));
    let mut plan = common::plan(region);
    plan.node_name = common::unique("conformance-node");
    plan.key_pair_name = common::unique("conformance-key");
    plan.image_name = common::unique("conformance-image");
    run(&driver, &plan).await;
}

#[tokio::test]
async fn listing_follows_next_token_across_pages() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let region = "ca-central-1";
    let mut config = common::config(&endpoint, region);
    config.options.insert("page_size".into(), "5".into());
    let driver = common::driver(&config);
    let tag = common::unique("paging");
    let mut created = Vec::new();
    for i in 0..7 {
        let mut request = CreateNode::new(format!("{tag}-{i}"), "t3.nano", common::IMAGE);
        request.tags.insert("batch".into(), tag.clone());
        created.push(driver.create_node(&request).await.unwrap().id);
    }
    let listed: Vec<String> = driver
        .list_nodes()
        .map_ok(|n| n.id)
        .try_collect()
        .await
        .unwrap();
    for id in &created {
        assert!(listed.contains(id), "{id} missing from {listed:?}");
    }
    for id in &created {
        driver.destroy_node(id).await.unwrap();
    }
}

#[tokio::test]
async fn node_actions_change_what_moto_reports() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "ap-south-1"));
    let mut request = CreateNode::new(common::unique("actions"), "t3.micro", common::IMAGE);
    request.user_data = Some("#!/bin/sh\necho hello\n".into());
    request.idempotency_key = Some(common::unique("key"));
    let node = driver.create_node(&request).await.unwrap();
    assert_eq!(node.name, request.name);
    let got = driver.get_node(&node.id).await.unwrap();
    assert_eq!(got.state, NodeState::Running);
    assert!(!got.private_ips.is_empty());
    assert_eq!(
        got.extra["client_token"],
        request.idempotency_key.clone().unwrap()
    );
    driver.stop_node(&node.id).await.unwrap();
    let stopped = driver.get_node(&node.id).await.unwrap().state;
    assert!(
        matches!(stopped, NodeState::Stopped | NodeState::Stopping),
        "{stopped}"
    );
    driver.start_node(&node.id).await.unwrap();
    driver.reboot_node(&node.id).await.unwrap();
    driver.destroy_node(&node.id).await.unwrap();
    let gone = driver.get_node(&node.id).await.unwrap().state;
    assert!(
        matches!(gone, NodeState::Terminated | NodeState::Terminating),
        "{gone}"
    );

    let err = driver.get_node("i-0000000000000dead").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("InvalidInstanceID.NotFound"));
    common::assert_no_secret(&err);
}

#[tokio::test]
async fn dry_runs_and_state_conflicts() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "eu-north-1"));
    let request = CreateNode::new(common::unique("dry"), "t3.micro", common::IMAGE);
    driver.check_create_node(&request).await.unwrap();
    let mut dry = request.clone();
    dry.options = Ec2CreateOptions {
        dry_run: true,
        ..Default::default()
    }
    .into_options();
    let err = driver.create_node(&dry).await.unwrap_err();
    assert!(is_dry_run_success(&err), "{err}");
    let launched: Vec<_> = driver.list_nodes().try_collect().await.unwrap();
    assert!(
        !launched.iter().any(|n| n.name == request.name),
        "a dry run launched {launched:?}"
    );

    let node = driver.create_node(&request).await.unwrap();
    let volume = driver
        .create_volume(&CreateVolume {
            name: common::unique("busy"),
            size_gib: 2,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(volume.location.as_deref(), Some("eu-north-1a"));
    driver
        .attach_volume(&volume.id, &node.id, None)
        .await
        .unwrap();
    let attached = driver.get_volume(&volume.id).await.unwrap();
    assert_eq!(attached.state, VolumeState::InUse);
    assert_eq!(attached.extra["device"], "/dev/sdf");
    let err = driver.destroy_volume(&volume.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.code(), Some("VolumeInUse"));
    driver.detach_volume(&volume.id).await.unwrap();
    let err = driver.detach_volume(&volume.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    driver.destroy_volume(&volume.id).await.unwrap();
    driver.destroy_node(&node.id).await.unwrap();
}

#[tokio::test]
async fn provider_only_calls() {
    let Some(endpoint) = common::moto_endpoint() else {
        return;
    };
    let driver = common::driver(&common::config(&endpoint, "ap-northeast-1"));
    let node = driver
        .create_node(&CreateNode::new(
            common::unique("extras"),
            "t3.micro",
            common::IMAGE,
        ))
        .await
        .unwrap();

    let group = driver
        .create_security_group(&common::unique("sg"), "libcloud test group", None)
        .await
        .unwrap();
    let rule = IngressRule::tcp(22, ["10.0.0.0/8"]);
    driver.authorize_ingress(&group, &rule).await.unwrap();
    driver.revoke_ingress(&group, &rule).await.unwrap();
    driver.delete_security_group(&group).await.unwrap();
    let err = driver.delete_security_group(&group).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

    let ip = driver.allocate_address().await.unwrap();
    assert!(ip.allocation_id.starts_with("eipalloc-"), "{ip:?}");
    let association = driver
        .associate_address(&ip.allocation_id, &node.id)
        .await
        .unwrap();
    let with_ip = driver.get_node(&node.id).await.unwrap();
    assert!(with_ip.public_ips.contains(&ip.public_ip), "{with_ip:?}");
    driver.disassociate_address(&association).await.unwrap();
    driver.release_address(&ip.allocation_id).await.unwrap();

    let mut tags = BTreeMap::new();
    tags.insert("owner".to_string(), "team-a".to_string());
    driver.create_tags(&[&node.id], &tags).await.unwrap();
    assert_eq!(
        driver.get_node(&node.id).await.unwrap().tags["owner"],
        "team-a"
    );
    driver.delete_tags(&[&node.id], &["owner"]).await.unwrap();
    assert!(
        !driver
            .get_node(&node.id)
            .await
            .unwrap()
            .tags
            .contains_key("owner")
    );

    let console = driver.console_output(&node.id).await.unwrap();
    assert!(!console.is_empty());

    let regions: Vec<_> = driver.list_regions().try_collect().await.unwrap();
    assert!(regions.iter().any(|r| r.id == "ap-northeast-1"));
    let zones: Vec<_> = driver.list_locations().try_collect().await.unwrap();
    assert!(
        zones.iter().all(|z| z.extra["region"] == "ap-northeast-1"),
        "{zones:?}"
    );
    assert_eq!(zones[0].country.as_deref(), Some("JP"));

    let images: Vec<_> = driver
        .list_images_with(
            &["amazon".to_string()],
            &[Filter::new("name", ["amzn-ami-hvm-*"])],
        )
        .try_collect()
        .await
        .unwrap();
    assert!(!images.is_empty());
    assert!(images.iter().all(|i| i.name.starts_with("amzn-ami-hvm-")));
    let own: Vec<_> = driver.list_images().try_collect().await.unwrap();
    assert!(
        own.is_empty(),
        "Owner.1=self lists no public image: {own:?}"
    );

    driver.destroy_node(&node.id).await.unwrap();
}
