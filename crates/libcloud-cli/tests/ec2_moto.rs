//! `libcloud --provider ec2` against moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by
//! `cargo xtask test`). Each test works in its own region with names unique to the run,
//! so the tests run in parallel against one moto. Credentials are dummy values in
//! `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`; moto accepts any.

mod common;

use common::moto::unique;
use common::{Run, Sandbox};
use serde_json::Value;

/// The moto image the tests launch: Amazon Linux, HVM, x86_64.
const IMAGE: &str = "ami-760aaa0f";

/// The moto endpoint, checked to be loopback; `None` after printing the skip line.
fn moto() -> Option<String> {
    cloud_test::guard::moto_endpoint().map(|url| url.as_str().trim_end_matches('/').to_string())
}

/// The CLI pointed at moto in one region, with extra environment variables.
struct Ec2Cli {
    sb: Sandbox,
    endpoint: String,
    region: &'static str,
    env: Vec<(&'static str, String)>,
}

impl Ec2Cli {
    fn new(endpoint: String, region: &'static str) -> Self {
        Ec2Cli {
            sb: Sandbox::new(),
            endpoint,
            region,
            env: Vec::new(),
        }
    }

    fn with_env(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.env.push((name, value.into()));
        self
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec![
            "--provider",
            "ec2",
            "--endpoint",
            &self.endpoint,
            "--region",
            self.region,
        ];
        all.extend_from_slice(args);
        let mut cmd = self.sb.command(&all);
        for var in [
            "AWS_PROFILE",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_EC2",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "cli-test-dummy-secret")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("LIBCLOUD_LOOPBACK_ONLY", "1");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let run = Run::from(cmd.output().expect("run libcloud"));
        assert!(
            !run.stderr.contains("cli-test-dummy-secret")
                && !run.stdout.contains("cli-test-dummy-secret"),
            "the secret key leaked"
        );
        run
    }

    /// Runs with `--output json`, expects success, parses stdout.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(&all).ok().json()
    }

