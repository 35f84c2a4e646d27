//! Runs the real `libcloud` binary in a sandbox: its own state, data, config and home
//! directories, and none of the caller's `LIBCLOUD_*` settings.

#![allow(dead_code)]

pub mod files;
pub mod moto;
pub mod openstack;

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

/// Environment variables that hold provider credentials. A [`ReplaySandbox`] clears them
/// from every command it runs, so keys from a developer's shell never reach a test, and
/// then sets the ones the test names.
const PROVIDER_CREDENTIAL_VARS: &[&str] = &[
    "LINODE_TOKEN",
    "SLICEHOST_API_KEY",
    "GOGRID_API_KEY",
    "GOGRID_SECRET",
    "OS_CLOUD",
    "OS_AUTH_URL",
    "OS_USERNAME",
    "OS_PASSWORD",
    "OS_TOKEN",
    "OS_PROJECT_NAME",
    "OS_PROJECT_ID",
    "OS_REGION_NAME",
    "RACKSPACE_USERNAME",
    "RACKSPACE_API_KEY",
    "RACKSPACE_PASSWORD",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GOOGLE_OAUTH_ACCESS_TOKEN",
    "GOOGLE_CLOUD_PROJECT",
    "CLOUDSDK_CONFIG",
    "CLOUDSDK_CORE_PROJECT",
    "STORAGE_EMULATOR_HOST",
    "AZURE_STORAGE_CONNECTION_STRING",
    "AZURE_STORAGE_ACCOUNT",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_SUBSCRIPTION_ID",
];

/// A [`Sandbox`] whose commands talk to a fixture replay server
/// (`cloud_test::replay::Replay`) standing in for one provider's API.
///
/// Every command gets `--provider PROVIDER --endpoint <replay URL>` in front of its
/// arguments and the credential variables given to [`ReplaySandbox::start`]. The replay
/// server lives in this test process on a runtime the struct owns, so it keeps
/// answering while the test thread waits for the `libcloud` child process.
pub struct ReplaySandbox {
    sandbox: Sandbox,
    provider: String,
    /// What `--endpoint` says: the replay server's URL, or a path on it.
    endpoint: String,
    credentials: Vec<(String, String)>,
    replay: cloud_test::replay::Replay,
    /// Declared last so it is dropped last, after the replay server it runs.
    runtime: tokio::runtime::Runtime,
}

impl ReplaySandbox {
    /// Replays `fixtures/<provider>/<scenario>/` for commands run as `provider`, with the
    /// environment variables in `credentials` set.
    pub fn start(provider: &str, scenario: &str, credentials: &[(&str, &str)]) -> Self {
        let runtime = replay_runtime();
        let replay = runtime.block_on(cloud_test::replay::Replay::start(provider, scenario));
        ReplaySandbox::with(provider, credentials, replay, runtime)
    }

    /// A server with no interactions: for commands that must not send any request.
    pub fn empty(provider: &str, credentials: &[(&str, &str)]) -> Self {
        let runtime = replay_runtime();
        let replay = runtime.block_on(cloud_test::replay::Replay::empty());
        ReplaySandbox::with(provider, credentials, replay, runtime)
    }

    fn with(
        provider: &str,
        credentials: &[(&str, &str)],
        replay: cloud_test::replay::Replay,
        runtime: tokio::runtime::Runtime,
    ) -> Self {
        ReplaySandbox {
            sandbox: Sandbox::new(),
            provider: provider.to_string(),
            endpoint: replay.uri().to_string(),
            credentials: credentials
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            replay,
            runtime,
        }
    }

    /// Points `--endpoint` at `path` on the replay server instead of its root (for
    /// providers whose endpoint names one service among several, like Keystone's).
    pub fn with_endpoint_path(mut self, path: &str) -> Self {
        self.endpoint = self.replay.uri().join(path).expect("a path").to_string();
        self
    }

    /// The replay server (to mount extra interactions with [`ReplaySandbox::block_on`]).
    pub fn replay(&self) -> &cloud_test::replay::Replay {
        &self.replay
    }

    /// Runs `work` to completion on the replay server's runtime.
    pub fn block_on<F: std::future::Future>(&self, work: F) -> F::Output {
        self.runtime.block_on(work)
    }

    /// The sandbox the commands run in (for its config file and scratch files).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// A command for the binary aimed at the replay server.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut all = vec![
            "--provider",
            self.provider.as_str(),
            "--endpoint",
            self.endpoint.as_str(),
        ];
        all.extend_from_slice(args);
        let mut cmd = self.sandbox.command(&all);
        for var in PROVIDER_CREDENTIAL_VARS {
            cmd.env_remove(var);
        }
        for (k, v) in &self.credentials {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs the binary against the replay server to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run libcloud"))
    }

    /// Runs the binary with `--output json` added.
    pub fn run_json(&self, args: &[&str]) -> Run {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(&all)
    }

    /// Every request the server received so far, with the file that answered it.
    pub fn history(&self) -> Vec<String> {
        self.replay.history()
    }

    /// Panics unless every interaction of the scenario was used as often as written and
    /// no request went unmatched (see `Replay::assert_all_used`).
    pub fn assert_all_used(&self) {
        self.runtime.block_on(self.replay.assert_all_used());
    }
}

/// The runtime a replay server is started on: one worker thread, so the server's tasks
/// run while the test thread is blocked waiting for a child process.
fn replay_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("start a tokio runtime")
}

impl Run {
    /// Splits off the stderr lines `pick` selects: returns them, in order, and this run
    /// with only the other stderr lines left, for the strict checks ([`Run::quiet_ok`],
    /// [`Run::failed_with_kind`]) to look at.
    pub fn take_stderr_lines(self, pick: impl Fn(&str) -> bool) -> (Vec<String>, Run) {
        let (taken, kept): (Vec<&str>, Vec<&str>) = self.stderr.lines().partition(|l| pick(l));
        let taken = taken.into_iter().map(String::from).collect();
        let stderr = kept.iter().map(|l| format!("{l}\n")).collect();
        (taken, Run { stderr, ..self })
    }

    /// Asserts that the first stderr line, and no other, is the warning the binary prints
    /// for a defunct provider: `warning: provider PROVIDER is defunct since SINCE: …`.
    /// Returns the run without that line.
    #[track_caller]
    pub fn without_defunct_warning(self, provider: &str, since: &str) -> Run {
        let prefix = format!("warning: provider {provider} is defunct since {since}: ");
        let first = self.stderr.lines().next().unwrap_or_default().to_string();
        assert!(
            first.starts_with(&prefix) && first.len() > prefix.len(),
            "expected the defunct warning {prefix:?} first on stderr: {:?}",
            self.stderr
        );
        let (warnings, rest) = self.take_stderr_lines(|l| l.contains("defunct"));
        assert_eq!(warnings, [first], "exactly one defunct warning");
        rest
    }

    /// Asserts success with nothing at all on stderr, and returns self.
    #[track_caller]
    pub fn quiet_ok(self) -> Self {
        let run = self.ok();
        assert_eq!(run.stderr, "", "nothing on stderr on success");
        run
    }
}
