//! `libcloud --provider elb` against moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by `cargo
//! xtask test`): two EC2 nodes made with `--provider ec2`, a balancer with both as
//! members, a member removed and added back, the balancer destroyed. After every step,
//! moto is asked directly (`raw_query`, no driver involved) and must agree.

mod common;

use common::moto::{raw_query, unique};
use common::{Run, Sandbox};
use serde_json::Value;

/// The moto image the nodes launch.
const IMAGE: &str = "ami-760aaa0f";

/// The region of this test; no other test makes balancers there.
const REGION: &str = "ca-west-1";

struct AwsCli {
    sb: Sandbox,
    endpoint: url::Url,
}

impl AwsCli {
    fn run(&self, provider: &str, args: &[&str]) -> Run {
        let url = self.endpoint.to_string();
        let mut all = vec![
            "--provider",
            provider,
            "--endpoint",
            url.as_str(),
            "--region",
            REGION,
        ];
        all.extend_from_slice(args);
        let mut cmd = self.sb.command(&all);
        for var in ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION"] {
            cmd.env_remove(var);
        }
        // The elb driver asks EC2 about subnets and instances: the same moto.
        cmd.env("AWS_ENDPOINT_URL_EC2", &url)
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "elb-cli-dummy-secret")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("LIBCLOUD_LOOPBACK_ONLY", "1");
        let run = Run::from(cmd.output().expect("run libcloud"));
        assert!(
            !run.stderr.contains("elb-cli-dummy-secret"),
            "the secret key leaked"
        );
        run
    }

    fn json(&self, provider: &str, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(provider, &all).ok().json()
    }

    /// What moto itself answers to an Elastic Load Balancing action.
    fn moto(&self, params: &[(&str, &str)]) -> (u16, String) {
        let mut all = vec![("Version", "2015-12-01")];
        all.extend_from_slice(params);
        raw_query(&self.endpoint, REGION, "elasticloadbalancing", &all)
    }

    /// The instance ids moto has registered in a target group.
    fn registered(&self, target_group: &str) -> Vec<String> {
        let (status, body) = self.moto(&[
            ("Action", "DescribeTargetHealth"),
            ("TargetGroupArn", target_group),
        ]);
        assert_eq!(status, 200, "{body}");
        let mut ids: Vec<String> = body
            .split("<Id>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</Id>").map(|(id, _)| id.to_string()))
            .collect();
        ids.sort();
        ids
    }
}

