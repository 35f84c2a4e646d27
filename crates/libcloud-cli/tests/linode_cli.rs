//! The `libcloud` binary against a local server answering as Linode's API v4 reference
//! says (fixture scenarios in `fixtures/linode/`, replayed by `cloud-test`).
//!
//! Every test ends with `assert_all_used`: each interaction of the scenario was asked for
//! as often as written and no request went unmatched, which shows the binary made the
//! HTTP calls Linode expects, with the token from `LINODE_TOKEN` (the `cli-*` scenarios
//! match `Authorization: Bearer [scrubbed]`).

mod common;

use common::{ReplaySandbox, Run};
use serde_json::{Value, json};

/// The placeholder token; the `cli-*` scenarios expect it in `Authorization`.
const TOKEN: &str = "[scrubbed]";

/// A replay of `fixtures/linode/<scenario>` with `LINODE_TOKEN` set.
fn linode(scenario: &str) -> ReplaySandbox {
    ReplaySandbox::start("linode", scenario, &[("LINODE_TOKEN", TOKEN)])
}

/// Whether `line` is the warning the HTTP pipeline logs before it retries a call.
fn is_retry_warning(line: &str) -> bool {
    line.contains(" WARN ") && line.contains("retrying") && line.contains("provider=linode")
}

/// Asserts the `{"action", "id", "ok"}` object an action without a result prints.
#[track_caller]
fn assert_done(run: Run, action: &str, id: &str) {
    assert_eq!(
        run.quiet_ok().json(),
        json!({"action": action, "id": id, "ok": true})
    );
}

#[test]
fn nodes_list_follows_every_page() {
    let rs = linode("cli-list-pages");
    // The page size comes from the profile; the fixtures only answer `page_size=25`.
    rs.sandbox().write_config(
        "default_profile = \"lin\"\n\n[profiles.lin]\nprovider = \"linode\"\n\n\
         [profiles.lin.options]\npage_size = 25\n",
    );
    let nodes = rs.run_json(&["nodes", "list"]).quiet_ok().json();
    let nodes = nodes.as_array().expect("nodes list prints an array");

    // 25 + 25 + 4 instances, in the order Linode listed them.
    let ids: Vec<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
    let expected: Vec<String> = (1..=54).map(|n| (61_000_000 + n).to_string()).collect();
    assert_eq!(ids, expected);
    for (n, node) in (1..).zip(nodes) {
        assert_eq!(node["name"], format!("web-{n:03}"), "{node}");
        let state = match n {
            7 => "stopped",
            13 | 54 => "pending",
            26 => "stopping",
            40 => "rebooting",
            _ => "running",
        };
        assert_eq!(node["state"], state, "{node}");
        assert_eq!(node["image"], "linode/ubuntu24.04", "{node}");
    }

    // Addresses split into public and private; tags come back as a map.
    let fifth = &nodes[4];
    assert_eq!(
        fifth["public_ips"],
        json!(["198.51.100.5", "2001:db8:0:2::5"])
    );
    assert_eq!(fifth["private_ips"], json!(["192.168.130.5"]));
    assert_eq!(fifth["tags"], json!({"env": "prod", "role": "web"}));
    assert_eq!(fifth["location"], "ap-south");
    assert_eq!(fifth["size"], "g6-standard-2");
    assert_eq!(nodes[53]["extra"]["status"], "provisioning");
    rs.assert_all_used();
}

#[test]
fn create_start_reboot_stop_destroy() {
    let rs = linode("cli-lifecycle");
    let run = rs
        .command(&[
            "nodes",
            "create",
            "app-1",
            "--size",
            "g6-standard-1",
            "--image",
            "linode/ubuntu24.04",
            "--location",
            "eu-west",
            "--password-env",
            "APP_ROOT_PASS",
            "--output",
            "json",
        ])
        .env("APP_ROOT_PASS", "[scrubbed]")
        .output()
        .expect("run libcloud");
    let run = Run::from(run).quiet_ok();
    // The root password went out in the request (the fixture matches `root_pass`) and is
    // not printed back.
    assert!(!run.stdout.contains("[scrubbed]"), "{}", run.stdout);
    let node = run.json();
    assert_eq!(node["id"], "61000101");
    assert_eq!(node["name"], "app-1");
    assert_eq!(node["state"], "pending");
    assert_eq!(node["size"], "g6-standard-1");
    assert_eq!(node["image"], "linode/ubuntu24.04");
    assert_eq!(node["location"], "eu-west");
    assert_eq!(
        node["public_ips"],
        json!(["198.51.100.101", "2001:db8:0:2::65"])
    );
    assert_eq!(node["extra"]["status"], "provisioning");

    // Linode's boot, reboot and shutdown calls, then the delete.
    assert_done(
        rs.run_json(&["nodes", "start", "61000101"]),
        "start_node",
        "61000101",
    );
    assert_done(
        rs.run_json(&["nodes", "reboot", "61000101"]),
        "reboot_node",
        "61000101",
    );
    assert_done(
        rs.run_json(&["nodes", "stop", "61000101"]),
        "stop_node",
        "61000101",
    );
    assert_done(
        rs.run_json(&["nodes", "destroy", "61000101"]),
        "destroy_node",
        "61000101",
    );
    rs.assert_all_used();
}

