//! `libcloud --provider openstack` compute commands on the Nova, Glance and Cinder
//! fixtures (`fixtures/openstack/compute-conformance/`), configured by `OS_*` variables
//! with `--endpoint` naming Keystone: every listing, a node shown and rebooted, each
//! command its own process with its own login.

mod common;

use cloud_test::keystone;
use common::ReplaySandbox;
use serde_json::Value;

const SERVER: &str = "9168b536-cd40-4630-b43f-b259807c6e87";
const PASSWORD: &str = "fixture-password-never-shown";

/// The commands of the test, in order, each a process that logs in once.
const COMMANDS: &[&[&str]] = &[
    &["sizes", "list"],
    &["images", "list"],
    &["locations", "list"],
    &["keypairs", "list"],
    &["nodes", "list"],
    &["volumes", "list"],
    &["snapshots", "list"],
    &["nodes", "get", SERVER],
];

fn cloud() -> ReplaySandbox {
    let sandbox = ReplaySandbox::start(
        "openstack",
        "compute-conformance",
        &[
            ("OS_USERNAME", "demo"),
            ("OS_PASSWORD", PASSWORD),
            ("OS_PROJECT_NAME", "demo"),
            ("OS_USER_DOMAIN_NAME", "Default"),
            ("OS_PROJECT_DOMAIN_NAME", "Default"),
            ("OS_REGION_NAME", "RegionOne"),
        ],
    )
    .with_endpoint_path("identity");
    let logins = COMMANDS.len() as u64 + 1;
    sandbox.block_on(keystone::mount_login(sandbox.replay(), logins, &[]));
    sandbox
}

/// The `field` of every item of a JSON array.
fn field<'a>(list: &'a Value, name: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("a JSON array: {list}"))
        .iter()
        .map(|item| item[name].as_str().unwrap_or_default())
        .collect()
}

#[test]
fn listings_a_node_and_a_reboot_through_keystone_and_the_catalog() {
    let cloud = cloud();
    let json = |args: &[&str]| {
        let run = cloud.run_json(args).quiet_ok();
        assert!(!run.stdout.contains(PASSWORD) && !run.stdout.contains(keystone::TOKEN));
        run.json()
    };
    let outputs: Vec<Value> = COMMANDS.iter().map(|args| json(args)).collect();
    let [
        sizes,
        images,
        locations,
        keypairs,
        nodes,
        volumes,
        snapshots,
        node,
    ] = <[Value; 8]>::try_from(outputs).expect("one output per command");

    assert!(field(&sizes, "name").contains(&"m1.small"), "{sizes}");
    assert!(
        field(&images, "name").contains(&"cirros-0.6.3-x86_64-disk"),
        "{images}"
    );
    assert_eq!(field(&locations, "id"), ["nova"], "{locations}");
    assert_eq!(
        field(&keypairs, "name"),
        ["conformance-key", "ops-key"],
        "{keypairs}"
    );
    assert_eq!(field(&nodes, "id"), [SERVER], "{nodes}");
    assert_eq!(nodes[0]["state"], "running", "{nodes}");
    assert_eq!(nodes[0]["public_ips"][0], "203.0.113.45", "{nodes}");
    assert_eq!(field(&volumes, "name"), ["conformance-vol"], "{volumes}");
    assert_eq!(
        snapshots[0]["extra"]["name"], "conformance-snap",
        "{snapshots}"
    );
    assert_eq!(
        field(&snapshots, "volume_id"),
        ["6edbc2f4-1507-44f8-ac0d-eed1d2608d38"],
        "{snapshots}"
    );
    assert_eq!(node["name"], "conformance-node", "{node}");
    assert_eq!(node["extra"]["status"], "ACTIVE", "{node}");

    cloud.run(&["nodes", "reboot", SERVER]).quiet_ok();
    let history = cloud.history();
    assert!(
        history
            .iter()
            .any(|h| h.starts_with(&format!("POST /compute/v2.1/servers/{SERVER}/action"))),
        "the reboot reached Nova: {history:#?}"
    );
}
