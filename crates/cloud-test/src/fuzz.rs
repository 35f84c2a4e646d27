//! Replaying the inputs a fuzz target keeps (`fuzz/regressions/<target>/` in a provider
//! crate: inputs it once failed on, and a truncated sample answer) on the stable
//! toolchain, so a fixed parser stays fixed.

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

/// The kept inputs of `target` in the crate at `crate_dir`, in name order (none when the
/// folder is absent).
pub fn kept_inputs(crate_dir: &Path, target: &str) -> Vec<PathBuf> {
    let dir = crate_dir.join("fuzz").join("regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|path| path.is_file());
    files.sort();
    files
}

/// Feeds every kept input of `target` to `feed` (the same function the fuzz target
/// calls); panics naming the inputs on which `feed` panicked.
pub fn replay_kept_inputs(
    crate_dir: &Path,
    target: &str,
    feed: impl Fn(&[u8]) + std::panic::RefUnwindSafe,
) {
    let panicked: Vec<String> = kept_inputs(crate_dir, target)
        .iter()
        .filter(|path| {
            let input = std::fs::read(path).expect("kept fuzz input is readable");
            catch_unwind(|| feed(&input)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "parsers panicked on: {panicked:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_inputs_are_replayed_and_a_panic_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("fuzz/regressions/t");
        std::fs::create_dir_all(&kept).unwrap();
        std::fs::write(kept.join("b-fine"), b"ok").unwrap();
        std::fs::write(kept.join("a-boom"), b"boom").unwrap();
        let names: Vec<_> = kept_inputs(dir.path(), "t")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a-boom", "b-fine"]);
        assert!(kept_inputs(dir.path(), "absent").is_empty());
        replay_kept_inputs(dir.path(), "absent", |_| panic!("nothing to feed"));
        let failed = std::panic::catch_unwind(|| {
            replay_kept_inputs(dir.path(), "t", |input| assert_ne!(input, b"boom"))
        });
        let message = failed.unwrap_err();
        let text = message
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(
            text.contains("a-boom") && !text.contains("b-fine"),
            "{text}"
        );
    }
}