#[test]
fn create_with_ssh_key_and_tags() {
    let rs = linode("cli-create-ssh-key");
    let key = rs.sandbox().work("ops.pub");
    std::fs::write(
        &key,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILSdoBzjvSn/CXGTevkt0Q16knrV0etw/U3JwhxRaZNn ops@example\n",
    )
    .expect("write key");
    let node = rs
        .run_json(&[
            "nodes",
            "create",
            "db-1",
            "--size",
            "g6-standard-2",
            "--image",
            "linode/debian12",
            "--location",
            "us-east",
            "--ssh-key",
            key.to_str().expect("utf-8 path"),
            "--tag",
            "role=db",
            "--tag",
            "env=prod",
        ])
        .quiet_ok()
        .json();
    assert_eq!(node["id"], "61000102");
    assert_eq!(node["name"], "db-1");
    assert_eq!(node["state"], "pending");
    assert_eq!(node["tags"], json!({"env": "prod", "role": "db"}));
    assert_eq!(node["private_ips"], json!(["192.168.131.102"]));
    rs.assert_all_used();
}

#[test]
fn invalid_token_is_invalid_credentials() {
    let rs = linode("errors-401");
    let line = rs
        .run(&["nodes", "list"])
        .failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("Invalid Token"), "{line}");
    assert!(line.contains("list_nodes"), "{line}");
    rs.assert_all_used();
}

#[test]
fn failed_json_list_is_not_valid_json() {
    // In JSON mode the list is streamed and a failure leaves the array unclosed: what
    // stdout holds is never valid JSON, so no reader can take it for an (empty) list.
    let rs = linode("errors-401");
    let run = rs.run_json(&["nodes", "list"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        serde_json::from_str::<Value>(&run.stdout).is_err(),
        "{:?}",
        run.stdout
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("error[invalid_credentials]: ") && lines[0].contains("Invalid Token"),
        "{}",
        run.stderr
    );
    rs.assert_all_used();
}

#[test]
fn missing_instance_is_not_found() {
    let rs = linode("errors-404");
    let line = rs
        .run(&["nodes", "get", "123"])
        .failed_with_kind(1, "not_found");
    assert!(line.contains("Not found"), "{line}");
    rs.assert_all_used();

    let rs = linode("cli-destroy-404");
    let line = rs
        .run(&["nodes", "destroy", "61999999"])
        .failed_with_kind(1, "not_found");
    assert!(line.contains("Not found"), "{line}");
    assert!(line.contains("destroy_node"), "{line}");
    rs.assert_all_used();
}

#[test]
fn field_error_is_invalid_input_naming_the_field() {
    let rs = linode("errors-400");
    let line = rs
        .run(&[
            "nodes",
            "create",
            "web-1",
            "--size",
            "g6-nanode-1",
            "--image",
            "linode/debian12",
            "--location",
            "mars-1",
        ])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("region: region is not valid"), "{line}");
    rs.assert_all_used();
}

#[test]
fn rate_limit_is_waited_out_then_the_list_succeeds() {
    let rs = linode("cli-429-then-ok");
    // At the default verbosity a retry that succeeds says nothing on stderr.
    let nodes = rs.run_json(&["nodes", "list"]).quiet_ok().json();
    let names: Vec<&str> = nodes
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(names, ["cache-1", "cache-2"]);
    assert_eq!(nodes[1]["state"], "stopped");
    // The 429 was answered once and the list once: one retry, no more.
    rs.assert_all_used();
}

#[test]
fn persistent_rate_limit_is_rate_limited() {
    let rs = linode("cli-429-persistent");
    // With `-v` every retry is logged.
    let (retries, run) = rs
        .run(&["-v", "nodes", "list"])
        .take_stderr_lines(is_retry_warning);
    let line = run.failed_with_kind(1, "rate_limited");
    assert!(line.contains("Too Many Requests"), "{line}");
    // Five attempts in all (the fixture answers exactly five), so four retries.
    assert_eq!(retries.len(), 4, "{retries:?}");
    assert!(retries[0].contains("Too Many Requests"), "{retries:?}");
    rs.assert_all_used();
}

#[test]
fn retry_after_beyond_the_retry_budget_fails_at_once() {
    let rs = linode("cli-429-long-retry-after");
    let line = rs
        .run(&["nodes", "list"])
        .failed_with_kind(1, "rate_limited");
    assert!(line.contains("Too Many Requests"), "{line}");
    // One request: a second would be unmatched and reported here.
    rs.assert_all_used();
}

#[test]
fn missing_token_sends_nothing() {
    let rs = ReplaySandbox::empty("linode", &[]);
    let line = rs
        .run(&["nodes", "list"])
        .failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("LINODE_TOKEN"), "{line}");
    rs.assert_all_used();
}

#[test]
fn non_numeric_id_sends_nothing() {
    let rs = ReplaySandbox::empty("linode", &[("LINODE_TOKEN", TOKEN)]);
    for args in [
        &["nodes", "destroy", "../regions"][..],
        &["nodes", "reboot", "web-1"][..],
    ] {
        let line = rs.run(args).failed_with_kind(1, "not_found");
        assert!(line.contains(args[2]), "{line}");
    }
    rs.assert_all_used();
}
