//! The `libcloud` binary against a local server answering as GoGrid's API 1.8 reference
//! described it (fixture scenarios in `fixtures/gogrid/`, replayed by `cloud-test`).
//!
//! GoGrid is defunct, so every command that connects prints one warning line on stderr
//! first. The `cli-*` scenarios match the `api_key`, `v` and `format` parameters the
//! driver signs each call with, so they show the key from `GOGRID_API_KEY` was used; the
//! `sig` parameter depends on the time and is not matched.

mod common;

use common::{ReplaySandbox, Run};
use serde_json::json;

/// When the provider closed, as the warning names it.
const DEFUNCT_SINCE: &str = "2019-05-31";

/// The credential variables set to the placeholder the fixtures expect.
const CREDENTIALS: &[(&str, &str)] = &[
    ("GOGRID_API_KEY", "[scrubbed]"),
    ("GOGRID_SECRET", "[scrubbed]"),
];

/// A replay of `fixtures/gogrid/<scenario>` with the GoGrid credentials set.
fn gogrid(scenario: &str) -> ReplaySandbox {
    ReplaySandbox::start("gogrid", scenario, CREDENTIALS)
}

/// Checks the defunct warning and returns the run without it.
#[track_caller]
fn warned(run: Run) -> Run {
    run.without_defunct_warning("gogrid", DEFUNCT_SINCE)
}

#[test]
fn list_create_reboot_destroy() {
    let rs = gogrid("cli-lifecycle");

    // The password list, then the servers; each server gets its password.
    let nodes = warned(rs.run_json(&["nodes", "list"])).quiet_ok().json();
    let nodes = nodes.as_array().expect("nodes list prints an array");
    assert_eq!(nodes.len(), 2, "{nodes:?}");
    assert_eq!(nodes[0]["id"], "51001");
    assert_eq!(nodes[0]["name"], "web01");
    assert_eq!(nodes[0]["state"], "running");
    assert_eq!(nodes[0]["size"], "1GB");
    assert_eq!(nodes[0]["image"], "1531");
    assert_eq!(nodes[0]["location"], "2");
    assert_eq!(nodes[0]["public_ips"], json!(["192.0.2.10"]));
    assert_eq!(nodes[0]["extra"]["password"], "Hq7tWm3e");
    assert_eq!(nodes[1]["id"], "51002");
    assert_eq!(nodes[1]["state"], "stopped");
    assert!(nodes[1]["extra"].get("password").is_none(), "{}", nodes[1]);

    // A free public IP of data centre 2 is looked up and the first one is used.
    let node = warned(rs.run_json(&[
        "nodes",
        "create",
        "web02",
        "--size",
        "1GB",
        "--image",
        "1531",
        "--location",
        "2",
    ]))
    .quiet_ok()
    .json();
    assert_eq!(node["id"], "51003");
    assert_eq!(node["name"], "web02");
    assert_eq!(node["state"], "pending");
    assert_eq!(node["public_ips"], json!(["192.0.2.20"]));
    assert_eq!(node["location"], "2");

    let done = warned(rs.run_json(&["nodes", "reboot", "51003"]))
        .quiet_ok()
        .json();
    assert_eq!(
        done,
        json!({"action": "reboot_node", "id": "51003", "ok": true})
    );
    let done = warned(rs.run_json(&["nodes", "destroy", "51003"]))
        .quiet_ok()
        .json();
    assert_eq!(
        done,
        json!({"action": "destroy_node", "id": "51003", "ok": true})
    );
    rs.assert_all_used();
}

#[test]
fn bad_key_is_invalid_credentials() {
    let rs = gogrid("errors-403");
    let line = warned(rs.run(&["nodes", "list"])).failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("Invalid API key or signature."), "{line}");
    assert!(line.contains("AuthenticationException"), "{line}");
    rs.assert_all_used();
}

#[test]
fn unknown_call_is_not_found() {
    let rs = gogrid("errors-404");
    let line = warned(rs.run(&["nodes", "start", "3212"])).failed_with_kind(1, "not_found");
    assert!(line.contains("start_node"), "{line}");
    rs.assert_all_used();
}

#[test]
fn no_object_found_is_not_found() {
    let rs = gogrid("cli-no-object-found");
    let line = warned(rs.run(&["nodes", "destroy", "59999"])).failed_with_kind(1, "not_found");
    assert!(
        line.contains("No object found that matches your input criteria."),
        "{line}"
    );
    rs.assert_all_used();
}

#[test]
fn no_free_ip_is_quota_exceeded_and_adds_nothing() {
    let rs = gogrid("no-free-ip");
    let line = warned(rs.run(&[
        "nodes",
        "create",
        "web03",
        "--size",
        "512MB",
        "--image",
        "117",
        "--location",
        "2",
    ]))
    .failed_with_kind(1, "quota_exceeded");
    assert!(line.contains("no unassigned public IP"), "{line}");
    assert!(line.contains("data centre 2"), "{line}");
    // Only the IP list was asked for: an add would be unmatched and reported here.
    rs.assert_all_used();
}

#[test]
fn missing_secret_names_the_variable() {
    let rs = ReplaySandbox::empty("gogrid", &[("GOGRID_API_KEY", "[scrubbed]")]);
    let line = warned(rs.run(&["nodes", "list"])).failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("GOGRID_SECRET"), "{line}");
    rs.assert_all_used();
}
