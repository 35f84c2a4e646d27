//! The command line: which task, with which options.

use std::path::Path;

use clap::{Args, Parser, Subcommand};

use crate::record::RecordOptions;
use crate::test_cmd::TestOptions;
use crate::{Error, Result};

/// Maintainer tasks for libcloud-rs.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
pub struct Cli {
    /// The task to run.
    #[command(subcommand)]
    pub task: Task,
}

/// The tasks.
#[derive(Subcommand)]
pub enum Task {
    /// Formatting check, clippy, the full test run, the docs and a short fuzzing run,
    /// stopping at the first failure.
    Ci,
    /// The main job on the embedded `local` provider: servers, a volume, a key pair and
    /// an object round trip, through the `libcloud` binary.
    Demo,
    /// Builds the release `libcloud` binary and writes it with its manual page and a
    /// completion script per shell to `target/dist/`.
    Dist,
    /// Starts the emulators the crates ask for, runs every test, stops the emulators.
    Test(TestArgs),
    /// Records a driver's HTTP traffic through a scrubbing reverse proxy as fixtures.
    RecordFixtures(RecordArgs),
    /// Benchmarks the `libcloud` CLI (release build) against reference clients on
    /// 127.0.0.1 and prints the figures side by side (`--list` names them, `--help`
    /// shows their options); runs the `libcloud-bench` package.
    #[command(disable_help_flag = true)]
    Bench(crate::bench::BenchArgs),
    /// Builds every fuzz target (`crates/*/fuzz`), seeds each from its provider's
    /// fixtures and fuzzes it for a while; a failing input is kept as a regression test.
    Fuzz(FuzzArgs),
    /// Packs every publishable crate as `cargo publish` would (no verification build) and
    /// checks the packages: license, README, no fixtures or fuzz corpora, size, and no
    /// dependency needing a newer Rust than the stated `rust-version`.
    Package,
}

/// Options of `cargo xtask fuzz`.
#[derive(Args, Debug, Clone, PartialEq, Eq)]
pub struct FuzzArgs {
    /// Seconds to fuzz each target for.
    #[arg(long, value_name = "N", default_value_t = crate::fuzz::DEFAULT_SECONDS)]
    pub seconds: u64,
    /// Only this target: its name (`parse_responses`, in every crate that has one) or
    /// `CRATE/NAME` (`cloud-s3/parse_responses`).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The toolchain to build with; `auto` takes nightly when rustup has it or can
    /// install it, else stable with `RUSTC_BOOTSTRAP=1`.
    #[arg(long, value_enum, default_value_t)]
    pub toolchain: crate::fuzz::toolchain::ToolchainChoice,
}

impl FuzzArgs {
    /// The options the fuzz task runs with.
    pub fn options(&self) -> crate::fuzz::FuzzOptions {
        crate::fuzz::FuzzOptions {
            seconds: self.seconds,
            target: self.target.clone(),
            toolchain: self.toolchain,
        }
    }
}

/// Options of `cargo xtask test`.
#[derive(Args, Debug, Clone, PartialEq, Eq)]
pub struct TestArgs {
    /// Start no emulators (tests that need one then skip or fail).
    #[arg(long)]
    pub no_services: bool,
    /// Extra arguments for the test runner, after `--` (e.g. `-- -p cloud-core`).
    #[arg(last = true)]
    pub runner_args: Vec<String>,
}

impl TestArgs {
    /// The options the test task runs with.
    pub fn options(&self) -> TestOptions {
        TestOptions {
            services: !self.no_services,
            runner_args: self.runner_args.clone(),
        }
    }
}

/// Options of `cargo xtask record-fixtures`.
#[derive(Args, Clone)]
pub struct RecordArgs {
    /// Provider id: the fixtures land in `fixtures/PROVIDER/`.
    pub provider: String,
    /// The real server every request is forwarded to (e.g. `https://api.linode.com`).
    #[arg(long, value_name = "URL")]
    pub upstream: String,
    /// Scenario folder name under `fixtures/PROVIDER/`; an existing one is replaced.
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub scenario: String,
    /// A value to replace with `[scrubbed]` wherever it appears (repeatable).
    #[arg(long, value_name = "VALUE")]
    pub secret: Vec<String>,
    /// Like `--secret`, but read the value from this environment variable (repeatable),
    /// which keeps it out of the process list.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Vec<String>,
    /// A query or form parameter whose value changes on every run (an idempotency
    /// token such as EC2's `ClientToken`), left out of the recorded request matchers
    /// (repeatable).
    #[arg(long, value_name = "KEY")]
    pub volatile: Vec<String>,
    /// The command that drives the provider, after `--`; it gets
    /// `LIBCLOUD_RECORD_ENDPOINT` and `LIBCLOUD_ENDPOINT` pointing at the proxy.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

impl RecordArgs {
    /// Checks the arguments and resolves them into options; fixtures go under
    /// `root/fixtures`.
    pub fn options(&self, root: &Path) -> Result<RecordOptions> {
        self.options_with_env(root, |name| std::env::var(name).ok())
    }