    fn node(&self, id: &str) -> Value {
        self.json(&["nodes", "get", id])
    }
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

#[test]
fn nodes_are_created_listed_and_acted_on() {
    let Some(endpoint) = moto() else { return };
    let cli = Ec2Cli::new(endpoint, "us-west-1");
    let batch = unique("batch");
    let ids: Vec<String> = (0..3)
        .map(|i| {
            let node = cli.json(&[
                "nodes",
                "create",
                &format!("{batch}-{i}"),
                "--size",
                "t3.micro",
                "--image",
                IMAGE,
                "--tag",
                &format!("batch={batch}"),
            ]);
            assert_eq!(node["name"], format!("{batch}-{i}"));
            id_of(&node)
        })
        .collect();

    let listed = cli.json(&["nodes", "list"]);
    for id in &ids {
        let node = array(&listed)
            .iter()
            .find(|n| n["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} not listed: {listed}"));
        assert_eq!(node["state"], "running", "{node}");
        assert_eq!(node["tags"]["batch"], batch.as_str());
        assert!(
            node["private_ips"]
                .as_array()
                .is_some_and(|ips| !ips.is_empty()),
            "{node}"
        );
    }
    let table = cli.run(&["nodes", "list"]).ok().stdout;
    assert!(table.contains(&ids[0]), "{table}");

    let first = &ids[0];
    let out = cli.run(&["nodes", "reboot", first]).ok().stdout;
    assert_eq!(out, format!("reboot_node {first}: ok\n"));
    assert_eq!(cli.node(first)["state"], "running");
    cli.run(&["nodes", "stop", first]).ok();
    let stopped = cli.node(first);
    assert!(
        stopped["state"] == "stopped" || stopped["state"] == "stopping",
        "{stopped}"
    );
    cli.run(&["nodes", "start", first]).ok();
    let started = cli.node(first);
    assert!(
        started["state"] == "running" || started["state"] == "pending",
        "{started}"
    );
    for id in &ids {
        let done = cli.json(&["nodes", "destroy", id]);
        assert_eq!(done["ok"], true);
        let gone = cli.node(id);
        assert!(
            gone["state"] == "terminated" || gone["state"] == "terminating",
            "{gone}"
        );
    }

    let missing = cli.run(&["nodes", "get", "i-0000000000000dead"]);
    let line = missing.failed_with_kind(1, "not_found");
    assert!(line.contains("InvalidInstanceID.NotFound"), "{line}");
}

#[test]
fn sizes_filtered_images_and_zones_are_listed() {
    let Some(endpoint) = moto() else { return };
    let cli = Ec2Cli::new(endpoint, "ap-southeast-2")
        .with_env("LIBCLOUD_EC2_IMAGE_OWNERS", "amazon")
        .with_env("LIBCLOUD_EC2_IMAGE_FILTERS", "name=amzn-ami-hvm-*");

    let sizes = cli.json(&["sizes", "list"]);
    let micro = array(&sizes)
        .iter()
        .find(|s| s["id"] == "t3.micro")
        .unwrap_or_else(|| panic!("no t3.micro"));
    assert_eq!(micro["ram_mib"], 1024);
    assert_eq!(micro["vcpus"], 2);
    assert!(micro["price_per_hour"].is_null());

    let images = cli.json(&["images", "list"]);
    assert!(!array(&images).is_empty());
    for image in array(&images) {
        let name = image["name"].as_str().unwrap_or_default();
        assert!(name.starts_with("amzn-ami-hvm-"), "{image}");
    }
    assert!(array(&images).iter().any(|i| i["id"] == IMAGE), "{images}");

    let zones = cli.json(&["locations", "list"]);
    let ids: Vec<&str> = array(&zones)
        .iter()
        .filter_map(|z| z["id"].as_str())
        .collect();
    assert!(ids.contains(&"ap-southeast-2a"), "{ids:?}");
    assert!(
        array(&zones)
            .iter()
            .all(|z| z["extra"]["region"] == "ap-southeast-2" && z["country"] == "AU")
    );

    let own = Ec2Cli::new(cli.endpoint.clone(), "ap-southeast-2").json(&["images", "list"]);
    assert_eq!(
        own,
        serde_json::json!([]),
        "the default lists only your own images"
    );
}

#[test]
fn key_pairs_volumes_snapshots_and_images() {
    let Some(endpoint) = moto() else { return };
    let region = "eu-central-1";
    let tag = unique("res");
    let cli = Ec2Cli::new(endpoint, region).with_env(
        "LIBCLOUD_EC2_SNAPSHOT_FILTERS",
        format!("description={tag}-snap"),
    );

    let key_file = cli.sb.work("id.pub");
    std::fs::write(
        &key_file,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n",
    )
    .expect("write key");
    let key_name = format!("{tag}-key");
    let imported = cli.json(&[
        "keypairs",
        "import",
        &key_name,
        key_file.to_str().expect("utf-8"),
    ]);
    assert_eq!(imported["name"], key_name.as_str());
    let names = |v: Value| -> Vec<String> {
        array(&v)
            .iter()
            .filter_map(|k| k["name"].as_str().map(String::from))
            .collect()
    };
    assert!(names(cli.json(&["keypairs", "list"])).contains(&key_name));
    cli.run(&["keypairs", "delete", &key_name]).ok();
    assert!(!names(cli.json(&["keypairs", "list"])).contains(&key_name));

    let node = id_of(&cli.json(&[
        "nodes",
        "create",
        &format!("{tag}-node"),
        "--size",
        "t3.micro",
        "--image",
        IMAGE,
        "--location",
        "eu-central-1a",
    ]));
    let volume = cli.json(&[
        "volumes",
        "create",
        &format!("{tag}-vol"),
        "--size",
        "2",
        "--location",
        "eu-central-1a",
    ]);
    let vol = id_of(&volume);
    assert_eq!(volume["size_gib"], 2);
    let find_volume = || {
        let all = cli.json(&["volumes", "list"]);
        array(&all)
            .iter()
            .find(|v| v["id"] == vol.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{vol} not listed: {all}"))
    };
    cli.run(&["volumes", "attach", &vol, &node]).ok();
    let attached = find_volume();
    assert_eq!(attached["attached_to"], node.as_str(), "{attached}");
    assert_eq!(attached["state"], "in_use");
    assert_eq!(attached["extra"]["device"], "/dev/sdf");
    cli.run(&["volumes", "detach", &vol]).ok();
    let detached = find_volume();
    assert!(detached["attached_to"].is_null(), "{detached}");
    assert_eq!(detached["state"], "available");

    let snap = cli.json(&[
        "snapshots",
        "create",
        &vol,
        "--name",
        &format!("{tag}-snap"),
    ]);
    let snap_id = id_of(&snap);
    assert_eq!(snap["volume_id"], vol.as_str());
    let snaps = cli.json(&["snapshots", "list"]);
    assert_eq!(array(&snaps).len(), 1, "{snaps}");
    assert_eq!(snaps[0]["id"], snap_id.as_str());
    cli.run(&["snapshots", "destroy", &snap_id]).ok();
    assert_eq!(cli.json(&["snapshots", "list"]), serde_json::json!([]));

    cli.run(&["volumes", "destroy", &vol]).ok();
    let left: Vec<Value> = array(&cli.json(&["volumes", "list"]))
        .iter()
        .filter(|v| v["id"] == vol.as_str())
        .cloned()
        .collect();
    assert!(left.is_empty(), "{left:?}");

    let image = cli.json(&["images", "create", &node, &format!("{tag}-image")]);
    let image_id = id_of(&image);
    let listed = cli.json(&["images", "list"]);
    assert!(
        array(&listed).iter().any(|i| i["id"] == image_id.as_str()),
        "{listed}"
    );
    cli.run(&["images", "delete", &image_id]).ok();
    let listed = cli.json(&["images", "list"]);
    assert!(
        !array(&listed).iter().any(|i| i["id"] == image_id.as_str()),
        "{listed}"
    );

    cli.run(&["nodes", "destroy", &node]).ok();
}
