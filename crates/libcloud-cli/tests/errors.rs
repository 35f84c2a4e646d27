//! Failures: one `error:` line on stderr, a non-zero exit code, no panic, and nothing
//! changed.

mod common;

use common::Sandbox;

fn node_ids(sb: &Sandbox) -> Vec<String> {
    let mut ids: Vec<String> = sb
        .nodes()
        .iter()
        .filter_map(|n| n["id"].as_str().map(String::from))
        .collect();
    ids.sort();
    ids
}

fn create_one(sb: &Sandbox) -> Vec<String> {
    sb.run(&[
        "nodes",
        "create",
        "keep",
        "--size",
        "small",
        "--image",
        "debian-12",
    ])
    .ok();
    let ids = node_ids(sb);
    assert_eq!(ids.len(), 1);
    ids
}

#[test]
fn unknown_provider() {
    let sb = Sandbox::new();
    let before = create_one(&sb);
    let run = sb.run(&[
        "--provider",
        "nope",
        "nodes",
        "create",
        "x",
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    let line = run.failed_with_kind(1, "not_found");
    assert!(
        line.starts_with("error[not_found]: unknown provider 'nope'; compiled-in providers: ")
            && line.contains("local"),
        "{line}"
    );
    // The environment variable works the same way.
    let run = sb
        .command(&["nodes", "list"])
        .env("LIBCLOUD_PROVIDER", "nope")
        .output()
        .expect("run");
    common::Run::from(run).failed_with_one_line(1);
    assert_eq!(node_ids(&sb), before);
}

#[test]
fn unknown_node() {
    let sb = Sandbox::new();
    let before = create_one(&sb);
    for args in [
        &["nodes", "get", "node-nope"][..],
        &["nodes", "destroy", "node-nope"][..],
        &["nodes", "reboot", "node-nope"][..],
    ] {
        let line = sb.run(args).failed_with_kind(1, "not_found");
        assert!(line.contains("node-nope"), "{line}");
    }
    assert_eq!(node_ids(&sb), before);
}

#[test]
fn malformed_config_file() {
    let sb = Sandbox::new();
    sb.write_config("[profiles.x]\nprovider = \"local\"\nregion = = \"oops\"\n");
    let run = sb.run(&[
        "nodes",
        "create",
        "x",
        "--size",
        "small",
        "--image",
        "debian-12",
    ]);
    let line = run.failed_with_kind(2, "configuration");
    let file = sb.config_file();
    assert!(line.contains(file.to_str().expect("utf-8")), "{line}");
    assert!(line.contains("line 3"), "{line}");

    // Commands that need no provider still work.
    sb.run(&["providers"]).ok();
    // Nothing was created: look with the config file moved aside.
    std::fs::remove_file(&file).expect("remove config");
    assert!(node_ids(&sb).is_empty());
}

#[test]
fn unknown_profile_is_a_config_error() {
    let sb = Sandbox::new();
    let line = sb
        .run(&["--profile", "ghost", "nodes", "list"])
        .failed_with_kind(2, "configuration");
    assert!(line.contains("ghost"), "{line}");
}

#[test]
fn object_key_escaping_the_container() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "bucket"]).ok();
    let src = sb.work("x.txt");
    std::fs::write(&src, b"payload").expect("write");
    let line = sb
        .run(&[
            "storage",
            "put",
            src.to_str().expect("utf-8"),
            "bucket/../x",
        ])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("../x"), "{line}");
    assert_eq!(sb.json(&["storage", "ls", "bucket"]), serde_json::json!([]));
    // Nothing escaped next to the container either.
    let containers = sb.json(&["storage", "containers", "list"]);
    assert_eq!(containers.as_array().map(Vec::len), Some(1), "{containers}");
}

#[test]
fn usage_errors_exit_2() {
    let sb = Sandbox::new();
    let run = sb.run(&["nodes", "create", "x", "--image", "debian-12"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--size"), "{}", run.stderr);
    let run = sb.run(&["storage", "rm", "no-slash"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn secrets_never_print_even_at_trace_level() {
    let sb = Sandbox::new();
    sb.write_config(
        "default_profile = \"dev\"\n\n[profiles.dev]\nprovider = \"local\"\n\n[profiles.dev.credentials]\ntoken = \"sekrit-123\"\n",
    );
    let run = sb.run(&["-vvv", "nodes", "get", "node-nope"]);
    assert_ne!(run.code, 0);
    assert!(!run.stdout.contains("sekrit-123"), "{}", run.stdout);
    assert!(!run.stderr.contains("sekrit-123"), "{}", run.stderr);
    // The run really was verbose, so the check means something.
    assert!(run.stderr.lines().count() > 1, "{}", run.stderr);

    let run = sb
        .command(&["nodes", "list"])
        .env("RUST_LOG", "trace")
        .output()
        .expect("run");
    let run = common::Run::from(run).ok();
    assert!(!run.stdout.contains("sekrit-123") && !run.stderr.contains("sekrit-123"));
}

#[test]
fn password_env_must_be_set() {
    let sb = Sandbox::new();
    let line = sb
        .run(&[
            "nodes",
            "create",
            "x",
            "--size",
            "small",
            "--image",
            "debian-12",
            "--password-env",
            "LIBCLOUD_TEST_UNSET_PASSWORD",
        ])
        .failed_with_one_line(2);
    assert!(line.contains("LIBCLOUD_TEST_UNSET_PASSWORD"), "{line}");
    assert!(node_ids(&sb).is_empty());
}
