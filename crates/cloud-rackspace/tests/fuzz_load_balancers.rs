//! Replays every input kept in `fuzz/regressions/parse_load_balancers/` (inputs the
//! `parse_load_balancers` fuzz target once failed on, kept by `cargo xtask fuzz`, and a
//! truncated sample answer) through the parsers the target feeds, on the stable
//! toolchain: each input must be accepted or rejected, never panic. Every fixture body
//! of the `lb-*` scenarios goes through every parser too, whole, cut in half and with
//! seeded byte flips.

#[path = "../fuzz/feed/parse_load_balancers.rs"]
mod feed;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    cloud_test::fuzz::replay_kept_inputs(crate_dir, "parse_load_balancers", feed::feed);
}

#[test]
fn fixture_bodies_and_their_halves_go_through_every_parser() {
    let fixtures = cloud_test::replay::fixtures_dir().join("rackspace");
    let mut fed = 0;
    for scenario in std::fs::read_dir(&fixtures).unwrap() {
        let dir = scenario.unwrap().path();
        let is_lb = dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("lb-"));
        if !is_lb {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let response = &doc["response"];
            let body = match (&response["body_json"], &response["body"]) {
                (serde_json::Value::Null, serde_json::Value::String(s)) => s.clone().into_bytes(),
                (serde_json::Value::Null, _) => continue,
                (json, _) => serde_json::to_vec(json).unwrap(),
            };
            for selector in 0..=5u8 {
                for cut in [body.len(), body.len() / 2] {
                    let mut input = vec![selector];
                    input.extend_from_slice(&body[..cut]);
                    feed::feed(&input);
                    fed += 1;
                }
                // Seeded byte flips: the same inputs on every run.
                let mut seed =
                    0x9e37_79b9_7f4a_7c15_u64 ^ (body.len() as u64) ^ u64::from(selector);
                for _ in 0..16 {
                    let mut input = vec![selector];
                    input.extend_from_slice(&body);
                    for _ in 0..4 {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        let at = 1 + (seed as usize) % body.len().max(1);
                        if at < input.len() {
                            input[at] = (seed >> 32) as u8;
                        }
                    }
                    feed::feed(&input);
                    fed += 1;
                }
            }
        }
    }
    assert!(fed > 100, "only {fed} inputs fed");
}
