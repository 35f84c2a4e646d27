//! Key pairs, volumes, snapshots and server images against the local provider.

mod common;

use common::Sandbox;

#[test]
fn key_pairs_show_the_private_key_once() {
    let sb = Sandbox::new();
    let created = sb.run(&["keypairs", "create", "deploy"]).ok();
    assert!(created.stdout.contains("PRIVATE KEY"), "{}", created.stdout);
    assert!(created.stderr.contains("deploy"), "{}", created.stderr);

    let listed = sb.json(&["keypairs", "list"]);
    let pair = &listed[0];
    assert_eq!(pair["name"], "deploy");
    assert!(pair["private_key"].is_null(), "{listed}");
    assert!(!listed.to_string().contains("PRIVATE KEY"));

    let json = sb.json(&["keypairs", "create", "second"]);
    assert!(
        json["private_key"]
            .as_str()
            .is_some_and(|k| k.contains("PRIVATE KEY")),
        "{json}"
    );

    let public = sb.work("k.pub");
    std::fs::write(
        &public,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n",
    )
    .expect("write key");
    let imported = sb.json(&[
        "keypairs",
        "import",
        "mine",
        public.to_str().expect("utf-8"),
    ]);
    assert_eq!(imported["name"], "mine");
    assert!(imported["private_key"].is_null());

    sb.run(&["keypairs", "delete", "deploy"]).ok();
    let names: Vec<String> = sb
        .json(&["keypairs", "list"])
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|k| k["name"].as_str().map(String::from))
        .collect();
    assert!(!names.contains(&"deploy".to_string()), "{names:?}");
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn volumes_attach_snapshot_and_images() {
    let sb = Sandbox::new();
    let node = sb.json(&[
        "nodes",
        "create",
        "host",
        "--size",
        "small",
        "--image",
        "debian-12",
        "--wait",
    ]);
    let node_id = node["id"].as_str().expect("node id");

    let volume = sb.json(&["volumes", "create", "data", "--size", "10"]);
    let vol_id = volume["id"].as_str().expect("volume id");
    assert_eq!(volume["size_gib"], 10);

    sb.run(&["volumes", "attach", vol_id, node_id, "--device", "/dev/sdf"])
        .ok();
    let volumes = sb.json(&["volumes", "list"]);
    assert_eq!(volumes[0]["attached_to"], node_id, "{volumes}");
    assert_eq!(volumes[0]["state"], "in_use", "{volumes}");

    let snap = sb.json(&["snapshots", "create", vol_id, "--name", "before"]);
    let snap_id = snap["id"].as_str().expect("snapshot id");
    assert_eq!(snap["volume_id"], vol_id);
    let snaps = sb.json(&["snapshots", "list"]);
    assert_eq!(snaps.as_array().map(Vec::len), Some(1), "{snaps}");

    sb.run(&["volumes", "detach", vol_id]).ok();
    assert!(sb.json(&["volumes", "list"])[0]["attached_to"].is_null());

    let image = sb.json(&["images", "create", node_id, "golden"]);
    let image_id = image["id"].as_str().expect("image id");
    let images = sb.json(&["images", "list"]);
    assert!(
        images
            .as_array()
            .expect("array")
            .iter()
            .any(|i| i["id"] == image_id),
        "{images}"
    );
    sb.run(&["images", "delete", image_id]).ok();

    sb.run(&["snapshots", "destroy", snap_id]).ok();
    sb.run(&["volumes", "destroy", vol_id]).ok();
    assert_eq!(sb.json(&["volumes", "list"]), serde_json::json!([]));
    assert_eq!(sb.json(&["snapshots", "list"]), serde_json::json!([]));
}

#[test]
fn node_power_actions() {
    let sb = Sandbox::new();
    let node = sb.json(&[
        "nodes",
        "create",
        "p",
        "--size",
        "small",
        "--image",
        "debian-12",
        "--wait",
    ]);
    let id = node["id"].as_str().expect("id");
    let out = sb.run(&["nodes", "stop", id]).ok().stdout;
    assert_eq!(out, format!("stop_node {id}: ok\n"));
    sb.run(&["nodes", "start", id]).ok();
    sb.run(&["nodes", "reboot", id]).ok();
    let node = sb.json(&["nodes", "wait", id, "--timeout", "30"]);
    assert_eq!(node["state"], "running");
}
