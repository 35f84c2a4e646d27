//! Replays every input kept in `fuzz/regressions/parse_responses/` (inputs the
//! `parse_responses` fuzz target once failed on, kept by `cargo xtask fuzz`, and a
//! truncated sample answer) through the parsers the target feeds, on the stable
//! toolchain: each input must be accepted or rejected, never panic.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    cloud_test::fuzz::replay_kept_inputs(crate_dir, "parse_responses", feed::feed);
}
