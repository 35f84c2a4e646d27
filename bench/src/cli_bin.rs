//! The `libcloud` binary the benchmarks time: built in release mode, and checked to
//! know the provider a benchmark needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::cmd::cargo;

use crate::{Error, Result};

/// Builds `target/release/libcloud` and returns its path.
pub fn build_release(root: &Path) -> Result<PathBuf> {
    eprintln!("bench: building the libcloud CLI (release)");
    let status = Command::new(cargo())
        .args(["build", "--release", "--quiet", "--package", "libcloud-cli"])
        .current_dir(root)
        .status()
        .map_err(|e| Error::msg(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Error::msg("`cargo build --release -p libcloud-cli` failed"));
    }
    let name = if cfg!(windows) {
        "libcloud.exe"
    } else {
        "libcloud"
    };
    Ok(root.join("target").join("release").join(name))
}

/// Fails unless `libcloud providers` lists `provider`.
pub fn require_provider(bin: &Path, provider: &str) -> Result<()> {
    let out = Command::new(bin)
        .arg("providers")
        .env("LIBCLOUD_OUTPUT", "table")
        .output()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
    if !out.status.success() {
        return Err(Error::msg(format!(
            "`libcloud providers` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    if lists_provider(&String::from_utf8_lossy(&out.stdout), provider) {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "the libcloud CLI has no `{provider}` provider yet (see `libcloud providers`)"
        )))
    }
}

/// Whether the table printed by `libcloud providers` has a row for `provider`.
pub fn lists_provider(table: &str, provider: &str) -> bool {
    table
        .lines()
        .skip(1)
        .any(|line| line.split_whitespace().next() == Some(provider))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_rows_are_matched_by_their_id_column() {
        let table = "\
ID     NAME              AREAS            LIFECYCLE
ec2    Amazon EC2        compute          active
local  Local simulation  compute,storage  active
";
        assert!(lists_provider(table, "ec2"));
        assert!(lists_provider(table, "local"));
        assert!(!lists_provider(table, "s3"));
        assert!(!lists_provider(table, "ID"));
        assert!(!lists_provider(table, "Amazon"));
    }
}
