//! Finding cargo-fuzz: the `cargo fuzz` subcommand when it works, else the copy
//! installed under `target/tools/`, installing it there from crates.io when missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::child::{self, INTERRUPTED};
use crate::cmd::{cargo, display};
use crate::interrupt::Interrupt;
use crate::{Error, Result};

/// The cargo-fuzz release installed when none is found.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Where cargo-fuzz comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CargoFuzz {
    /// `cargo fuzz` works as it is.
    Subcommand,
    /// The binary at this path (`target/tools/bin/cargo-fuzz`).
    Installed(PathBuf),
}

impl CargoFuzz {
    /// `cargo fuzz` when it works, else `root/target/tools/bin/cargo-fuzz`, installed
    /// first when missing.
    pub fn find_or_install(root: &Path, stop: &Interrupt) -> Result<Self> {
        if subcommand_works() {
            return Ok(CargoFuzz::Subcommand);
        }
        let tools = tools_dir(root);
        let bin = installed_bin(&tools);
        if bin.is_file() {
            eprintln!("xtask fuzz: using {}", bin.display());
            return Ok(CargoFuzz::Installed(bin));
        }
        let argv = install_argv(&tools);
        eprintln!(
            "xtask fuzz: `cargo fuzz` is missing; installing it (about a minute): {}",
            display(&argv)
        );
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..]).stdin(Stdio::null());
        let code = child::wait_for(cmd, "cargo install cargo-fuzz", stop, INSTALL_GRACE)?;
        if code == INTERRUPTED {
            return Err(Error::msg("interrupted while installing cargo-fuzz"));
        }
        if code != 0 || !bin.is_file() {
            return Err(Error::msg(format!(
                "installing cargo-fuzz failed (exit code {code}); run `{}` to see why",
                display(&argv)
            )));
        }
        Ok(CargoFuzz::Installed(bin))
    }

    /// The words that start cargo-fuzz, before its subcommand (`build`, `run`).
    pub fn argv(&self) -> Vec<String> {
        match self {
            CargoFuzz::Subcommand => vec!["cargo".into(), "fuzz".into()],
            CargoFuzz::Installed(bin) => vec![bin.display().to_string(), "fuzz".into()],
        }
    }
}

const INSTALL_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// `target/tools`: tools the maintainer tasks install for themselves.
pub fn tools_dir(root: &Path) -> PathBuf {
    root.join("target").join("tools")
}

fn installed_bin(tools: &Path) -> PathBuf {
    let name = if cfg!(windows) {
        "cargo-fuzz.exe"
    } else {
        "cargo-fuzz"
    };
    tools.join("bin").join(name)
}

fn install_argv(tools: &Path) -> Vec<String> {
    vec![
        cargo(),
        "install".into(),
        format!("cargo-fuzz@{CARGO_FUZZ_VERSION}"),
        "--locked".into(),
        "--root".into(),
        tools.display().to_string(),
    ]
}

fn subcommand_works() -> bool {
    Command::new("cargo")
        .args(["fuzz", "--version"])
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_into_target_tools() {
        let root = Path::new("/repo");
        let tools = tools_dir(root);
        assert_eq!(tools, Path::new("/repo/target/tools"));
        let argv = install_argv(&tools);
        assert_eq!(
            argv[1..],
            [
                "install",
                &format!("cargo-fuzz@{CARGO_FUZZ_VERSION}"),
                "--locked",
                "--root",
                "/repo/target/tools"
            ]
        );
        let installed = CargoFuzz::Installed(installed_bin(&tools));
        assert_eq!(
            installed.argv(),
            [
                format!(
                    "/repo/target/tools/bin/cargo-fuzz{}",
                    std::env::consts::EXE_SUFFIX
                ),
                "fuzz".to_string()
            ]
        );
        assert_eq!(CargoFuzz::Subcommand.argv(), ["cargo", "fuzz"]);
    }

    #[test]
    fn reuses_an_installed_copy() {
        let dir = tempfile::tempdir().unwrap();
        let bin = installed_bin(&tools_dir(dir.path()));
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::write(&bin, b"").unwrap();
        let found = CargoFuzz::find_or_install(dir.path(), &Interrupt::never()).unwrap();
        if !subcommand_works() {
            assert_eq!(found, CargoFuzz::Installed(bin));
        }
    }
}
