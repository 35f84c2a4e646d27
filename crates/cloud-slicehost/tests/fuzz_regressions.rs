//! Replays every input kept in `fuzz/regressions/parsers/` (inputs the `parsers` fuzz
//! target once failed on, kept by `cargo xtask fuzz`, and a truncated sample answer)
//! through the parsers the target feeds, on the stable toolchain: each input must be
//! accepted or rejected, never panic.

#[path = "../fuzz/feed/parsers.rs"]
mod feed;

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

/// The kept inputs of a fuzz target, in name order (none when the folder is absent).
fn kept_inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|path| path.is_file());
    files.sort();
    files
}

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let panicked: Vec<String> = kept_inputs("parsers")
        .iter()
        .filter(|path| {
            let input = std::fs::read(path).expect("kept fuzz input is readable");
            catch_unwind(|| feed::feed(&input)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "parsers panicked on: {panicked:?}");
}
