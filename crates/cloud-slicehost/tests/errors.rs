//! Error answers, the hard reboot, and inputs refused before any request is sent.

use cloud_core::compute::{Compute, CreateNode, NodeAuth, NodeState};
use cloud_core::{ErrorKind, Secret};
use cloud_slicehost::{SlicehostCompute, SlicehostFactory};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

fn driver(replay: &Replay) -> SlicehostCompute {
    let mut config = replay.config();
    config
        .credentials
        .insert("api_key".into(), Secret::new("[scrubbed]"));
    SlicehostCompute::new(&config).expect("driver")
}

#[tokio::test]
async fn basic_auth_denial_is_invalid_credentials() {
    let replay = Replay::start("slicehost", "errors-401").await;
    let mut config = replay.config();
    config
        .credentials
        .insert("api_key".into(), Secret::new("key-leak-check-91"));
    let d = SlicehostCompute::new(&config).expect("driver");
    let err = d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.provider(), Some("slicehost"));
    assert_eq!(err.operation(), Some("list_nodes"));
    for shown in [err.to_string(), format!("{err:?}"), format!("{d:?}")] {
        assert!(!shown.contains("leak-check"), "{shown}");
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn validation_errors_are_invalid_input() {
    let replay = Replay::start("slicehost", "errors-422").await;
    let d = driver(&replay);
    let err = d
        .create_node(&CreateNode::new("db-1", "1", "10"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.message(), "Name has already been taken");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn delete_refusal_is_permission_denied() {
    let replay = Replay::start("slicehost", "errors-permission").await;
    let d = driver(&replay);
    let err = d.destroy_node("51834").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    assert!(err.message().contains("slice deletes"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn garbage_answers_are_malformed() {
    let replay = Replay::start("slicehost", "errors-malformed").await;
    let d = driver(&replay);
    let err = d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("list_nodes"));
    let err = d.list_sizes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    let err = d.get_node("51834").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn server_errors_are_retried() {
    let replay = Replay::start("slicehost", "errors-500-retried").await;
    let d = driver(&replay);
    let images: Vec<_> = d.list_images().try_collect().await.expect("retried");
    assert_eq!(images.len(), 4);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn hard_reboot_through_a_dyn_handle() {
    let replay = Replay::start("slicehost", "hard-reboot").await;
    let mut config = replay.config();
    config
        .credentials
        .insert("api_key".into(), Secret::new("[scrubbed]"));
    let dynamic = cloud_core::connect(&SlicehostFactory, &config)
        .await
        .expect("session")
        .compute()
        .expect("driver");
    let concrete = dynamic
        .as_any()
        .downcast_ref::<SlicehostCompute>()
        .expect("a SlicehostCompute");
    let node = concrete.hard_reboot("51834").await.expect("hard reboot");
    assert_eq!(node.id, "51834");
    assert_eq!(node.state, NodeState::Rebooting);
    assert_eq!(node.extra["status"], "hard_reboot");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_arguments_send_no_request() {
    let replay = Replay::empty().await;
    let d = driver(&replay);
    let cases = [
        (CreateNode::new("", "1", "10"), ErrorKind::InvalidInput),
        (
            CreateNode::new("x", "no-such-size", "10"),
            ErrorKind::InvalidInput,
        ),
        (CreateNode::new("x", "1", "ubuntu"), ErrorKind::InvalidInput),
        (
            CreateNode {
                location: Some("dfw".into()),
                ..CreateNode::new("x", "1", "10")
            },
            ErrorKind::InvalidInput,
        ),
        (
            CreateNode {
                auth: Some(NodeAuth::Password {
                    password: Secret::new("pw"),
                }),
                ..CreateNode::new("x", "1", "10")
            },
            ErrorKind::Unsupported,
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
    }
    assert_eq!(
        d.get_image("ubuntu").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    for err in [
        d.list_key_pairs()
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err(),
        d.list_volumes().try_collect::<Vec<_>>().await.unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
    assert_eq!(
        d.create_image("1", "img").await.unwrap_err().kind(),
        ErrorKind::Unsupported
    );
    assert!(replay.history().is_empty(), "{:?}", replay.history());
    replay.assert_all_used().await;
}
