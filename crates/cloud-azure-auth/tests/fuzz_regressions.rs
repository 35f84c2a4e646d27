//! Replays every input kept in `fuzz/regressions/parse_answers/` (inputs the
//! `parse_answers` fuzz target once failed on, kept by `cargo xtask fuzz`, and truncated
//! samples) through the parsers the target feeds, on the stable toolchain: each input
//! must be accepted or rejected, never panic.

#[path = "../fuzz/feed/parse_answers.rs"]
mod feed;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let kept = cloud_test::fuzz::kept_inputs(crate_dir, "parse_answers");
    assert!(!kept.is_empty(), "the truncated sample is kept");
    cloud_test::fuzz::replay_kept_inputs(crate_dir, "parse_answers", feed::feed);
}
