//! Error answers (a refused key, an expired token, faults, garbage), the provider-only
//! hard reboot, the SSH key, and inputs refused before any request is sent.

mod support;

use cloud_core::compute::{Compute, CreateNode, NodeAuth, NodeState};
use cloud_core::{ErrorKind, Secret};
use cloud_rackspace_first_gen::{RackspaceFirstGenCompute, RackspaceFirstGenFactory};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

fn driver(replay: &Replay, format: &str) -> RackspaceFirstGenCompute {
    RackspaceFirstGenCompute::new(&support::config(replay, format)).expect("driver")
}

#[tokio::test]
async fn a_refused_key_is_one_clear_error_without_the_key() {
    let replay = Replay::start("rackspace_first_gen", "errors-auth-refused").await;
    let mut config = support::config(&replay, "json");
    config
        .credentials
        .insert("api_key".into(), Secret::new("key-leak-check-91"));
    let d = RackspaceFirstGenCompute::new(&config).expect("driver");
    let err = d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.provider(), Some("rackspace_first_gen"));
    assert!(
        err.message().contains("refused the user name and API key"),
        "{err}"
    );
    for shown in [err.to_string(), format!("{err:?}"), format!("{d:?}")] {
        assert!(!shown.contains("leak-check"), "{shown}");
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_account_without_first_gen_servers_is_unsupported() {
    let replay = Replay::start("rackspace_first_gen", "errors-no-first-gen").await;
    let err = driver(&replay, "json").get_node("1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.message().contains("X-Server-Management-Url"), "{err}");
    assert_eq!(err.operation(), Some("authenticate"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_expired_token_logs_in_again_once() {
    let replay = Replay::start("rackspace_first_gen", "errors-token-expired").await;
    support::mount_logins(
        &replay,
        &["fixture-first-gen-token-1", "fixture-first-gen-token-2"],
    )
    .await;
    let nodes: Vec<_> = driver(&replay, "json")
        .list_nodes()
        .try_collect()
        .await
        .expect("listed after a second login");
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0].name, "web-1");
    assert_eq!(nodes[0].location.as_deref(), Some("us"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn over_limit_is_rate_limited_in_both_formats() {
    let replay = Replay::start("rackspace_first_gen", "errors-over-limit").await;
    // Two drivers, one login each.
    let token = "fixture-first-gen-token-1";
    support::mount_logins(&replay, &[token, token]).await;
    for format in ["xml", "json"] {
        // One attempt: the fault says when to come back, and this test does not wait.
        let mut config = support::config(&replay, format);
        config.options.insert("max_attempts".into(), "1".into());
        let d = RackspaceFirstGenCompute::new(&config).expect("driver");
        let err = if format == "xml" {
            d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err()
        } else {
            d.create_node(&CreateNode::new("db-1", "1", "119"))
                .await
                .unwrap_err()
        };
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{format}: {err}");
        assert_eq!(err.status(), Some(413));
        assert_eq!(err.code(), Some("overLimit"));
        assert!(err.is_retryable());
        assert!(
            err.message().contains("retry after 2010-08-01T00:00:00Z"),
            "{err}"
        );
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn build_in_progress_is_a_conflict() {
    let replay = Replay::start("rackspace_first_gen", "errors-build-in-progress").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let err = driver(&replay, "xml")
        .hard_reboot("21034274")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("buildInProgress"));
    assert!(err.message().contains("Server is being built"), "{err}");
    assert_eq!(err.operation(), Some("hard_reboot"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn garbage_answers_are_malformed() {
    let replay = Replay::start("rackspace_first_gen", "errors-malformed").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let d = driver(&replay, "json");
    let err = d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("list_nodes"));
    let err = d.list_sizes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    let err = d.get_node("21034001").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert!(err.message().contains("without an id"), "{err}");
    let err = d.list_images().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn hard_reboot_through_a_dyn_handle() {
    let replay = Replay::start("rackspace_first_gen", "hard-reboot-xml").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let dynamic = cloud_core::connect(&RackspaceFirstGenFactory, &support::config(&replay, "xml"))
        .await
        .expect("session")
        .compute()
        .expect("driver");
    let concrete = dynamic
        .as_any()
        .downcast_ref::<RackspaceFirstGenCompute>()
        .expect("a RackspaceFirstGenCompute");
    concrete.hard_reboot("21034001").await.expect("hard reboot");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn an_ssh_key_is_written_as_authorized_keys() {
    let replay = Replay::start("rackspace_first_gen", "ssh-key-xml").await;
    support::mount_logins(&replay, &["fixture-first-gen-token-1"]).await;
    let request = CreateNode {
        auth: Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixture key@example".into(),
        }),
        ..CreateNode::new("db-1", "1", "119")
    };
    let node = driver(&replay, "xml")
        .create_node(&request)
        .await
        .expect("created");
    assert_eq!(node.id, "21034300");
    assert_eq!(node.state, NodeState::Pending);
    assert_eq!(node.extra["admin_pass"], "db-1Hk8sP3");
    assert_eq!(node.public_ips, ["192.0.2.61"]);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_arguments_send_no_request() {
    let replay = Replay::empty().await;
    let d = driver(&replay, "json");
    let cases = [
        (CreateNode::new(" ", "1", "119"), ErrorKind::InvalidInput),
        (
            CreateNode::new("x", "no-such-size", "119"),
            ErrorKind::InvalidInput,
        ),
        (CreateNode::new("x", "1", "ubuntu"), ErrorKind::InvalidInput),
        (
            CreateNode {
                location: Some("uk".into()),
                ..CreateNode::new("x", "1", "119")
            },
            ErrorKind::InvalidInput,
        ),
        (
            CreateNode {
                auth: Some(NodeAuth::Password {
                    password: Secret::new("pw"),
                }),
                ..CreateNode::new("x", "1", "119")
            },
            ErrorKind::Unsupported,
        ),
        (
            CreateNode {
                user_data: Some("#!/bin/sh".into()),
                ..CreateNode::new("x", "1", "119")
            },
            ErrorKind::Unsupported,
        ),
        (
            CreateNode {
                tags: (0..6).map(|i| (format!("k{i}"), "v".to_string())).collect(),
                ..CreateNode::new("x", "1", "119")
            },
            ErrorKind::InvalidInput,
        ),
    ];
    for (request, kind) in cases {
        let err = d.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{request:?}: {err}");
    }
    for id in ["does-not-exist", "../1", ""] {
        assert_eq!(
            d.get_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.reboot_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.destroy_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.delete_image(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
    assert_eq!(
        d.create_image("1", " ").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        d.get_image("ubuntu").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let err = d.list_volumes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    let locations: Vec<_> = d.list_locations().try_collect().await.expect("no request");
    assert_eq!(locations[0].id, "us");
    assert!(replay.history().is_empty(), "{:?}", replay.history());
    replay.assert_all_used().await;
}
