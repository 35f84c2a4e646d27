//! Replays every input kept in `fuzz/regressions/parse_responses/` (inputs the
//! `parse_responses` fuzz target once failed on, kept by `cargo xtask fuzz`, and a
//! truncated sample answer) through the parsers the target feeds, on the stable
//! toolchain: each input must be accepted or rejected, never panic. A seeded run of
//! random and mutated inputs does the same on every test run.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    cloud_test::fuzz::replay_kept_inputs(crate_dir, "parse_responses", feed::feed);
}

const SEEDS: &[&[u8]] = &[
    include_bytes!("../../../fixtures/gcs/bodies/object.json"),
    include_bytes!("../../../fixtures/gcs/bodies/bucket.json"),
    include_bytes!("../../../fixtures/gcs/bodies/error-404.json"),
    br#"{"items":[{"name":"a","size":"1"}],"prefixes":["p/"],"nextPageToken":"t"}"#,
    br#"{"done":false,"rewriteToken":"x","totalBytesRewritten":"9"}"#,
    b"bytes 0-9/10\ncrc32c=AAAAAQ==,md5=IsNoOwlBNsM5g5GucbIPBA==\nbytes=0-9\n17",
];

#[test]
fn seeded_mutations_do_not_panic() {
    // xorshift64*: a fixed sequence, so a failure reproduces.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for round in 0..4000usize {
        let seed = SEEDS[round % SEEDS.len()];
        let mut input = vec![(next() % 256) as u8];
        input.extend_from_slice(seed);
        for _ in 0..(next() % 8) {
            if input.len() <= 1 {
                break;
            }
            let at = 1 + (next() as usize) % (input.len() - 1);
            match next() % 3 {
                0 => input[at] = (next() % 256) as u8,
                1 => input.truncate(at),
                _ => input.insert(at, b"{}[]\",:0-9/="[(next() % 12) as usize]),
            }
        }
        feed::feed(&input);
    }
}