fn member_ids(listed: &Value) -> Vec<String> {
    let mut ids: Vec<String> = listed
        .as_array()
        .expect("an array of members")
        .iter()
        .map(|m| m["node_id"].as_str().expect("a node id").to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn balancer_over_two_ec2_nodes_agrees_with_moto() {
    let Some(endpoint) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let cli = AwsCli {
        sb: Sandbox::new(),
        endpoint,
    };
    let tag = unique("lb");
    let mut nodes: Vec<String> = (1..=2)
        .map(|i| {
            let node = cli.json(
                "ec2",
                &[
                    "nodes",
                    "create",
                    &format!("{tag}-web-{i}"),
                    "--size",
                    "t3.micro",
                    "--image",
                    IMAGE,
                ],
            );
            node["id"].as_str().expect("a node id").to_string()
        })
        .collect();
    nodes.sort();
    // The run's nanoseconds: digits only, as a balancer name may not hold "--".
    let nanos = tag.rsplit('-').next().expect("unique ends in digits");
    let name = format!("web-{nanos}");

    let created = cli.json(
        "elb",
        &[
            "lb",
            "create",
            &name,
            "--port",
            "80",
            "--protocol",
            "http",
            "--target-port",
            "8080",
            "--member",
            &nodes[0],
            "--member",
            &nodes[1],
            "--wait",
        ],
    );
    assert_eq!(created["name"], name.as_str());
    assert_eq!(
        (created["port"].clone(), created["protocol"].clone()),
        (80.into(), "http".into())
    );
    assert_eq!(
        created["state"], "running",
        "--wait waited for provisioning: {created}"
    );
    let id = created["id"].as_str().expect("an id").to_string();
    let group = created["extra"]["target_groups"][0]
        .as_str()
        .expect("the target group")
        .to_string();

    let (status, body) = cli.moto(&[
        ("Action", "DescribeLoadBalancers"),
        ("Names.member.1", &name),
    ]);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&id), "moto knows the balancer: {body}");
    let (_, body) = cli.moto(&[("Action", "DescribeListeners"), ("LoadBalancerArn", &id)]);
    assert!(
        body.contains("<Port>80</Port>") && body.contains(&group),
        "one listener on 80 forwarding to the group: {body}"
    );
    assert_eq!(cli.registered(&group), nodes);

    let got = cli.json("elb", &["lb", "get", &id]);
    assert_eq!(got["id"], id.as_str());
    let listed = cli.json("elb", &["lb", "list"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == id.as_str()),
        "{listed}"
    );
    let members = cli.json("elb", &["lb", "members", "list", &id]);
    assert_eq!(member_ids(&members), nodes);
    for m in members.as_array().unwrap() {
        assert_eq!(m["port"], 8080, "{m}");
        assert!(m["ip"].as_str().is_some_and(|ip| !ip.is_empty()), "{m}");
    }

    let removed = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["node_id"] == nodes[0].as_str())
        .expect("the first node's member");
    let removed_id = removed["id"].as_str().unwrap();
    cli.run("elb", &["lb", "members", "remove", &id, removed_id])
        .ok();
    assert_eq!(cli.registered(&group), [nodes[1].clone()]);
    let members = cli.json("elb", &["lb", "members", "list", &id]);
    assert_eq!(member_ids(&members), [nodes[1].clone()]);

    let added = cli.json("elb", &["lb", "members", "add", &id, &nodes[0]]);
    assert_eq!(added["node_id"], nodes[0].as_str());
    assert_eq!(
        added["port"], 8080,
        "a node without a port gets the target port"
    );
    assert_eq!(cli.registered(&group), nodes);

    let line = cli
        .run("elb", &["lb", "members", "add", &id, &nodes[0]])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[already_exists]"), "{line}");

    cli.run("elb", &["lb", "destroy", &id]).ok();
    let (status, body) = cli.moto(&[
        ("Action", "DescribeLoadBalancers"),
        ("Names.member.1", &name),
    ]);
    assert!(
        status == 400 && body.contains("LoadBalancerNotFound"),
        "moto no longer has the balancer: {status} {body}"
    );
    let (status, body) = cli.moto(&[
        ("Action", "DescribeTargetGroups"),
        ("TargetGroupArns.member.1", &group),
    ]);
    assert!(
        status == 400 && body.contains("TargetGroupNotFound"),
        "moto no longer has the target group: {status} {body}"
    );
    let line = cli.run("elb", &["lb", "get", &id]).failed_with_one_line(1);
    assert!(line.starts_with("error[not_found]"), "{line}");
    for node in &nodes {
        cli.run("ec2", &["nodes", "destroy", node]).ok();
    }
}

#[test]
fn bad_input_is_one_line_and_creates_nothing() {
    let Some(endpoint) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let cli = AwsCli {
        sb: Sandbox::new(),
        endpoint,
    };
    let before = cli.json("elb", &["lb", "list"]);
    for (args, kind) in [
        (
            vec!["--port", "70000", "--protocol", "http"],
            "invalid_input",
        ),
        (
            vec![
                "--port",
                "80",
                "--protocol",
                "http",
                "--algorithm",
                "least_connections",
            ],
            "unsupported",
        ),
        (vec!["--port", "80", "--protocol", "tcp"], "invalid_input"),
        (
            vec![
                "--port",
                "80",
                "--protocol",
                "http",
                "--member",
                "i-0123456789abcdef0",
            ],
            "not_found",
        ),
    ] {
        let mut all = vec!["lb", "create", "bad-input"];
        all.extend(args.iter().copied());
        let line = cli.run("elb", &all).failed_with_one_line(1);
        assert!(
            line.starts_with(&format!("error[{kind}]")),
            "{args:?}: {line}"
        );
    }
    let line = cli
        .run(
            "elb",
            &["lb", "members", "add", "no-such-balancer", "172.31.0.9:80"],
        )
        .failed_with_one_line(1);
    assert!(
        line.starts_with("error[not_found]") && line.contains("no-such-balancer"),
        "{line}"
    );
    assert_eq!(cli.json("elb", &["lb", "list"]), before);
}
