//! `libcloud --provider rackspace` against mimic, Rackspace's API mock
//! (`LIBCLOUD_TEST_MIMIC_ENDPOINT`, started by `cargo xtask test`): the API key from
//! `RACKSPACE_API_KEY`, a server listed, created, rebooted and destroyed in DFW; and a
//! refused key (from a stand-in identity service, since mimic takes any key) as one line.

mod common;

use common::{ReplaySandbox, Run, Sandbox};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const API_KEY: &str = "rackspace-test-api-key-never-shown";

fn rackspace(sb: &Sandbox, identity: &str, args: &[&str]) -> Run {
    let mut all = vec!["--provider", "rackspace", "--endpoint", identity];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    cmd.env("RACKSPACE_USERNAME", "libcloud-test")
        .env("RACKSPACE_API_KEY", API_KEY)
        .env_remove("RACKSPACE_PASSWORD");
    let run = Run::from(cmd.output().expect("run libcloud"));
    assert!(
        !run.stdout.contains(API_KEY) && !run.stderr.contains(API_KEY),
        "the API key leaked"
    );
    run
}

fn ids(listed: &Value) -> Vec<String> {
    listed
        .as_array()
        .unwrap_or_else(|| panic!("an array: {listed}"))
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_server_is_listed_created_rebooted_and_destroyed_in_dfw() {
    let Some(mimic) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_MIMIC_ENDPOINT") else {
        return;
    };
    let identity = mimic.join("identity").unwrap();
    let sb = Sandbox::new();
    let run = |args: &[&str]| {
        let mut all = vec!["--region", "DFW", "--output", "json"];
        all.extend_from_slice(args);
        rackspace(&sb, identity.as_str(), &all).quiet_ok().json()
    };
    let sizes = run(&["sizes", "list"]);
    assert!(
        sizes
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["ram_mib"] == 2048),
        "{sizes}"
    );
    let images = run(&["images", "list"]);
    let image = images[0]["id"].as_str().expect("an image").to_string();
    assert_eq!(run(&["locations", "list"])[0]["id"], "DFW");
    let before = ids(&run(&["nodes", "list"]));

    let name = format!("rax-{}", std::process::id());
    let created = run(&["nodes", "create", &name, "--size", "2", "--image", &image]);
    let id = created["id"].as_str().expect("an id").to_string();
    assert_eq!(created["name"], name.as_str());
    let listed = run(&["nodes", "list"]);
    assert!(ids(&listed).contains(&id), "{listed}");
    assert!(!before.contains(&id));
    let node = run(&["nodes", "get", &id]);
    assert_eq!(node["state"], "running", "{node}");
    assert!(
        node["public_ips"].as_array().is_some_and(|a| !a.is_empty()),
        "{node}"
    );

    rackspace(
        &sb,
        identity.as_str(),
        &["--region", "DFW", "nodes", "reboot", &id],
    )
    .quiet_ok();
    rackspace(
        &sb,
        identity.as_str(),
        &["--region", "DFW", "nodes", "destroy", &id],
    )
    .quiet_ok();
    let after = ids(&run(&["nodes", "list"]));
    assert!(!after.contains(&id), "destroyed: {after:?}");
}

#[test]
fn a_refused_api_key_is_one_line() {
    let replay = ReplaySandbox::empty("rackspace", &[]);
    replay.block_on(
        Mock::given(method("POST"))
            .and(path("/v2.0/tokens"))
            .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "unauthorized": {"code": 401, "message": "Username or api key is invalid."}
            })))
            .mount(replay.replay().server()),
    );
    let identity = replay.replay().uri().to_string();
    let line = rackspace(
        replay.sandbox(),
        &identity,
        &["--region", "ORD", "nodes", "list"],
    )
    .failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("refused the credentials"), "{line}");
    assert!(line.contains("Username or api key is invalid"), "{line}");
}

#[test]
fn an_unknown_region_is_one_line_before_anything_is_sent() {
    let sb = Sandbox::new();
    let line = rackspace(
        &sb,
        "http://127.0.0.1:9/",
        &["--region", "XYZ", "nodes", "list"],
    )
    .failed_with_kind(2, "configuration");
    assert!(line.contains("DFW, ORD, IAD, LON, HKG, SYD"), "{line}");
}
