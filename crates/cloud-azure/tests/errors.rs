//! Error answers become typed errors: an expired token is fetched again once, a
//! throttled call is retried after `Retry-After`, refusals keep Azure's code, and bad
//! input is refused before anything is sent.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, CreateVolume, NodeAuth};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn a_rejected_token_is_fetched_again_once_and_errors_are_typed() {
    let replay = common::replay("errors").await;
    let (compute, tokens) = common::driver_with(&common::config(&replay));
    let node = compute.get_node("web-1").await.unwrap();
    assert_eq!(node.id, "web-1");
    assert_eq!(tokens.fetched(), 2, "one new token after the 401");

    let locations: Vec<_> = compute.list_locations().try_collect().await.unwrap();
    assert_eq!(locations.len(), 1, "retried after the 429");

    let err = compute
        .list_volumes()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.code(), Some("AuthorizationFailed"));
    assert_eq!(
        err.request_id(),
        Some("5f1c2b9e-0000-4000-8000-000000000005")
    );
    common::assert_no_token(&err);

    let err = compute.destroy_volume("data-2").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.code(), Some("OperationNotAllowed"));
    assert!(err.message().contains("is attached to VM"), "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let replay = Replay::empty().await;
    let compute = common::driver(&replay);
    let key = Some(NodeAuth::SshKey {
        public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA".into(),
    });
    let image = "Canonical:ubuntu-24_04-lts:server:latest";
    let cases = [
        CreateNode::new("../etc", "Standard_B1s", image),
        CreateNode::new("web-1", "no-such-size", image),
        CreateNode::new("web-1", "Standard_B1s", "ubuntu"),
        CreateNode::new("web-1", "Standard_B1s", image),
        CreateNode {
            auth: Some(NodeAuth::SshKey {
                public_key: "not a key".into(),
            }),
            ..CreateNode::new("web-1", "Standard_B1s", image)
        },
        CreateNode {
            location: Some("West Europe".into()),
            auth: key.clone(),
            ..CreateNode::new("web-1", "Standard_B1s", image)
        },
    ];
    for request in cases {
        let err = compute.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{request:?}: {err}");
    }
    let mut password = CreateNode::new("web-1", "Standard_B1s", image);
    password.auth = Some(NodeAuth::Password {
        password: cloud_core::Secret::new("hunter2-hunter2"),
    });
    let err = compute.create_node(&password).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    for id in ["a/b", "..", "", "x y"] {
        assert_eq!(
            compute.get_node(id).await.unwrap_err().kind(),
            ErrorKind::InvalidInput,
            "{id:?}"
        );
    }
    let volume = CreateVolume {
        name: "data".into(),
        size_gib: 0,
        ..Default::default()
    };
    assert_eq!(
        compute.create_volume(&volume).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        compute
            .attach_volume("data", "web-1", Some("/dev/sdf"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}

#[tokio::test]
async fn a_missing_subscription_or_resource_group_fails_at_the_first_call() {
    let replay = Replay::empty().await;
    let mut config = common::config(&replay);
    config.options.remove("resource_group");
    let (compute, _) = common::driver_with(&config);
    let err = compute.get_node("web-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("resource_group"), "{err}");
    config.options.remove("subscription_id");
    let (compute, _) = common::driver_with(&config);
    let err = compute
        .list_locations()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("subscription_id"), "{err}");
    assert!(replay.history().is_empty());
}
