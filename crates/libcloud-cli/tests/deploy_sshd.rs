//! `libcloud nodes deploy` and `nodes create --deploy-script` on `local` nodes, through
//! the OpenSSH server `cargo xtask test` starts on 127.0.0.1 (`LIBCLOUD_TEST_SSHD_*`):
//! files land on the server's disk, step reports come out in order, and a failing step,
//! an unknown or changed host key and a wrong key are one error line each, with nothing
//! run after.

mod common;

use std::path::{Path, PathBuf};

use common::Sandbox;
use serde_json::Value;

/// The test server, from the variables `cargo xtask test` exports.
struct Sshd {
    address: String,
    user: String,
    client_key: String,
    host_key: String,
}

fn sshd() -> Option<Sshd> {
    let address = match std::env::var("LIBCLOUD_TEST_SSHD_ENDPOINT") {
        Ok(a) if !a.is_empty() => a,
        _ => {
            println!("skipped: LIBCLOUD_TEST_SSHD_ENDPOINT not set (cargo xtask test sets it)");
            return None;
        }
    };
    assert!(
        address.starts_with("127.0.0.1:"),
        "the tests only connect to 127.0.0.1, not {address}"
    );
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let host_key = std::fs::read_to_string(var("LIBCLOUD_TEST_SSHD_HOST_KEY")).expect("host key");
    Some(Sshd {
        address,
        user: var("LIBCLOUD_TEST_SSHD_USER"),
        client_key: var("LIBCLOUD_TEST_SSHD_CLIENT_KEY"),
        host_key: host_key
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// A folder on the server's disk (the server runs on this machine) unique to the test.
fn remote_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("libcloud-deploy-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn local_node(sb: &Sandbox) -> String {
    let node = sb.json(&[
        "nodes",
        "create",
        "web",
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    node["id"].as_str().expect("a node id").to_string()
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).expect("write a work file");
    path.to_str().expect("utf-8").to_string()
}

/// The deploy flags every test shares: user, key, address, known_hosts.
fn connect_flags<'a>(server: &'a Sshd, known_hosts: &'a str) -> Vec<&'a str> {
    vec![
        "--user",
        &server.user,
        "--identity",
        &server.client_key,
        "--address",
        &server.address,
        "--known-hosts",
        known_hosts,
        "--connect-timeout",
        "10",
    ]
}

#[test]
fn deploy_uploads_runs_and_reports_in_order() {
    let Some(server) = sshd() else { return };
    let sb = Sandbox::new();
    let id = local_node(&sb);
    let remote = remote_dir("ok");
    let upload = write(&sb.work("site.conf"), "listen 8080\n");
    let script = write(
        &sb.work("setup.sh"),
        "#!/bin/sh\nset -e\necho \"$GREETING from setup\"\n",
    );
    let known_hosts = sb.work("known_hosts");
    let kh = known_hosts.to_str().unwrap();
    let target = format!("{}/etc/site.conf", remote.display());
    let upload_flag = format!("{upload}:{target}");
    let cat = format!("cat {target}");
    let mut args = vec!["nodes", "deploy", &id];
    args.extend(connect_flags(&server, kh));
    args.extend([
        "--accept-new-host-key",
        "--upload",
        &upload_flag,
        "--script",
        &script,
        "--run",
        &cat,
        "--env",
        "GREETING=hello world",
    ]);
    let steps = sb.json(&args);
    let steps = steps.as_array().expect("an array of steps");
    let labels: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            format!("upload {upload} -> {target}").as_str(),
            "script setup.sh",
            format!("run '{cat}'").as_str()
        ],
        "{steps:?}"
    );
    for step in steps {
        for field in ["exit_status", "stdout", "stderr", "duration_ms"] {
            assert!(step.get(field).is_some(), "no {field} in {step}");
        }
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "listen 8080\n");
    assert_eq!(steps[1]["exit_status"], 0);
    assert_eq!(steps[1]["stdout"], "hello world from setup\n");
    assert_eq!(steps[2]["stdout"], "listen 8080\n");
    let recorded = std::fs::read_to_string(&known_hosts).unwrap();
    let port = server.address.rsplit_once(':').unwrap().1;
    assert!(
        recorded.starts_with(&format!("[127.0.0.1]:{port} {}", server.host_key)),
        "recorded in [host]:port form: {recorded}"
    );
    let _ = std::fs::remove_dir_all(&remote);
}

#[test]
fn create_with_a_deploy_script_prints_the_node_then_the_steps() {
    let Some(server) = sshd() else { return };
    let sb = Sandbox::new();
    let remote = remote_dir("create");
    let marker = remote.join("made");
    let script = write(
        &sb.work("boot.sh"),
        &format!(
            "#!/bin/sh\nmkdir -p {0}\necho \"$ROLE\" > {1}\n",
            remote.display(),
            marker.display()
        ),
    );
    let known_hosts = sb.work("known_hosts");
    let mut args = vec![
        "nodes",
        "create",
        "app",
        "--size",
        "small",
        "--image",
        "debian-12",
        "--deploy-script",
        &script,
        "--env",
        "ROLE=app",
    ];
    args.extend(connect_flags(&server, known_hosts.to_str().unwrap()));
    args.push("--accept-new-host-key");
    let out = sb.json(&args);
    assert_eq!(out["node"]["name"], "app", "{out}");
    assert_eq!(out["node"]["state"], "running", "{out}");
    assert_eq!(out["steps"][0]["step"], "script boot.sh");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "app\n");
    let _ = std::fs::remove_dir_all(&remote);
}

#[test]
fn a_failing_script_stops_the_deployment_and_names_the_step() {
    let Some(server) = sshd() else { return };
    let sb = Sandbox::new();
    let id = local_node(&sb);
    let remote = remote_dir("fail");
    let later = remote.join("later");
    let fail = write(&sb.work("fail.sh"), "#!/bin/sh\necho broken >&2\nexit 3\n");
    let known_hosts = sb.work("known_hosts");
    let touch = format!("mkdir -p {} && touch {}", remote.display(), later.display());
    let mut args = vec!["nodes", "deploy", &id];
    args.extend(connect_flags(&server, known_hosts.to_str().unwrap()));
    args.extend([
        "--accept-new-host-key",
        "--script",
        &fail,
        "--run",
        &touch,
        "--output",
        "json",
    ]);
    let run = sb.run(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one error line: {:?}", run.stderr);
    assert!(
        lines[0].starts_with("error[")
            && lines[0].contains("script fail.sh")
            && lines[0].contains("exit status 3"),
        "{}",
        lines[0]
    );
    let steps: Value = serde_json::from_str(&run.stdout).expect("the steps that ran");
    assert_eq!(steps.as_array().map(Vec::len), Some(1), "{steps}");
    assert_eq!(steps[0]["stderr"], "broken\n");
    assert!(!later.exists(), "the step after the failure did not run");
}

#[test]
fn unknown_and_changed_host_keys_and_a_wrong_key_are_refused_before_anything_runs() {
    let Some(server) = sshd() else { return };
    let sb = Sandbox::new();
    let id = local_node(&sb);
    let remote = remote_dir("refused");
    let ran = remote.join("ran");
    let touch = format!("mkdir -p {} && touch {}", remote.display(), ran.display());
    let port = server.address.rsplit_once(':').unwrap().1;
    let attempt = |known_hosts: &Path, identity: &str, kind: &str, says: &str| {
        let kh = known_hosts.to_str().unwrap();
        let args = vec![
            "nodes",
            "deploy",
            &id,
            "--user",
            &server.user,
            "--identity",
            identity,
            "--address",
            &server.address,
            "--known-hosts",
            kh,
            "--run",
            &touch,
        ];
        let line = sb.run(&args).failed_with_kind(1, kind);
        assert!(line.contains(says), "{line}");
        assert!(!ran.exists(), "nothing ran after: {line}");
    };
    // Unknown: an empty known_hosts, no --accept-new-host-key.
    let unknown = sb.work("unknown_hosts");
    write(&unknown, "");
    attempt(
        &unknown,
        &server.client_key,
        "permission_denied",
        "HostKeyUnknown",
    );
    // Changed: the file holds another key for [127.0.0.1]:PORT.
    let changed = sb.work("changed_hosts");
    write(
        &changed,
        &format!(
            "[127.0.0.1]:{port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74ZjNi/Li4bi6uEAesMUQkgvbcCgbkM6QhtqDXXD2Y\n"
        ),
    );
    attempt(
        &changed,
        &server.client_key,
        "permission_denied",
        "HostKeyChanged",
    );
    // A wrong key: a fresh one the server never authorized.
    let known = sb.work("known_hosts");
    write(&known, &format!("[127.0.0.1]:{port} {}\n", server.host_key));
    let wrong = sb.work("wrong_key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&wrong)
        .status()
        .expect("ssh-keygen runs");
    assert!(made.success());
    attempt(
        &known,
        wrong.to_str().unwrap(),
        "invalid_credentials",
        "AuthFailed",
    );
    let _ = std::fs::remove_dir_all(&remote);
}

#[test]
fn twenty_nodes_deploy_at_once_and_all_succeed() {
    let Some(server) = sshd() else { return };
    let sb = Sandbox::new();
    let ids: Vec<String> = (0..20).map(|_| local_node(&sb)).collect();
    let remote = remote_dir("twenty");
    let script = write(
        &sb.work("mark.sh"),
        &format!(
            "#!/bin/sh\nset -e\nmkdir -p {0}\nf=$(mktemp {0}/node.XXXXXX)\necho \"$ROLE\" > \"$f\"\n",
            remote.display()
        ),
    );
    let known_hosts = sb.work("known_hosts");
    let mut args = vec!["nodes", "deploy"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(connect_flags(&server, known_hosts.to_str().unwrap()));
    args.extend([
        "--accept-new-host-key",
        "--parallel",
        "20",
        "--script",
        &script,
        "--env",
        "ROLE=web",
    ]);
    let reports = sb.json(&args);
    let reports = reports.as_array().expect("a report per node");
    assert_eq!(reports.len(), 20);
    for (report, id) in reports.iter().zip(&ids) {
        assert_eq!(report["node"], id.as_str(), "in the order given");
        assert_eq!(report["steps"][0]["exit_status"], 0, "{report}");
        assert!(report.get("error").is_none(), "{report}");
    }
    let marks = std::fs::read_dir(&remote).expect("the marks").count();
    assert_eq!(marks, 20, "every node's script ran once");
    let recorded = std::fs::read_to_string(&known_hosts).unwrap();
    assert_eq!(
        recorded.lines().count(),
        1,
        "the host key recorded once: {recorded}"
    );
    let _ = std::fs::remove_dir_all(&remote);
}
