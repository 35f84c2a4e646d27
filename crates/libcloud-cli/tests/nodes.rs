//! Node commands against the local provider, each run in a new process.

mod common;

use std::time::Duration;

use common::{BOOT_DELAY_MS, Sandbox};

fn state_of(node: &serde_json::Value) -> &str {
    node["state"].as_str().expect("node state is a string")
}

#[test]
fn create_list_boot_destroy() {
    let sb = Sandbox::new();
    let created = sb.json(&[
        "nodes",
        "create",
        "web-1",
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    let id = created["id"].as_str().expect("node id").to_string();
    assert_eq!(created["name"], "web-1");
    assert_eq!(created["size"], "small");
    assert_eq!(created["image"], "debian-12");

    let nodes = sb.nodes();
    assert_eq!(nodes.len(), 1, "{nodes:?}");
    assert_eq!(nodes[0]["id"], id.as_str());
    assert_eq!(nodes[0]["name"], "web-1");
    assert!(
        ["pending", "running"].contains(&state_of(&nodes[0])),
        "{nodes:?}"
    );

    std::thread::sleep(Duration::from_millis(BOOT_DELAY_MS * 3));
    let node = sb.json(&["nodes", "get", &id]);
    assert_eq!(state_of(&node), "running", "{node}");

    // The table form names the node too.
    let table = sb.run(&["nodes", "list"]).ok().stdout;
    let mut lines = table.lines();
    assert!(
        lines.next().unwrap_or_default().starts_with("ID "),
        "{table}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.starts_with(&id) && row.contains("web-1") && row.contains("running"),
        "{table}"
    );

    let done = sb.json(&["nodes", "destroy", &id]);
    assert_eq!(done["ok"], true);
    assert!(
        sb.nodes().iter().all(|n| n["id"] != id.as_str()),
        "destroyed node still listed"
    );
}

#[test]
fn create_with_wait_tags_and_key() {
    let sb = Sandbox::new();
    let key = sb.work("id.pub");
    std::fs::write(
        &key,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example\n",
    )
    .expect("write key");
    let node = sb.json(&[
        "nodes",
        "create",
        "db-1",
        "--size",
        "medium",
        "--image",
        "ubuntu-24.04",
        "--location",
        "local-2",
        "--tag",
        "env=prod",
        "--tag",
        "team=data",
        "--ssh-key",
        key.to_str().expect("utf-8 path"),
        "--wait",
    ]);
    assert_eq!(state_of(&node), "running", "{node}");
    assert_eq!(node["location"], "local-2");
    assert_eq!(node["tags"]["env"], "prod");
    assert_eq!(node["tags"]["team"], "data");
}

#[test]
fn wait_command_returns_running_node() {
    let sb = Sandbox::new();
    let created = sb.json(&[
        "nodes",
        "create",
        "w",
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    let id = created["id"].as_str().expect("id");
    let node = sb.json(&["nodes", "wait", id, "--timeout", "30"]);
    assert_eq!(node["id"], id);
    assert_eq!(state_of(&node), "running");
}

#[test]
fn twenty_concurrent_creates_all_land() {
    let sb = Sandbox::new();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let name = format!("node-{i}");
            sb.spawn(&[
                "nodes",
                "create",
                &name,
                "--size",
                "small",
                "--image",
                "debian-12",
                "--output",
                "json",
            ])
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for libcloud");
        assert!(
            out.status.success(),
            "a concurrent create failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let nodes = sb.nodes();
    assert_eq!(nodes.len(), 20);
    let mut names: Vec<&str> = nodes.iter().filter_map(|n| n["name"].as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 20, "{names:?}");
    let mut ids: Vec<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 20, "{ids:?}");
}

#[test]
fn catalog_lists_the_local_offerings() {
    let sb = Sandbox::new();
    let ids = |what: &str| -> Vec<String> {
        sb.json(&[what, "list"])
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|v| v["id"].as_str().map(String::from))
            .collect()
    };
    let sizes = ids("sizes");
    for s in ["small", "medium", "large"] {
        assert!(sizes.iter().any(|x| x == s), "{sizes:?}");
    }
    let images = ids("images");
    for i in ["debian-12", "ubuntu-24.04"] {
        assert!(images.iter().any(|x| x == i), "{images:?}");
    }
    let locations = ids("locations");
    for l in ["local-1", "local-2"] {
        assert!(locations.iter().any(|x| x == l), "{locations:?}");
    }
}