    /// [`RecordArgs::options`] with environment lookups going through `env`.
    pub fn options_with_env(
        &self,
        root: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<RecordOptions> {
        let upstream = url::Url::parse(&self.upstream)
            .map_err(|e| Error::msg(format!("--upstream {:?} is not a URL: {e}", self.upstream)))?;
        let mut secrets = self.secret.clone();
        for var in &self.secret_env {
            match env(var) {
                Some(v) if !v.is_empty() => secrets.push(v),
                _ => {
                    return Err(Error::msg(format!(
                        "--secret-env {var}: the variable is not set or empty"
                    )));
                }
            }
        }
        RecordOptions::new(
            &root.join("fixtures"),
            &self.provider,
            &self.scenario,
            upstream,
            secrets,
            self.command.clone(),
        )
        .map(|opts| opts.with_volatile(self.volatile.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> std::result::Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()))
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn test_passes_runner_args_after_double_dash() {
        let Task::Test(t) = parse(&["test", "--", "-p", "cloud-core", "--no-capture"])
            .unwrap()
            .task
        else {
            panic!("not the test task");
        };
        assert!(!t.no_services);
        assert_eq!(t.runner_args, ["-p", "cloud-core", "--no-capture"]);
        let opts = t.options();
        assert!(opts.services);

        let Task::Test(t) = parse(&["test", "--no-services"]).unwrap().task else {
            panic!("not the test task");
        };
        assert!(t.no_services && t.runner_args.is_empty());
        assert!(!t.options().services);
    }

    #[test]
    fn test_rejects_runner_args_without_double_dash() {
        assert!(parse(&["test", "-p", "cloud-core"]).is_err());
        assert!(parse(&["bench"]).is_err());
    }

    #[test]
    fn bench_passes_every_argument_on() {
        let bench_args = |words: &[&str]| {
            let Task::Bench(b) = parse(words).unwrap().task else {
                panic!("not the bench task");
            };
            b.args
        };
        assert_eq!(
            bench_args(&["bench", "ec2-list", "--nodes", "100"]),
            ["ec2-list", "--nodes", "100"]
        );
        assert_eq!(bench_args(&["bench", "--list"]), ["--list"]);
        assert_eq!(bench_args(&["bench", "--help"]), ["--help"]);
        assert_eq!(
            bench_args(&[
                "bench",
                "s3-transfer",
                "--size-mib",
                "8",
                "--server",
                "s3s-fs",
                "--runs",
                "1"
            ]),
            [
                "s3-transfer",
                "--size-mib",
                "8",
                "--server",
                "s3s-fs",
                "--runs",
                "1"
            ]
        );
    }

    #[test]
    fn fuzz_options() {
        use crate::fuzz::toolchain::ToolchainChoice;
        let fuzz_args = |words: &[&str]| {
            let Task::Fuzz(f) = parse(words).unwrap().task else {
                panic!("not the fuzz task");
            };
            f.options()
        };
        let defaults = fuzz_args(&["fuzz"]);
        assert_eq!(defaults.seconds, crate::fuzz::DEFAULT_SECONDS);
        assert_eq!(defaults.target, None);
        assert_eq!(defaults.toolchain, ToolchainChoice::Auto);
        let picked = fuzz_args(&[
            "fuzz",
            "--seconds",
            "20",
            "--target",
            "cloud-s3/parse_responses",
            "--toolchain",
            "stable",
        ]);
        assert_eq!(picked.seconds, 20);
        assert_eq!(picked.target.as_deref(), Some("cloud-s3/parse_responses"));
        assert_eq!(picked.toolchain, ToolchainChoice::Stable);
        assert!(parse(&["fuzz", "--seconds", "soon"]).is_err());
        assert!(parse(&["fuzz", "--toolchain", "beta"]).is_err());
    }

    #[test]
    fn record_needs_upstream_and_command() {
        assert!(parse(&["record-fixtures", "linode", "--", "true"]).is_err());
        assert!(
            parse(&[
                "record-fixtures",
                "linode",
                "--upstream",
                "http://127.0.0.1:1"
            ])
            .is_err()
        );
        let Task::RecordFixtures(r) = parse(&[
            "record-fixtures",
            "linode",
            "--upstream",
            "http://127.0.0.1:9/",
            "--secret",
            "s3cr3t-value",
            "--secret-env",
            "MY_TOKEN",
            "--volatile",
            "ClientToken",
            "--",
            "cargo",
            "test",
            "--",
            "--ignored",
        ])
        .unwrap()
        .task
        else {
            panic!("not the record task");
        };
        assert_eq!(r.provider, "linode");
        assert_eq!(r.scenario, "default");
        assert_eq!(r.command, ["cargo", "test", "--", "--ignored"]);
        let env = |name: &str| (name == "MY_TOKEN").then(|| "tok-from-env".to_string());
        let opts = r.options_with_env(Path::new("/repo"), env).unwrap();
        assert_eq!(opts.secrets(), ["s3cr3t-value", "tok-from-env"]);
        assert_eq!(opts.volatile(), ["ClientToken"]);
        assert_eq!(
            opts.scenario_dir(),
            Path::new("/repo/fixtures/linode/default")
        );
        let no_env = |_: &str| None;
        let err = r.options_with_env(Path::new("/repo"), no_env).unwrap_err();
        assert!(err.message().contains("MY_TOKEN"), "{err}");
    }

    #[test]
    fn record_rejects_bad_upstream() {
        let Task::RecordFixtures(r) = parse(&[
            "record-fixtures",
            "linode",
            "--upstream",
            "not a url",
            "--",
            "true",
        ])
        .unwrap()
        .task
        else {
            panic!("not the record task");
        };
        assert!(r.options(Path::new("/repo")).is_err());
    }
}
