//! Runs the real `libcloud` binary in a sandbox: its own state, data, config and home
//! directories, and none of the caller's `LIBCLOUD_*` settings.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Boot delay of simulated nodes in the tests, in milliseconds.
pub const BOOT_DELAY_MS: u64 = 300;

/// Variables a developer's shell may set that would change what the binary does.
const CLEARED: &[&str] = &[
    "LIBCLOUD_PROVIDER",
    "LIBCLOUD_REGION",
    "LIBCLOUD_ENDPOINT",
    "LIBCLOUD_PROFILE",
    "LIBCLOUD_OUTPUT",
    "LIBCLOUD_CONFIG",
    "RUST_LOG",
    "RUST_BACKTRACE",
];

/// One test's private world.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A fresh sandbox.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        for sub in ["home", "config", "data", "state", "work"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("create sandbox directory");
        }
        Sandbox { dir }
    }

    /// A path inside the sandbox's scratch directory.
    pub fn work(&self, name: &str) -> PathBuf {
        self.dir.path().join("work").join(name)
    }

    /// Where the config file goes (`$XDG_CONFIG_HOME/libcloud/config.toml`).
    pub fn config_file(&self) -> PathBuf {
        self.dir.path().join("config/libcloud/config.toml")
    }

    /// Writes the config file.
    pub fn write_config(&self, text: &str) {
        let path = self.config_file();
        std::fs::create_dir_all(path.parent().expect("config dir")).expect("mkdir config");
        std::fs::write(path, text).expect("write config");
    }

    /// The local provider's state directory.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// A command for the binary, with the sandbox's environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_libcloud"));
        for var in CLEARED {
            cmd.env_remove(var);
        }
        let root = self.dir.path();
        cmd.args(args)
            .current_dir(root.join("work"))
            .env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("LIBCLOUD_LOCAL_STATE_DIR", self.state_dir())
            .env("LIBCLOUD_LOCAL_BOOT_DELAY_MS", BOOT_DELAY_MS.to_string())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the binary to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run libcloud"))
    }

    /// Starts the binary without waiting.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn libcloud")
    }

    /// Runs the binary, expects success, and parses its stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(&all).ok().json()
    }

    /// The nodes the local provider lists.
    pub fn nodes(&self) -> Vec<serde_json::Value> {
        self.json(&["nodes", "list"])
            .as_array()
            .expect("nodes list prints an array")
            .clone()
    }
}

/// A finished run.
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts success and returns self.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "libcloud failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the failure shape every error must have: a non-zero exit code, exactly
    /// one line on stderr starting `error[KIND]: `, nothing on stdout, no panic. Returns
    /// the stderr line.
    #[track_caller]
    pub fn failed_with_one_line(&self, code: i32) -> String {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr: {:?}", self.stderr);
        let shaped = lines[0]
            .strip_prefix("error[")
            .and_then(|rest| rest.split_once("]: "))
            .is_some_and(|(kind, _)| !kind.is_empty() && !kind.contains(' '));
        assert!(shaped, "stderr: {:?}", self.stderr);
        assert_eq!(self.stdout, "", "nothing on stdout on failure");
        lines[0].to_string()
    }

    /// Like [`Run::failed_with_one_line`], and the line names the error `kind`.
    #[track_caller]
    pub fn failed_with_kind(&self, code: i32, kind: &str) -> String {
        let line = self.failed_with_one_line(code);
        assert!(
            line.starts_with(&format!("error[{kind}]: ")),
            "expected kind {kind}: {line}"
        );
        line
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}", self.stdout))
    }
}

/// Names of the files in `dir`.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
