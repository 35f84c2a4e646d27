//! GoGrid error answers mapped to kinds, and inputs refused before any request.

mod common;

use cloud_core::ErrorKind;
use cloud_core::Secret;
use cloud_core::compute::{Compute, CreateNode, NodeAuth};
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn bad_key_is_invalid_credentials() {
    let replay = Replay::start("gogrid", "errors-403").await;
    let mut config = common::config(&replay);
    config
        .credentials
        .insert("api_key".into(), Secret::new("key-leak-check-81"));
    config
        .credentials
        .insert("secret".into(), Secret::new("secret-leak-check-82"));
    let d = common::driver_with(config);
    let err = d.list_nodes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.code(), Some("AuthenticationException"));
    for shown in [err.to_string(), format!("{err:?}"), format!("{d:?}")] {
        assert!(!shown.contains("leak-check"), "{shown}");
    }
    replay.assert_all_used().await;
}

#[tokio::test]
async fn password_list_without_rights_still_lists_servers() {
    let replay = Replay::start("gogrid", "errors-401-passwords").await;
    let d = common::driver(&replay);
    let nodes: Vec<_> = d.list_nodes().try_collect().await.expect("list");
    assert_eq!(nodes.len(), 1);
    assert!(!nodes[0].extra.contains_key("password"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let replay = Replay::start("gogrid", "errors-500").await;
    let d = common::driver(&replay);
    let err = d.get_node("3212").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider, "{err}");
    assert_eq!(err.status(), Some(500));
    assert!(err.is_retryable());
    assert_eq!(replay.history().len(), 3, "{:?}", replay.history());
    replay.assert_all_used().await;
}

#[tokio::test]
async fn unknown_call_is_not_found() {
    let replay = Replay::start("gogrid", "errors-404").await;
    let d = common::driver(&replay);
    let err = d.start_node("3212").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.operation(), Some("start_node"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn garbage_answers_are_malformed() {
    let replay = Replay::start("gogrid", "errors-malformed").await;
    let d = common::driver(&replay);
    let err = d.list_images().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("list_images"));
    let err = d.get_node("3212").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    let err = d.list_sizes().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_arguments_send_no_request() {
    let replay = Replay::empty().await;
    let d = common::driver(&replay);
    let with = |f: fn(&mut CreateNode)| {
        let mut r = CreateNode::new("web-1", "512MB", "117");
        f(&mut r);
        r
    };
    let cases = [
        (with(|r| r.name = String::new()), ErrorKind::InvalidInput),
        (with(|r| r.name = "x".repeat(21)), ErrorKind::InvalidInput),
        (with(|r| r.size = " ".into()), ErrorKind::InvalidInput),
        (with(|r| r.image = String::new()), ErrorKind::InvalidInput),
        (
            with(|r| {
                r.options
                    .insert("ip".into(), serde_json::json!(["1.2.3.4"]));
            }),
            ErrorKind::InvalidInput,
        ),
        (
            with(|r| {
                r.auth = Some(NodeAuth::Password {
                    password: Secret::new("pw"),
                })
            }),
            ErrorKind::Unsupported,
        ),
        (
            with(|r| {
                r.tags.insert("a".into(), "b".into());
            }),
            ErrorKind::Unsupported,
        ),
    ];
    for (request, kind) in cases {
        let err = d.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{request:?}: {err}");
    }
    for id in ["", "  ", "a\nb"] {
        assert_eq!(
            d.get_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.destroy_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.reboot_node(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            d.delete_image(id).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
    assert_eq!(
        d.create_image("3212", " ").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let err = d
        .list_key_pairs()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}
