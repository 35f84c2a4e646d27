//! Malformed fixture files and missing folders fail loudly, naming the file.

#[path = "common/panics.rs"]
mod panics;

use std::path::PathBuf;

use cloud_test::replay::{Replay, fixtures_dir};
use panics::panic_message;

fn malformed(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("malformed")
        .join(case)
}

/// Loads a malformed case and checks the panic names its file and says `expect`.
async fn assert_rejected(case: &str, file: &str, expect: &str) {
    let msg = panic_message(Replay::start_dir(malformed(case))).await;
    let path = malformed(case).join(file);
    assert!(
        msg.contains(&path.display().to_string()),
        "message should name {}: {msg}",
        path.display()
    );
    assert!(msg.contains(expect), "message should say {expect:?}: {msg}");
}

#[tokio::test]
async fn invalid_json_names_file_and_serde_error() {
    assert_rejected("bad-json", "001-truncated.json", "EOF while parsing").await;
}

#[tokio::test]
async fn unknown_fields_are_rejected() {
    assert_rejected("unknown-field", "001-typo.json", "unknown field `bodyjson`").await;
}

#[tokio::test]
async fn two_bodies_are_rejected() {
    assert_rejected("two-bodies", "001-two.json", "more than one of body_json").await;
}

#[tokio::test]
async fn a_missing_body_file_is_rejected() {
    assert_rejected("missing-body-file", "001-missing.json", "001-missing.body").await;
}

#[tokio::test]
async fn zero_times_is_rejected() {
    assert_rejected("zero-times", "001-zero.json", "`times` must be at least 1").await;
}

#[tokio::test]
async fn a_query_in_the_path_is_rejected() {
    assert_rejected("query-in-path", "001-query.json", "put query parameters in").await;
}

#[tokio::test]
async fn an_invalid_header_name_is_rejected() {
    assert_rejected(
        "bad-header",
        "001-header.json",
        "\"bad header\" is not a header name",
    )
    .await;
}

#[tokio::test]
async fn a_missing_scenario_names_its_folder() {
    let msg = panic_message(Replay::start("no-such-provider", "no-such-scenario")).await;
    let want = fixtures_dir()
        .join("no-such-provider")
        .join("no-such-scenario");
    assert!(msg.contains(&want.display().to_string()), "{msg}");
    assert!(msg.contains("does not exist"), "{msg}");
}

#[test]
fn fixtures_dir_is_the_workspace_folder() {
    let dir = fixtures_dir();
    assert!(
        dir.join("README.md").is_file(),
        "{} should hold the fixture format README",
        dir.display()
    );
    assert!(dir.ends_with("fixtures"), "{}", dir.display());
}

#[tokio::test]
async fn no_body_with_a_body_matcher_is_rejected() {
    assert_rejected(
        "no-body-with-body",
        "001-conflict.json",
        "request.no_body cannot be combined with body_json",
    )
    .await;
}
