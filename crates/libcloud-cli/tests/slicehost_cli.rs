//! The `libcloud` binary against a local server answering as the Slicehost API did
//! (fixture scenarios in `fixtures/slicehost/`, replayed by `cloud-test`).
//!
//! Slicehost is defunct, so every command that connects prints one warning line on
//! stderr first and otherwise behaves as for any provider. The `cli-*` scenarios match
//! the HTTP Basic `Authorization` header made from `SLICEHOST_API_KEY`.

mod common;

use common::{ReplaySandbox, Run};
use serde_json::json;

/// When the provider closed, as the warning names it.
const DEFUNCT_SINCE: &str = "2012";

/// A replay of `fixtures/slicehost/<scenario>` with `SLICEHOST_API_KEY` set to the
/// placeholder the fixtures expect.
fn slicehost(scenario: &str) -> ReplaySandbox {
    ReplaySandbox::start(
        "slicehost",
        scenario,
        &[("SLICEHOST_API_KEY", "[scrubbed]")],
    )
}

/// Checks the defunct warning and returns the run without it.
#[track_caller]
fn warned(run: Run) -> Run {
    run.without_defunct_warning("slicehost", DEFUNCT_SINCE)
}

#[test]
fn list_create_reboot_destroy() {
    let rs = slicehost("cli-lifecycle");

    let nodes = warned(rs.run_json(&["nodes", "list"])).quiet_ok().json();
    let nodes = nodes.as_array().expect("nodes list prints an array");
    assert_eq!(nodes.len(), 2, "{nodes:?}");
    assert_eq!(nodes[0]["id"], "70001");
    assert_eq!(nodes[0]["name"], "web-1");
    assert_eq!(nodes[0]["state"], "running");
    assert_eq!(nodes[0]["public_ips"], json!(["192.0.2.21"]));
    assert_eq!(nodes[0]["private_ips"], json!(["10.176.165.21"]));
    assert_eq!(nodes[0]["size"], "2");
    assert_eq!(nodes[0]["image"], "10");
    assert_eq!(nodes[1]["id"], "70002");
    assert_eq!(nodes[1]["state"], "rebooting");

    let node = warned(rs.run_json(&["nodes", "create", "web-2", "--size", "2", "--image", "10"]))
        .quiet_ok()
        .json();
    assert_eq!(node["id"], "70003");
    assert_eq!(node["name"], "web-2");
    assert_eq!(node["state"], "pending");
    assert_eq!(node["public_ips"], json!(["192.0.2.23"]));
    // Slicehost generates the root password and answers it once, to the create.
    assert_eq!(node["extra"]["root_password"], "web-2Kq4Zt8");

    let done = warned(rs.run_json(&["nodes", "reboot", "70003"]))
        .quiet_ok()
        .json();
    assert_eq!(
        done,
        json!({"action": "reboot_node", "id": "70003", "ok": true})
    );
    let done = warned(rs.run_json(&["nodes", "destroy", "70003"]))
        .quiet_ok()
        .json();
    assert_eq!(
        done,
        json!({"action": "destroy_node", "id": "70003", "ok": true})
    );
    rs.assert_all_used();
}

#[test]
fn table_output_gets_the_warning_too() {
    let rs = slicehost("cli-lifecycle");
    let table = warned(rs.run(&["nodes", "list"])).quiet_ok().stdout;
    let mut lines = table.lines();
    assert!(
        lines.next().unwrap_or_default().starts_with("ID "),
        "{table}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.starts_with("70001") && row.contains("web-1") && row.contains("running"),
        "{table}"
    );
    // Only the list was asked for.
    assert_eq!(
        rs.history(),
        ["GET /slices.xml -> 001-list-slices.json"],
        "{:?}",
        rs.history()
    );
}

#[test]
fn access_denied_is_invalid_credentials() {
    let rs = slicehost("errors-401");
    let line = warned(rs.run(&["nodes", "list"])).failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("HTTP Basic: Access denied."), "{line}");
    rs.assert_all_used();
}

#[test]
fn validation_errors_are_invalid_input_with_the_message() {
    let rs = slicehost("errors-422");
    let line = warned(rs.run(&["nodes", "create", "db-1", "--size", "1", "--image", "10"]))
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("Name has already been taken"), "{line}");
    rs.assert_all_used();
}

#[test]
fn missing_slice_is_not_found() {
    let rs = slicehost("cli-404-reboot");
    let line = warned(rs.run(&["nodes", "reboot", "70999"])).failed_with_kind(1, "not_found");
    assert!(line.contains("reboot_node"), "{line}");
    rs.assert_all_used();
}

#[test]
fn refused_before_any_request() {
    let rs = ReplaySandbox::empty("slicehost", &[("SLICEHOST_API_KEY", "[scrubbed]")]);
    // Slice ids are numbers.
    let line = warned(rs.run(&["nodes", "destroy", "web-1"])).failed_with_kind(1, "not_found");
    assert!(line.contains("web-1"), "{line}");
    // Slicehost generates the root password; the CLI's `--password-env` cannot be sent.
    let run = rs
        .command(&[
            "nodes",
            "create",
            "web-9",
            "--size",
            "1",
            "--image",
            "10",
            "--password-env",
            "SLICE_PASS",
        ])
        .env("SLICE_PASS", "[scrubbed]")
        .output()
        .expect("run libcloud");
    let line = warned(Run::from(run)).failed_with_kind(1, "unsupported");
    assert!(line.contains("first-login credentials"), "{line}");
    rs.assert_all_used();
}

#[test]
fn missing_api_key_names_the_variable() {
    let rs = ReplaySandbox::empty("slicehost", &[]);
    let line = warned(rs.run(&["nodes", "list"])).failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("SLICEHOST_API_KEY"), "{line}");
    rs.assert_all_used();
}
