//! Hand-written scenarios (`fixtures/ec2/*`, written from the EC2 API reference):
//! throttling, bad credentials, missing resources, malformed answers and paging.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, CreateNode};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

const REGION: &str = "us-east-1";

fn driver(replay: &Replay) -> cloud_ec2::Ec2Compute {
    common::driver(&common::config(&replay.uri(), REGION))
}

/// The `ClientToken` of every `RunInstances` the server received.
async fn client_tokens(replay: &Replay) -> Vec<String> {
    let requests = replay
        .server()
        .received_requests()
        .await
        .unwrap_or_default();
    requests
        .iter()
        .filter_map(|r| {
            let form: Vec<(String, String)> =
                url::form_urlencoded::parse(&r.body).into_owned().collect();
            form.iter()
                .any(|(k, v)| k == "Action" && v == "RunInstances")
                .then(|| {
                    form.iter()
                        .find(|(k, _)| k == "ClientToken")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
        })
        .collect()
}

#[tokio::test]
async fn throttled_launch_is_retried_with_the_same_client_token() {
    let replay = Replay::start("ec2", "throttling").await;
    let node = driver(&replay)
        .create_node(&CreateNode::new(
            "throttled-web",
            "t3.micro",
            "ami-0abcdef1234567890",
        ))
        .await
        .unwrap();
    assert_eq!(node.id, "i-0a1b2c3d4e5f60001");
    assert_eq!(node.name, "throttled-web");
    replay.assert_all_used().await;
    let tokens = client_tokens(&replay).await;
    assert_eq!(tokens.len(), 2, "{tokens:?}");
    assert!(!tokens[0].is_empty());
    assert_eq!(tokens[0], tokens[1], "the retry must reuse the token");
}

#[tokio::test]
async fn auth_failure_is_not_retried_and_keeps_the_provider_message() {
    let replay = Replay::start("ec2", "auth-failure").await;
    let err = driver(&replay)
        .list_nodes()
        .next()
        .await
        .expect("one item")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(!err.is_retryable());
    assert_eq!(err.code(), Some("AuthFailure"));
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.message(),
        "AWS was not able to validate the provided access credentials"
    );
    assert_eq!(
        err.request_id(),
        Some("b4e1cb34-7e62-4fb3-a1c5-authfail0001")
    );
    assert_eq!(err.provider(), Some("ec2"));
    assert_eq!(err.operation(), Some("DescribeInstances"));
    common::assert_no_secret(&err);
    // One request only: a retry would have been unmatched.
    replay.assert_all_used().await;
}

#[tokio::test]
async fn missing_resources_are_not_found_and_malformed_ids_invalid_input() {
    let replay = Replay::start("ec2", "not-found").await;
    let d = driver(&replay);
    let err = d.get_node("i-0123456789abcdef0").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("InvalidInstanceID.NotFound"));
    assert_eq!(
        err.to_string(),
        "ec2 DescribeInstances: InvalidInstanceID.NotFound: The instance ID \
         'i-0123456789abcdef0' does not exist (request c1a0a3e4-notfound-0001)"
    );
    let err = d.get_image("ami-00000000000000000").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = d.get_key_pair("missing-key").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = d.detach_volume("vol-00000000000000000").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = d.get_node("web-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.code(), Some("InvalidInstanceID.Malformed"));
    let err = d.get_image("ami-0deregistered000000").await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "an empty answer is not found"
    );
    replay.assert_all_used().await;
}

/// The first item of a list, which must be an error.
async fn first_error<T: std::fmt::Debug>(
    mut list: cloud_core::BoxStream<'_, cloud_core::Result<T>>,
) -> cloud_core::Error {
    list.next().await.expect("one item").unwrap_err()
}

#[tokio::test]
async fn malformed_answers_are_malformed_response() {
    let replay = Replay::start("ec2", "malformed").await;
    let d = driver(&replay);
    let err = first_error(d.list_nodes()).await;
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("DescribeInstances"));
    let err = first_error(d.list_images()).await;
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("ListAllMyBucketsResult"), "{err}");
    let err = first_error(d.list_key_pairs()).await;
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    let err = first_error(d.list_volumes()).await;
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn describe_instances_follows_next_token_over_three_pages() {
    let replay = Replay::start("ec2", "paging").await;
    let mut config = common::config(&replay.uri(), REGION);
    config.options.insert("page_size".into(), "5".into());
    let d = common::driver(&config);
    let names: Vec<String> = d
        .list_nodes()
        .map_ok(|n| n.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names,
        ["page-1-a", "page-1-b", "page-2-a", "page-2-b", "page-3-a"]
    );
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 3, "{:#?}", replay.history());
}

#[tokio::test]
async fn nodes_as_json_follow_next_token_and_are_the_nodes_json() {
    let listing = |replay: &Replay| {
        let mut config = common::config(&replay.uri(), REGION);
        config.options.insert("page_size".into(), "5".into());
        common::driver(&config)
    };
    let replay = Replay::start("ec2", "paging").await;
    let nodes: Vec<cloud_core::compute::Node> =
        listing(&replay).list_nodes().try_collect().await.unwrap();
    let replay = Replay::start("ec2", "paging").await;
    let json: Vec<cloud_core::compute::NodeJson> = listing(&replay)
        .list_nodes_json()
        .try_collect()
        .await
        .unwrap();
    replay.assert_all_used().await;
    assert_eq!(json.len(), 5);
    for (json, node) in json.iter().zip(&nodes) {
        assert_eq!(json.as_bytes(), serde_json::to_vec(node).unwrap());
    }
    let names: Vec<serde_json::Value> = json
        .iter()
        .map(|j| j.to_value().unwrap()["name"].clone())
        .collect();
    assert_eq!(
        names,
        ["page-1-a", "page-1-b", "page-2-a", "page-2-b", "page-3-a"]
    );

    let replay = Replay::start("ec2", "malformed").await;
    let err = first_error(driver(&replay).list_nodes_json()).await;
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("DescribeInstances"));
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let replay = Replay::empty().await;
    let d = driver(&replay);
    let mut bad_auth = CreateNode::new("n", "t3.micro", "ami-1");
    bad_auth.auth = Some(cloud_core::compute::NodeAuth::Password {
        password: cloud_core::Secret::new("hunter2-hunter2"),
    });
    let mut bad_key = CreateNode::new("n", "t3.micro", "ami-1");
    bad_key.auth = Some(cloud_core::compute::NodeAuth::SshKey {
        public_key: "not a key".into(),
    });
    for (request, kind) in [
        (
            CreateNode::new("n", "no-such-size", "ami-1"),
            ErrorKind::InvalidInput,
        ),
        (
            CreateNode::new("n", "t3.micro", ""),
            ErrorKind::InvalidInput,
        ),
        (bad_auth, ErrorKind::Unsupported),
        (bad_key, ErrorKind::InvalidInput),
    ] {
        let err = d.create_node(&request).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert!(!err.to_string().contains("hunter2"));
    }
    assert_eq!(
        d.get_node("").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        d.import_key_pair("k", "ssh-rsa").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        d.create_image("i-1", "x").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    replay.assert_all_used().await;
}
