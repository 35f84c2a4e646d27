//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure with
//! the command that fixes or reproduces it.

use std::path::Path;
use std::process::Command;

use crate::cmd::{cargo, display, exit_code};
use crate::interrupt::Interrupt;
use crate::test_cmd::{self, TestOptions};
use crate::{Error, Result};

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Runs cargo with these arguments and extra environment.
    Cargo {
        /// Arguments after `cargo`.
        args: Vec<String>,
        /// Extra environment variables.
        env: Vec<(String, String)>,
    },
    /// The full test run of `cargo xtask test`.
    Tests,
    /// `cargo xtask fuzz`, each target for this many seconds.
    Fuzz {
        /// Seconds per target.
        seconds: u64,
    },
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What it checks, for the progress lines.
    pub title: &'static str,
    /// How.
    pub action: Action,
    /// What to run when it fails.
    pub fix: &'static str,
}

fn cargo_step(title: &'static str, args: &[&str], env: &[(&str, &str)], fix: &'static str) -> Step {
    Step {
        title,
        action: Action::Cargo {
            args: args.iter().map(|a| a.to_string()).collect(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        },
        fix,
    }
}

/// The checks, in the order they run.
pub fn steps() -> Vec<Step> {
    vec![
        cargo_step(
            "formatting",
            &["fmt", "--all", "--", "--check"],
            &[],
            "run `cargo fmt --all` to format the code",
        ),
        cargo_step(
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
            "fix the warnings above; `cargo clippy --workspace --all-targets -- -D warnings` shows them again",
        ),
        Step {
            title: "tests",
            action: Action::Tests,
            fix: "fix the failing tests above; `cargo xtask test` runs them again \
                  (`cargo xtask test -- -p CRATE` for one crate)",
        },
        cargo_step(
            "benchmark tests",
            &["test", "-p", crate::test_cmd::BENCH_PACKAGE],
            &[],
            "fix the failing benchmark tests above; `cargo test -p libcloud-bench` runs them again",
        ),
        cargo_step(
            "docs",
            &["doc", "--workspace", "--no-deps"],
            &[("RUSTDOCFLAGS", "-D warnings")],
            "fix the doc warnings above; `RUSTDOCFLAGS='-D warnings' cargo doc --workspace --no-deps` shows them again",
        ),
        cargo_step(
            "packages",
            &["xtask", "package"],
            &[],
            "fix the packaging problems above; `cargo xtask package` checks them again",
        ),
        Step {
            title: "fuzzing",
            action: Action::Fuzz {
                seconds: crate::fuzz::CI_SECONDS,
            },
            fix: "fix the parser panic above; its input is kept under \
                  crates/<crate>/fuzz/regressions/ and \
                  `cargo test -p <crate> --test fuzz_regressions` replays it",
        },
    ]
}

/// Runs every step; the result is 0 when all pass, else the failing step's exit code.
pub fn run(root: &Path, stop: &Interrupt) -> Result<u8> {
    let all = steps();
    for (i, step) in all.iter().enumerate() {
        if stop.is_set() {
            return Ok(130);
        }
        eprintln!("xtask ci [{}/{}]: {}", i + 1, all.len(), step.title);
        let code = match &step.action {
            Action::Cargo { args, env } => run_cargo(root, args, env)?,
            Action::Tests => test_cmd::run(
                root,
                &TestOptions {
                    services: true,
                    runner_args: Vec::new(),
                },
                stop,
            )?,
            Action::Fuzz { seconds } => crate::fuzz::run(
                root,
                &crate::fuzz::FuzzOptions {
                    seconds: *seconds,
                    target: None,
                    toolchain: Default::default(),
                },
                stop,
            )?,
        };
        if stop.is_set() {
            eprintln!("xtask ci: interrupted during {}", step.title);
            return Ok(130);
        }
        if code != 0 {
            eprintln!("xtask ci: {} failed: {}", step.title, step.fix);
            return Ok(code);
        }
    }
    eprintln!("xtask ci: all checks passed");
    Ok(0)
}

fn run_cargo(root: &Path, args: &[String], env: &[(String, String)]) -> Result<u8> {
    let argv: Vec<String> = std::iter::once(cargo())
        .chain(args.iter().cloned())
        .collect();
    let status = Command::new(&argv[0])
        .args(&argv[1..])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(root)
        .status()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", display(&argv))))?;
    Ok(exit_code(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_run_in_the_agreed_order() {
        let titles: Vec<&str> = steps().iter().map(|s| s.title).collect();
        assert_eq!(
            titles,
            [
                "formatting",
                "clippy",
                "tests",
                "benchmark tests",
                "docs",
                "packages",
                "fuzzing"
            ]
        );
    }

    #[test]
    fn commands_and_fix_hints() {
        let all = steps();
        let Action::Cargo { args, env } = &all[0].action else {
            panic!("formatting runs cargo");
        };
        assert_eq!(display(args), "fmt --all -- --check");
        assert!(env.is_empty());
        assert!(all[0].fix.contains("cargo fmt --all"));

        let Action::Cargo { args, .. } = &all[1].action else {
            panic!("clippy runs cargo");
        };
        assert_eq!(
            display(args),
            "clippy --workspace --all-targets -- -D warnings"
        );
        assert!(
            all[1]
                .fix
                .contains("cargo clippy --workspace --all-targets -- -D warnings")
        );

        assert_eq!(all[2].action, Action::Tests);
        assert!(all[2].fix.contains("cargo xtask test"));

        let Action::Cargo { args, env } = &all[4].action else {
            panic!("docs run cargo");
        };
        assert_eq!(display(args), "doc --workspace --no-deps");
        assert_eq!(
            env,
            &[("RUSTDOCFLAGS".to_string(), "-D warnings".to_string())]
        );
        assert!(all[4].fix.contains("RUSTDOCFLAGS='-D warnings' cargo doc"));

        let Action::Cargo { args, .. } = &all[5].action else {
            panic!("packaging runs cargo");
        };
        assert_eq!(display(args), "xtask package");

        assert_eq!(
            all[6].action,
            Action::Fuzz {
                seconds: crate::fuzz::CI_SECONDS
            }
        );
        assert!(all[6].fix.contains("--test fuzz_regressions"));
    }
}
