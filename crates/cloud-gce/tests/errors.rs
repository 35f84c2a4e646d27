//! Error answers, refused tokens, and input refused before anything is sent.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode, CreateVolume, NodeAuth};
use cloud_core::{Secret, compute::ComputeFeature};
use cloud_gce::GceCreateOptions;
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn a_refused_token_is_fetched_again_once() {
    let replay = common::replay("errors").await;
    let (compute, tokens) = common::counting_driver(&replay);
    let node = compute.get_node("web-1").await.unwrap();
    assert_eq!(node.id, "us-central1-a/web-1");
    assert_eq!(
        tokens.fetched(),
        2,
        "one token, then one more after the 401"
    );
    let history = replay.history();
    assert!(history[0].contains("001-get-unauthorized"), "{history:?}");
    assert!(history[1].contains("002-get-with-new-token"), "{history:?}");
}

#[tokio::test]
async fn an_explicit_token_refused_is_invalid_credentials() {
    let replay = common::replay("token-refused").await;
    let compute = common::driver(&replay);
    let err = compute.get_node("web-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    assert_eq!(err.code(), Some("authError"));
    common::assert_no_token(&err);
    let sent = replay.history().len();
    assert!(
        (1..=2).contains(&sent),
        "sent {sent}: {:?}",
        replay.history()
    );
}

#[tokio::test]
async fn provider_reasons_become_typed_errors() {
    let replay = common::replay("errors").await;
    let (compute, _) = common::counting_driver(&replay);
    compute.get_node("web-1").await.unwrap();

    let request = CreateNode::new("web-1", "e2-small", "debian-cloud/family/debian-12");
    let exists = compute.create_node(&request).await.unwrap_err();
    assert_eq!(exists.kind(), ErrorKind::AlreadyExists);
    assert_eq!(exists.code(), Some("alreadyExists"));
    assert_eq!(exists.operation(), Some("create_node"));

    let snapshots: Vec<_> = compute.list_snapshots().try_collect().await.unwrap();
    assert!(
        snapshots.is_empty(),
        "the rate-limited list was tried again"
    );

    let quota = compute
        .create_volume(&CreateVolume {
            name: "more-disk".into(),
            size_gib: 500,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(quota.kind(), ErrorKind::QuotaExceeded);
    assert!(quota.message().contains("SSD_TOTAL_GB"), "{quota}");
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let replay = Replay::empty().await;
    let compute = common::driver(&replay);
    let good = || CreateNode::new("web-1", "e2-small", "debian-cloud/family/debian-12");
    let mut typo = good();
    typo.options.insert("extrnal_ip".into(), false.into());
    let mut bad_tag = good();
    bad_tag.options = GceCreateOptions {
        network_tags: vec!["HTTP server".into()],
        ..Default::default()
    }
    .into_options();
    let cases: Vec<(&str, CreateNode, ErrorKind)> = vec![
        (
            "bad name",
            CreateNode {
                name: "Web_1".into(),
                ..good()
            },
            ErrorKind::InvalidInput,
        ),
        (
            "bad size",
            CreateNode {
                size: "e2/small".into(),
                ..good()
            },
            ErrorKind::InvalidInput,
        ),
        (
            "bad image",
            CreateNode {
                image: "a/b/c/d".into(),
                ..good()
            },
            ErrorKind::InvalidInput,
        ),
        (
            "a region as location",
            CreateNode {
                location: Some("us-central1".into()),
                ..good()
            },
            ErrorKind::InvalidInput,
        ),
        (
            "password",
            CreateNode {
                auth: Some(NodeAuth::Password {
                    password: Secret::new("hunter2-secret"),
                }),
                ..good()
            },
            ErrorKind::Unsupported,
        ),
        (
            "bad label",
            CreateNode {
                tags: [("Owner".to_string(), "me".to_string())].into(),
                ..good()
            },
            ErrorKind::InvalidInput,
        ),
        ("unknown option", typo, ErrorKind::InvalidInput),
        ("bad network tag", bad_tag, ErrorKind::InvalidInput),
    ];
    for (what, request, kind) in cases {
        let err = compute.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(!err.to_string().contains("hunter2-secret"), "{err}");
    }
    for id in [
        "../etc",
        "us-central1-a/a/b",
        "us-central1-a/Web?x=1",
        "nowhere/web-1",
    ] {
        let err = compute.get_node(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id}");
        let err = compute.destroy_node(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id}");
    }
    let err = compute
        .create_volume(&CreateVolume {
            name: "data".into(),
            size_gib: 0,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = compute
        .attach_volume("us-east1-b/data", "us-central1-a/web-1", None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let err = compute
        .delete_image("debian-cloud/debian-12-x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let err = compute.destroy_snapshot("../x").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    for unsupported in [
        compute.get_key_pair("k").await.unwrap_err(),
        compute
            .import_key_pair("k", "ssh-ed25519 AAAA k")
            .await
            .unwrap_err(),
    ] {
        assert_eq!(unsupported.kind(), ErrorKind::Unsupported);
    }
    assert!(
        !compute
            .capabilities()
            .supports(ComputeFeature::AuthPassword)
    );
    assert!(replay.history().is_empty(), "{:?}", replay.history());
}

#[tokio::test]
async fn a_missing_project_fails_each_call_and_a_bad_zone_is_refused_at_connect() {
    use futures::StreamExt;

    let replay = Replay::empty().await;
    let mut config = common::config(&replay);
    config.options.remove("project");
    let compute = cloud_gce::GceCompute::new(&config).expect("connects without a project");
    assert_eq!(compute.project(), "");
    let err = compute.list_nodes().next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
    assert!(err.message().contains("GOOGLE_CLOUD_PROJECT"), "{err}");
    let err = compute.get_node("us-central1-a/web-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
    assert!(
        replay.history().is_empty(),
        "nothing sent: {:?}",
        replay.history()
    );
    let mut config = common::config(&replay);
    config.options.insert("zone".into(), "us-central1".into());
    let err = cloud_gce::GceCompute::new(&config).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let mut config = common::config(&replay);
    config.options.remove("zone");
    config.region = Some("europe-west4-b".into());
    let compute = cloud_gce::GceCompute::new(&config).unwrap();
    assert_eq!(compute.default_zone(), Some("europe-west4-b"));
    assert_eq!(compute.project(), common::PROJECT);
}
