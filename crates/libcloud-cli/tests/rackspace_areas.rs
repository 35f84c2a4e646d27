//! `libcloud --provider rackspace` beyond servers: the provider list (four areas, and the
//! first-generation API beside it as defunct), Cloud DNS on fixtures written from
//! Rackspace's reference (`fixtures/rackspace/dns/`), and Cloud Load Balancers against
//! mimic (`LIBCLOUD_TEST_MIMIC_ENDPOINT`, started by `cargo xtask test`), in ORD where
//! mimic runs its load balancer mock.

mod common;

use common::{ReplaySandbox, Run, Sandbox};
use serde_json::Value;

const CREDENTIALS: &[(&str, &str)] = &[
    ("RACKSPACE_USERNAME", "libcloud-test"),
    ("RACKSPACE_API_KEY", "rackspace-test-api-key-never-shown"),
];

fn provider<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("an array")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[test]
fn providers_show_rackspace_with_four_areas_and_its_first_generation_as_defunct() {
    let sb = Sandbox::new();
    let list = sb.json(&["providers"]);
    let rackspace = provider(&list, "rackspace");
    assert_eq!(rackspace["lifecycle"]["status"], "active");
    assert_eq!(
        rackspace["areas"],
        serde_json::json!(["compute", "storage", "dns", "load_balancer"])
    );
    let first = provider(&list, "rackspace_first_gen");
    assert_eq!(first["lifecycle"]["status"], "defunct");
    assert_eq!(first["lifecycle"]["since"], "2015");
    assert_eq!(first["areas"], serde_json::json!(["compute"]));

    let table = sb.run(&["providers"]).ok().stdout;
    let line = table
        .lines()
        .find(|l| l.starts_with("rackspace_first_gen "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("defunct") && line.contains("2015"), "{line}");
}

#[test]
fn cloud_dns_zones_are_listed_across_pages() {
    let rs = ReplaySandbox::start("rackspace", "dns/paging", CREDENTIALS);
    rs.block_on(cloud_test::keystone::mount_v2_login(rs.replay(), 1));
    let run = rs.run_json(&["--region", "DFW", "dns", "zones", "list"]);
    let zones = run.ok().json();
    let domains: Vec<&str> = zones
        .as_array()
        .expect("an array")
        .iter()
        .map(|z| z["domain"].as_str().expect("a domain"))
        .collect();
    assert_eq!(domains.len(), 5, "three pages of two: {zones}");
    assert!(domains.contains(&"example.com"), "{domains:?}");
    let listed = rs
        .history()
        .iter()
        .filter(|l| l.contains("/domains") && !l.contains("/records"))
        .count();
    assert_eq!(listed, 3, "one request per page: {:?}", rs.history());
}

fn lb(sb: &Sandbox, identity: &str, args: &[&str]) -> Run {
    let mut all = vec!["--provider", "rackspace", "--endpoint", identity];
    all.extend_from_slice(&["--region", "ORD", "--output", "json"]);
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    for (k, v) in CREDENTIALS {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("run libcloud"))
}

fn ids(listed: &Value) -> Vec<String> {
    listed
        .as_array()
        .unwrap_or_else(|| panic!("an array: {listed}"))
        .iter()
        .map(|b| b["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn a_load_balancer_is_created_listed_and_destroyed_in_ord() {
    let Some(mimic) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_MIMIC_ENDPOINT") else {
        return;
    };
    let identity = mimic.join("identity").unwrap();
    let identity = identity.as_str();
    let sb = Sandbox::new();
    let name = format!("front-{}", std::process::id());
    let created = lb(
        &sb,
        identity,
        &[
            "lb",
            "create",
            &name,
            "--port",
            "80",
            "--protocol",
            "http",
            "--algorithm",
            "round_robin",
            "--member",
            "10.180.0.11:8080",
        ],
    )
    .ok()
    .json();
    let id = created["id"].as_str().expect("an id").to_string();
    assert_eq!(created["name"], name.as_str());
    assert_eq!(created["port"], 80);

    let got = lb(&sb, identity, &["lb", "get", &id]).ok().json();
    assert_eq!(got["algorithm"], "round_robin", "{got}");
    assert!(ids(&lb(&sb, identity, &["lb", "list"]).ok().json()).contains(&id));
    let members = lb(&sb, identity, &["lb", "members", "list", &id])
        .ok()
        .json();
    assert_eq!(members[0]["ip"], "10.180.0.11", "{members}");
    assert_eq!(members[0]["port"], 8080, "{members}");

    lb(&sb, identity, &["lb", "destroy", &id]).ok();
    let after = lb(&sb, identity, &["lb", "list"]).ok().json();
    assert!(!ids(&after).contains(&id), "destroyed: {after}");
    let gone = lb(&sb, identity, &["lb", "get", &id]);
    gone.failed_with_kind(1, "not_found");
}
