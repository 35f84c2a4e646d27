//! Which compiler builds the fuzz targets: nightly when rustup has it (installing it
//! when it can), else the stable compiler with `RUSTC_BOOTSTRAP=1`, which makes it
//! accept the `-Z` flags cargo-fuzz passes.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::ValueEnum;

use crate::{Error, Result};

/// How long `rustup toolchain install nightly` may take before we give up on it (it
/// cannot succeed without access to static.rust-lang.org).
pub const NIGHTLY_INSTALL_TIMEOUT: Duration = Duration::from_secs(120);

/// The toolchain `--toolchain` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ToolchainChoice {
    /// Nightly when available or installable, else stable with `RUSTC_BOOTSTRAP=1`.
    #[default]
    Auto,
    /// Nightly through rustup; an error when rustup has none.
    Nightly,
    /// The default toolchain with `RUSTC_BOOTSTRAP=1`.
    Stable,
}

/// The toolchain the fuzz targets are built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolchain {
    /// rustup's `nightly`, through `rustup run nightly`.
    Nightly,
    /// The default toolchain, with `RUSTC_BOOTSTRAP=1`.
    StableBootstrap,
}

impl Toolchain {
    /// Resolves the choice, saying on stderr which toolchain it took and why.
    pub fn resolve(choice: ToolchainChoice) -> Result<Self> {
        match choice {
            ToolchainChoice::Stable => Ok(Toolchain::StableBootstrap),
            ToolchainChoice::Nightly if nightly_works() => Ok(Toolchain::Nightly),
            ToolchainChoice::Nightly => Err(Error::msg(
                "--toolchain nightly: `rustup run nightly rustc --version` fails; \
                 install it with `rustup toolchain install nightly --profile minimal`",
            )),
            ToolchainChoice::Auto => Ok(Self::auto()),
        }
    }

    fn auto() -> Self {
        if nightly_works() {
            return Toolchain::Nightly;
        }
        eprintln!(
            "xtask fuzz: no nightly toolchain; trying `rustup toolchain install nightly \
             --profile minimal` (giving up after {} s)",
            NIGHTLY_INSTALL_TIMEOUT.as_secs()
        );
        if install_nightly() && nightly_works() {
            return Toolchain::Nightly;
        }
        eprintln!(
            "xtask fuzz: nightly is unavailable; building with the stable toolchain and \
             RUSTC_BOOTSTRAP=1"
        );
        Toolchain::StableBootstrap
    }

    /// A command that runs `argv` (cargo-fuzz and its arguments) on this toolchain.
    pub fn command(self, argv: &[String]) -> Command {
        match self {
            Toolchain::Nightly => {
                let mut cmd = Command::new("rustup");
                cmd.args(["run", "nightly"]).args(argv);
                cmd
            }
            Toolchain::StableBootstrap => {
                let mut cmd = Command::new(&argv[0]);
                cmd.args(&argv[1..]).env("RUSTC_BOOTSTRAP", "1");
                cmd
            }
        }
    }

    /// How the toolchain is shown in reports.
    pub fn describe(self) -> &'static str {
        match self {
            Toolchain::Nightly => "nightly (rustup run nightly)",
            Toolchain::StableBootstrap => "stable with RUSTC_BOOTSTRAP=1",
        }
    }
}

fn nightly_works() -> bool {
    Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `rustup toolchain install nightly --profile minimal`, killing it after
/// [`NIGHTLY_INSTALL_TIMEOUT`]; whether it succeeded.
fn install_nightly() -> bool {
    let Ok(mut child) = Command::new("rustup")
        .args(["toolchain", "install", "nightly", "--profile", "minimal"])
        .stdin(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if started.elapsed() < NIGHTLY_INSTALL_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(200));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(cmd: &Command) -> Vec<String> {
        std::iter::once(cmd.get_program())
            .chain(cmd.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn nightly_runs_through_rustup() {
        let cmd = Toolchain::Nightly.command(&words(&["cargo", "fuzz", "build"]));
        assert_eq!(
            argv(&cmd),
            ["rustup", "run", "nightly", "cargo", "fuzz", "build"]
        );
        assert_eq!(cmd.get_envs().count(), 0);
    }

    #[test]
    fn stable_runs_with_rustc_bootstrap() {
        let cmd =
            Toolchain::StableBootstrap.command(&words(&["/t/bin/cargo-fuzz", "fuzz", "build"]));
        assert_eq!(argv(&cmd), ["/t/bin/cargo-fuzz", "fuzz", "build"]);
        let envs: Vec<_> = cmd.get_envs().collect();
        assert_eq!(
            envs,
            [(
                std::ffi::OsStr::new("RUSTC_BOOTSTRAP"),
                Some(std::ffi::OsStr::new("1"))
            )]
        );
        assert_eq!(
            Toolchain::resolve(ToolchainChoice::Stable).unwrap(),
            Toolchain::StableBootstrap
        );
    }
}
