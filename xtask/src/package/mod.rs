//! `cargo xtask package`: packs every publishable crate as `cargo publish` would (without
//! its verification build, which needs the crates on the registry), then checks what each
//! package carries and that no dependency a user builds asks for a newer Rust than the
//! crates' stated minimum.

pub mod contents;
pub mod metadata;
pub mod msrv;

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cmd::{cargo, display};
use crate::{Error, Result};

/// Packs and checks every publishable crate of the workspace at `root`; returns the exit
/// code (0 when every package is sound).
pub fn run(root: &Path) -> Result<u8> {
    let workspace = metadata::Workspace::load(root)?;
    let publishable = workspace.publishable();
    if publishable.is_empty() {
        return Err(Error::msg("no crate of the workspace is publishable"));
    }
    pack(root, &publishable)?;

    let mut problems = Vec::new();
    for package in &publishable {
        let archive = workspace
            .target_directory
            .join("package")
            .join(format!("{}-{}.crate", package.name, package.version));
        let files = contents::list_archive(&archive)?;
        let size = std::fs::metadata(&archive)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", archive.display())))?
            .len();
        problems.extend(contents::check(package, &files, size));
        println!(
            "package {} {}: {} files, {} KiB",
            package.name,
            package.version,
            files.len(),
            size.div_ceil(1024)
        );
    }
    problems.extend(msrv::check(&workspace, &publishable));

    if problems.is_empty() {
        println!(
            "{} publishable crates packed; contents and minimum Rust version checked",
            publishable.len()
        );
        Ok(0)
    } else {
        for problem in &problems {
            eprintln!("xtask package: {problem}");
        }
        Ok(1)
    }
}

/// Runs `cargo package` for `packages`, passing its output on without the notes about
/// tests and benchmarks left out of the packages (which is on purpose: they read the
/// workspace's fixtures).
fn pack(root: &Path, packages: &[metadata::Package]) -> Result<()> {
    let mut argv = vec![
        cargo(),
        "package".to_string(),
        "--no-verify".to_string(),
        "--allow-dirty".to_string(),
    ];
    for package in packages {
        argv.push("-p".to_string());
        argv.push(package.name.clone());
    }
    eprintln!("xtask: {}", display(&argv));
    let output = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", argv[0])))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr.lines().filter(|l| !is_left_out_target_note(l)) {
        eprintln!("{line}");
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::msg(format!("`{}` failed", display(&argv))))
    }
}

/// Cargo's note that a test, bench or example file is not in the package.
fn is_left_out_target_note(line: &str) -> bool {
    line.starts_with("warning: ignoring ")
        && line.ends_with("is not included in the published package")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_left_out_target_notes_are_dropped() {
        assert!(is_left_out_target_note(
            "warning: ignoring test `errors` as `tests/errors.rs` is not included in the published package"
        ));
        assert!(!is_left_out_target_note(
            "warning: manifest has no description"
        ));
        assert!(!is_left_out_target_note(
            "error: failed to prepare local package"
        ));
    }
}
