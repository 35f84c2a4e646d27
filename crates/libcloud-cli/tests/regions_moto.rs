//! `--region all` and `--region a,b` for list commands, against moto's EC2
//! (`LIBCLOUD_TEST_MOTO_ENDPOINT`): one node in each of two regions no other test uses,
//! both found with their region named, every region at once, and a region that fails
//! reported on stderr without hiding the others (exit code 1).

mod common;

use common::moto::unique;
use common::{Run, Sandbox};
use serde_json::Value;

const IMAGE: &str = "ami-760aaa0f";
const REGIONS: [&str; 2] = ["me-central-1", "af-south-1"];

fn run(sb: &Sandbox, endpoint: &str, region: &str, args: &[&str]) -> Run {
    run_as(sb, endpoint, region, "json", args)
}

fn run_as(sb: &Sandbox, endpoint: &str, region: &str, output: &str, args: &[&str]) -> Run {
    let mut all = vec![
        "--provider",
        "ec2",
        "--endpoint",
        endpoint,
        "--region",
        region,
        "--output",
        output,
    ];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
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
        .env("AWS_SECRET_ACCESS_KEY", "regions-test-dummy-secret")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    Run::from(cmd.output().expect("run libcloud"))
}

/// `(region, name)` of the listed nodes whose name starts with `batch`, sorted.
fn ours(listed: &Value, batch: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = listed
        .as_array()
        .unwrap_or_else(|| panic!("an array: {listed}"))
        .iter()
        .filter(|n| n["name"].as_str().is_some_and(|x| x.starts_with(batch)))
        .map(|n| {
            (
                n["region"].as_str().expect("a region").to_string(),
                n["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn nodes_of_several_regions_are_listed_together() {
    let Some(endpoint) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let endpoint = endpoint.as_str();
    let sb = Sandbox::new();
    let batch = unique("regional");
    let mut want = Vec::new();
    for region in REGIONS {
        let name = format!("{batch}-{region}");
        let args = [
            "nodes", "create", &name, "--size", "t3.micro", "--image", IMAGE,
        ];
        run(&sb, endpoint, region, &args).ok();
        want.push((region.to_string(), name));
    }
    want.sort();

    let listed = run(&sb, endpoint, &REGIONS.join(","), &["nodes", "list"]).quiet_ok();
    assert_eq!(ours(&listed.json(), &batch), want);

    let everywhere = run(&sb, endpoint, "all", &["nodes", "list"]).quiet_ok();
    assert_eq!(ours(&everywhere.json(), &batch), want, "every region");

    let table = run_as(
        &sb,
        endpoint,
        &REGIONS.join(","),
        "table",
        &["nodes", "list"],
    )
    .quiet_ok();
    assert!(table.stdout.starts_with("REGION"), "{}", table.stdout);
}

#[test]
fn a_failing_region_is_reported_without_hiding_the_others() {
    let Some(endpoint) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let sb = Sandbox::new();
    let batch = unique("regional-fail");
    let name = format!("{batch}-one");
    let args = [
        "nodes", "create", &name, "--size", "t3.micro", "--image", IMAGE,
    ];
    run(&sb, endpoint.as_str(), REGIONS[0], &args).ok();
    let regions = format!("{},xx-nowhere-9", REGIONS[0]);
    let out = run(&sb, endpoint.as_str(), &regions, &["nodes", "list"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        ours(&out.json(), &batch),
        [(REGIONS[0].to_string(), name)],
        "the good region's nodes are printed"
    );
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error[") && l.contains("region xx-nowhere-9")),
        "{lines:?}"
    );
    assert!(
        lines.last().unwrap().contains("1 of 2 regions failed"),
        "{lines:?}"
    );
}

#[test]
fn several_regions_only_work_with_list_commands() {
    let sb = Sandbox::new();
    let line = sb
        .run(&["--region", "a,b", "nodes", "get", "x"])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("list commands only"), "{line}");
    let line = sb
        .run(&["--region", "all", "nodes", "list"])
        .failed_with_kind(1, "unsupported");
    assert!(line.contains("regions"), "{line}");
}
