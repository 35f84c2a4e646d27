//! The crate's `libcloud` binary: the libcloud-rs command line with the built-in
//! providers and the notebook.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Variables of a developer's shell that would change what the binary does.
const CLEARED: &[&str] = &[
    "LIBCLOUD_PROVIDER",
    "LIBCLOUD_REGION",
    "LIBCLOUD_ENDPOINT",
    "LIBCLOUD_PROFILE",
    "LIBCLOUD_OUTPUT",
    "LIBCLOUD_CONFIG",
    "LIBCLOUD_NOTEBOOK_FILE",
];

/// A scratch folder the binary runs in, as its home and config folders too.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A file in the sandbox.
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with `args`, in the sandbox.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_libcloud"));
        for var in CLEARED {
            cmd.env_remove(var);
        }
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .stdin(Stdio::null());
        cmd
    }

    /// The binary with `args` and `LIBCLOUD_NOTEBOOK_FILE` naming `notebook`.
    fn with_env(&self, notebook: &Path, args: &[&str]) -> Command {
        let mut cmd = self.command(args);
        cmd.env("LIBCLOUD_NOTEBOOK_FILE", notebook);
        cmd
    }
}

/// `--set notebook_file=FILE`, as the two words of the command line.
fn set_file(notebook: &Path) -> [String; 2] {
    [
        "--set".into(),
        format!("notebook_file={}", notebook.display()),
    ]
}

/// Runs `cmd`; panics unless it succeeds, and returns its stdout.
fn ok(mut cmd: Command) -> String {
    let out = cmd.output().expect("run libcloud");
    assert!(out.status.success(), "{cmd:?} failed: {}", show(&out));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `cmd` with `--output json`; panics unless it succeeds, and parses its stdout.
fn json(mut cmd: Command) -> Value {
    cmd.args(["--output", "json"]);
    let stdout = ok(cmd);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The ids of a JSON array of nodes.
fn ids(nodes: &Value) -> Vec<&str> {
    nodes
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|n| n["id"].as_str().expect("a node id"))
        .collect()
}

const CREATE_WEB_1: &[&str] = &[
    "--provider",
    "notebook",
    "nodes",
    "create",
    "web-1",
    "--size",
    "small",
    "--image",
    "debian-12",
    "--tag",
    "team=blue",
];

#[test]
fn providers_lists_the_notebook_beside_the_built_ins() {
    let sb = Sandbox::new();
    let list = json(sb.command(&["providers"]));
    let providers = list.as_array().expect("a JSON array");
    let ids: Vec<&str> = providers.iter().filter_map(|p| p["id"].as_str()).collect();
    assert!(
        ids.contains(&"local") && ids.contains(&"notebook"),
        "{ids:?}"
    );
    let notebook = providers.iter().find(|p| p["id"] == "notebook").unwrap();
    assert_eq!(notebook["areas"], serde_json::json!(["compute"]));

    let table = ok(sb.command(&["providers"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("notebook ") && l.contains("active")),
        "{table}"
    );
    assert!(table.lines().any(|l| l.starts_with("local ")), "{table}");
}

#[test]
fn the_provider_shows_its_options() {
    let sb = Sandbox::new();
    let details = json(sb.command(&["providers", "notebook"]));
    let settings = details["settings"].as_array().expect("settings");
    let file = settings
        .iter()
        .find(|s| s["name"] == "notebook_file")
        .unwrap_or_else(|| panic!("no notebook_file in {details}"));
    assert_eq!(file["env"], serde_json::json!(["LIBCLOUD_NOTEBOOK_FILE"]));
    let max = settings.iter().find(|s| s["name"] == "max_nodes").unwrap();
    assert_eq!(max["default"], "100");
}

#[test]
fn nodes_created_with_the_binary_persist_in_the_file() {
    let sb = Sandbox::new();
    let notebook = sb.file("nodes.json");
    let with_set = |args: &[&str]| {
        let mut cmd = sb.command(&["--provider", "notebook"]);
        cmd.args(set_file(&notebook)).args(args);
        cmd
    };

    // Every run, `nodes create` included, is told the file with `--set`.
    let created = json(with_set(&CREATE_WEB_1[2..]));
    let id = created["id"].as_str().expect("a node id").to_string();
    assert_eq!(created["name"], "web-1");
    assert_eq!(created["state"], "running");
    assert!(notebook.is_file());

    // Later runs read the node back from it.
    let listed = json(with_set(&["nodes", "list"]));
    assert_eq!(ids(&listed), [id.as_str()]);
    assert_eq!(listed[0]["tags"]["team"], "blue");
    assert_eq!(listed[0]["size"], "small");
    assert_eq!(listed[0]["location"], "desk");

    let rebooted = json(with_set(&["nodes", "reboot", &id]));
    assert_eq!(rebooted["ok"], true, "{rebooted}");
    let got = json(with_set(&["nodes", "get", &id]));
    assert_eq!(got["extra"]["reboots"], 1);

    let destroyed = json(with_set(&["nodes", "destroy", &id]));
    assert_eq!(destroyed["action"], "destroy_node", "{destroyed}");
    assert!(ids(&json(with_set(&["nodes", "list"]))).is_empty());
}

#[test]
fn the_option_wins_over_the_environment_variable() {
    let sb = Sandbox::new();
    let (from_env, from_set) = (sb.file("env.json"), sb.file("set.json"));
    json(sb.with_env(&from_env, CREATE_WEB_1));

    let mut both = sb.with_env(&from_env, &["--provider", "notebook"]);
    both.args(set_file(&from_set)).args(["nodes", "list"]);
    assert!(ids(&json(both)).is_empty(), "--set named an empty notebook");
    let env_only = json(sb.with_env(&from_env, &["--provider", "notebook", "nodes", "list"]));
    assert_eq!(env_only[0]["name"], "web-1");
}

#[test]
fn failures_are_typed_one_line_errors() {
    let sb = Sandbox::new();
    let notebook = sb.file("nodes.json");
    let fail = |args: &[&str], code: i32| -> String {
        let mut cmd = sb.with_env(&notebook, &["--provider", "notebook"]);
        let out = cmd.args(args).output().expect("run libcloud");
        assert_eq!(out.status.code(), Some(code), "{}", show(&out));
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    };
    let err = fail(&["nodes", "get", "nb-42"], 1);
    assert!(err.starts_with("error[not_found]:"), "{err}");
    assert!(err.contains("nb-42"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let err = fail(
        &[
            "nodes",
            "create",
            "x",
            "--size",
            "huge",
            "--image",
            "debian-12",
        ],
        1,
    );
    assert!(err.starts_with("error[invalid_input]:"), "{err}");
    assert!(err.contains("sizes: small, medium"), "{err}");
    assert!(!notebook.exists(), "a refused create writes nothing");

    std::fs::write(&notebook, "not json").unwrap();
    let err = fail(&["nodes", "list"], 2);
    assert!(err.starts_with("error[configuration]:"), "{err}");
    assert!(err.contains("is not a notebook file"), "{err}");
}

#[test]
fn version_names_the_crate_of_each_provider() {
    let sb = Sandbox::new();
    let text = ok(sb.command(&["--version"]));
    let line = |id: &str| -> String {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no {id} line in {text}"))
            .to_string()
    };
    let notebook = line("notebook");
    assert!(
        notebook.ends_with(&format!("libcloud-notebook {}", env!("CARGO_PKG_VERSION"))),
        "{notebook}"
    );
    assert!(line("local").contains("cloud-local"), "{text}");
}
