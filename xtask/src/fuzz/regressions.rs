//! Keeping a failing input as a regression test: libFuzzer's artifact is copied into
//! the target's committed `fuzz/regressions/<target>/` folder, which the crate's
//! `tests/fuzz_regressions.rs` replays on the stable toolchain.

use std::path::{Path, PathBuf};

use super::targets::FuzzTarget;
use crate::{Error, Result};

/// Copies `artifact` into the regressions folder of `target` under the same file name
/// (`crash-<sha1>`, `timeout-…`, `oom-…`) and returns where it went.
pub fn keep(artifact: &Path, target: &FuzzTarget) -> Result<PathBuf> {
    let name = artifact
        .file_name()
        .ok_or_else(|| Error::msg(format!("{} names no file", artifact.display())))?;
    let dir = target.regressions_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    let kept = dir.join(name);
    std::fs::copy(artifact, &kept).map_err(|e| {
        Error::msg(format!(
            "cannot copy {} to {}: {e}",
            artifact.display(),
            kept.display()
        ))
    })?;
    Ok(kept)
}

/// How to run a kept input again: through the stable regression test, and through the
/// fuzz target itself.
pub fn reproduce_hint(root: &Path, target: &FuzzTarget, kept: &Path) -> String {
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    format!(
        "kept as {kept}; reproduce with\n  \
         cargo test -p {krate} --test fuzz_regressions\n  \
         cargo +nightly fuzz run {flags} --fuzz-dir {fuzz_dir} {name} {kept}",
        kept = relative(kept),
        flags = super::BUILD_FLAGS.join(" "),
        krate = target.crate_name,
        fuzz_dir = relative(&target.fuzz_dir),
        name = target.name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::targets::InputShape;

    #[test]
    fn artifact_is_copied_into_the_regressions_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = FuzzTarget {
            crate_name: "cloud-acme".into(),
            name: "parsers".into(),
            fuzz_dir: root.join("crates/cloud-acme/fuzz"),
            shape: InputShape::Body,
        };
        let artifact = root.join("crates/cloud-acme/fuzz/artifacts/parsers/crash-00ff");
        std::fs::create_dir_all(artifact.parent().unwrap()).unwrap();
        std::fs::write(&artifact, b"\x01{\"id\":").unwrap();

        let kept = keep(&artifact, &target).unwrap();
        assert_eq!(
            kept,
            root.join("crates/cloud-acme/fuzz/regressions/parsers/crash-00ff")
        );
        assert_eq!(std::fs::read(&kept).unwrap(), b"\x01{\"id\":");
        // Keeping it again (the same crash on a later run) is fine.
        assert_eq!(keep(&artifact, &target).unwrap(), kept);

        let hint = reproduce_hint(root, &target, &kept);
        assert!(hint.contains("kept as crates/cloud-acme/fuzz/regressions/parsers/crash-00ff"));
        assert!(hint.contains("cargo test -p cloud-acme --test fuzz_regressions"));
        assert!(hint.contains(
            "cargo +nightly fuzz run -O --debug-assertions --sanitizer none \
             --fuzz-dir crates/cloud-acme/fuzz parsers \
             crates/cloud-acme/fuzz/regressions/parsers/crash-00ff"
        ));

        assert!(keep(&root.join("missing"), &target).is_err());
    }
}
