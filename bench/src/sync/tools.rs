//! The reference clients' programs and the labels the table gives every client:
//! rclone from Debian (installed with apt-get when missing), the AWS CLI's version,
//! and whether our CLI has `storage sync` yet.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{Error, Result};

/// Where Debian's `rclone` package puts the program.
pub const RCLONE: &str = "/usr/bin/rclone";

/// Installs Debian's `rclone` with `apt-get` when it is missing.
pub fn ensure_rclone() -> Result<()> {
    if Path::new(RCLONE).is_file() {
        return Ok(());
    }
    eprintln!("bench: {RCLONE} is missing; installing it with apt-get");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let install = || apt(&["install", "-y", "-q", "rclone"]);
    let installed = install() || (apt(&["update", "-q"]) && install());
    if installed && Path::new(RCLONE).is_file() {
        Ok(())
    } else {
        Err(Error::msg(
            "rclone is a reference client of `sync`: install Debian's `rclone` package",
        ))
    }
}

/// The first line `program --version` prints, or `None` when it fails.
fn version_line(program: &Path) -> Option<String> {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            // aws-cli 1.x prints its version on stderr.
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .map(str::to_string)
        })
}

/// `rclone v1.60.1` from `rclone version`'s first line.
pub fn rclone_label(first_line: Option<&str>) -> String {
    match first_line.and_then(|l| l.split_whitespace().nth(1)) {
        Some(v) => format!("rclone {}", v.trim_end_matches("-DEV")),
        None => "rclone".into(),
    }
}

/// `aws-cli 1.46.3` from `aws --version` (`aws-cli/1.46.3 Python/3.11 …`).
pub fn aws_label(first_line: Option<&str>) -> String {
    match first_line
        .and_then(|l| l.split_whitespace().next())
        .and_then(|w| w.strip_prefix("aws-cli/"))
    {
        Some(v) => format!("aws-cli {v}"),
        None => "aws-cli".into(),
    }
}

/// The label of the rclone row.
pub fn rclone_version() -> String {
    rclone_label(version_line(Path::new(RCLONE)).as_deref())
}

/// The label of the AWS CLI row.
pub fn aws_version(aws: &Path) -> String {
    aws_label(version_line(aws).as_deref())
}

/// Whether our CLI `bin` has `storage sync` (its `--help` succeeds).
pub fn ours_has_sync(bin: &Path) -> bool {
    Command::new(bin)
        .args(["storage", "sync", "--help"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_carry_the_versions() {
        assert_eq!(rclone_label(Some("rclone v1.60.1-DEV")), "rclone v1.60.1");
        assert_eq!(rclone_label(None), "rclone");
        assert_eq!(
            aws_label(Some(
                "aws-cli/1.46.3 Python/3.11.7 Linux/6.1 botocore/1.43.62"
            )),
            "aws-cli 1.46.3"
        );
        assert_eq!(aws_label(Some("something else")), "aws-cli");
    }

    #[test]
    fn a_program_without_sync_is_told_apart() {
        assert!(!ours_has_sync(Path::new("/nonexistent/libcloud")));
        assert!(!ours_has_sync(Path::new("false")));
    }
}
