//! Untimed bucket chores, done with our CLI's plain S3 calls (`storage containers
//! create`, `storage ls`): making each client's empty bucket and listing what a sync
//! left in it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use xtask::services::process::{TAIL_LINES, log_tail};

use super::check::{self, Listing};
use super::clients::{REGION, Target};
use crate::sandbox::Sandbox;
use crate::{Error, Result};

/// Our CLI's global options for the S3 server of `t`.
fn globals(t: &Target<'_>) -> Vec<String> {
    vec![
        "--provider".into(),
        "s3".into(),
        "--endpoint".into(),
        t.endpoint(),
        "--region".into(),
        REGION.into(),
    ]
}

/// Runs our CLI `bin` with `args` after the globals for `t`, stdout captured.
fn ours(bin: &Path, sandbox: &Sandbox, t: &Target<'_>, args: &[&str]) -> Result<Output> {
    let log = sandbox.file("setup.err");
    let mut cmd = Command::new(bin);
    sandbox.prepare(&mut cmd, t.keys, &log)?;
    let out = cmd
        .args(globals(t))
        .args(args)
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(Error::msg(format!(
            "`libcloud {}` failed ({}); stderr ends:\n{}",
            args.join(" "),
            out.status,
            log_tail(&log, TAIL_LINES)
        )))
    }
}

/// Creates `t.bucket`, empty.
pub fn create(bin: &Path, sandbox: &Sandbox, t: &Target<'_>) -> Result<()> {
    ours(
        bin,
        sandbox,
        t,
        &["storage", "containers", "create", t.bucket],
    )
    .map(|_| ())
}

/// Every object of `t.bucket`, with its size and modification time.
pub fn list(bin: &Path, sandbox: &Sandbox, t: &Target<'_>) -> Result<Listing> {
    let out = ours(
        bin,
        sandbox,
        t,
        &["--output", "json", "storage", "ls", t.bucket],
    )?;
    check::parse_listing(&String::from_utf8_lossy(&out.stdout))
}

/// Deletes the folder the server keeps `bucket`'s objects in under its `data` folder
/// (untimed, after the bucket was checked), so the disk holds one client's copy at a
/// time.
pub fn discard(data: &Path, bucket: &str) {
    let _ = std::fs::remove_dir_all(data.join(bucket));
}
