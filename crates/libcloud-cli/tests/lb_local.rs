//! `libcloud lb …` on the local provider: the lifecycle across processes, members by node
//! and by address, bad input as one line that changes nothing, and 20 processes adding
//! members to one balancer at once.

mod common;

use common::Sandbox;
use serde_json::Value;

fn node(sb: &Sandbox, name: &str) -> String {
    let node = sb.json(&[
        "nodes",
        "create",
        name,
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    node["id"].as_str().expect("a node id").to_string()
}

fn members(sb: &Sandbox, id: &str) -> Vec<Value> {
    sb.json(&["lb", "members", "list", id])
        .as_array()
        .expect("members list prints an array")
        .clone()
}

#[test]
fn balancer_lifecycle_with_node_and_address_members() {
    let sb = Sandbox::new();
    let (web1, web2) = (node(&sb, "web-1"), node(&sb, "web-2"));
    let lb = sb.json(&[
        "lb",
        "create",
        "front",
        "--port",
        "80",
        "--protocol",
        "http",
        "--algorithm",
        "least_connections",
        "--target-port",
        "8080",
        "--member",
        &web1,
        "--member",
        &format!("{web2}:9090"),
    ]);
    for field in ["id", "name", "port", "protocol", "state"] {
        assert!(lb.get(field).is_some(), "no {field} in {lb}");
    }
    assert_eq!(lb["port"], 80);
    assert_eq!(lb["protocol"], "http");
    let id = lb["id"].as_str().unwrap().to_string();

    let got = sb.json(&["lb", "get", &id]);
    assert_eq!(got["name"], "front");
    assert_eq!(got["algorithm"], "least_connections");
    let listed = sb.json(&["lb", "list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let two = members(&sb, &id);
    assert_eq!(two.len(), 2, "{two:?}");
    let by_node = |n: &str| two.iter().find(|m| m["node_id"] == n).cloned().unwrap();
    assert_eq!(
        by_node(&web1)["port"],
        8080,
        "a node without a port gets the target port"
    );
    assert_eq!(by_node(&web2)["port"], 9090);

    // Two ports of one address are two members.
    let a = sb.json(&["lb", "members", "add", &id, "192.0.2.10:80"]);
    let b = sb.json(&["lb", "members", "add", &id, "192.0.2.10:81"]);
    assert_ne!(a["id"], b["id"]);
    assert_eq!(members(&sb, &id).len(), 4);

    let web1_member = by_node(&web1)["id"].as_str().unwrap().to_string();
    sb.run(&["lb", "members", "remove", &id, &web1_member]).ok();
    assert!(
        members(&sb, &id)
            .iter()
            .all(|m| m["node_id"] != web1.as_str())
    );
    sb.json(&["lb", "members", "add", &id, &web1]);
    assert_eq!(members(&sb, &id).len(), 4);

    sb.run(&["lb", "destroy", &id]).ok();
    let line = sb.run(&["lb", "get", &id]).failed_with_one_line(1);
    assert!(line.starts_with("error[not_found]"), "{line}");
}

#[test]
fn protocols_and_algorithms_are_listed() {
    let sb = Sandbox::new();
    let protocols = sb.json(&["lb", "protocols"]);
    let names: Vec<&str> = protocols
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"http") && names.contains(&"tcp"),
        "{names:?}"
    );
    let algorithms = sb.json(&["lb", "algorithms"]);
    assert!(
        algorithms
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "round_robin"),
        "{algorithms}"
    );
}

#[test]
fn bad_input_is_one_line_and_creates_nothing() {
    let sb = Sandbox::new();
    let web = node(&sb, "web");
    let create = |extra: &[&str]| {
        let mut args = vec!["lb", "create", "x", "--protocol", "tcp"];
        args.extend_from_slice(extra);
        sb.run(&args).failed_with_one_line(1)
    };
    for (port, what) in [("0", "0"), ("70000", "70000")] {
        let line = create(&["--port", port]);
        assert!(
            line.starts_with("error[invalid_input]") && line.contains(what),
            "{line}"
        );
    }
    let line = create(&["--port", "80", "--algorithm", "telepathy"]);
    assert!(line.contains("telepathy"), "{line}");
    let line = create(&["--port", "80", "--member", "node-nope"]);
    assert!(
        line.starts_with("error[not_found]") && line.contains("node-nope"),
        "{line}"
    );
    assert_eq!(sb.json(&["lb", "list"]), serde_json::json!([]));

    let lb = sb.json(&[
        "lb",
        "create",
        "ok",
        "--port",
        "80",
        "--protocol",
        "tcp",
        "--member",
        &web,
    ]);
    let id = lb["id"].as_str().unwrap();
    let line = sb
        .run(&["lb", "members", "add", "lb-nope", "192.0.2.1:80"])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[not_found]"), "{line}");
    let line = sb
        .run(&["lb", "members", "remove", id, "member-nope"])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[not_found]"), "{line}");
    let line = sb
        .run(&["lb", "members", "add", id, "192.0.2.1"])
        .failed_with_one_line(1);
    assert!(line.contains("needs a port"), "{line}");
    assert_eq!(members(&sb, id).len(), 1);
}

#[test]
fn twenty_processes_adding_members_at_once_leave_twenty_more() {
    let sb = Sandbox::new();
    let lb = sb.json(&[
        "lb",
        "create",
        "busy",
        "--port",
        "443",
        "--protocol",
        "tcp",
        "--member",
        "192.0.2.200:443",
    ]);
    let id = lb["id"].as_str().unwrap().to_string();
    let children: Vec<_> = (1..=20)
        .map(|i| sb.spawn(&["lb", "members", "add", &id, &format!("192.0.2.{i}:443")]))
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for libcloud");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(members(&sb, &id).len(), 21);
}
