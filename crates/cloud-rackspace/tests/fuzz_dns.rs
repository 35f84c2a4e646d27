//! Replays every input kept in `fuzz/regressions/parse_dns/` (inputs the `parse_dns`
//! fuzz target once failed on, kept by `cargo xtask fuzz`, and a truncated sample
//! answer) through the Cloud DNS parsers the target feeds, on the stable toolchain: each
//! input must be accepted or rejected, never panic. A seeded run of the same parsers on
//! the fixtures' bodies, cut and flipped, follows.

#[path = "../fuzz/feed/parse_dns.rs"]
mod feed;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let kept = cloud_test::fuzz::kept_inputs(crate_dir, "parse_dns");
    assert!(!kept.is_empty(), "the sample-truncated input is kept");
    cloud_test::fuzz::replay_kept_inputs(crate_dir, "parse_dns", feed::feed);
}

#[test]
fn fixture_bodies_cut_and_flipped_do_not_panic() {
    let dir = cloud_test::replay::fixtures_dir()
        .join("rackspace")
        .join("dns");
    let mut bodies = Vec::new();
    for scenario in std::fs::read_dir(&dir).expect("the dns fixtures") {
        let scenario = scenario.expect("a scenario folder").path();
        for file in std::fs::read_dir(&scenario).expect("fixture files") {
            let path = file.expect("a fixture file").path();
            let text = std::fs::read_to_string(&path).expect("a fixture");
            let doc: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
            if let Some(body) = doc["response"].get("body_json") {
                bodies.push(serde_json::to_vec(body).expect("JSON"));
            }
        }
    }
    assert!(bodies.len() > 50, "{} bodies", bodies.len());
    let mut seed: u64 = 0x5eed_d115;
    for body in &bodies {
        for selector in 0..6u8 {
            let mut input = vec![selector];
            input.extend_from_slice(body);
            feed::feed(&input);
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let mut changed = input.clone();
                let at = 1 + (seed >> 33) as usize % body.len().max(1);
                changed.truncate(at.min(changed.len()));
                if let Some(byte) = changed.get_mut(at / 2 + 1) {
                    *byte ^= (seed >> 17) as u8 | 1;
                }
                feed::feed(&changed);
            }
        }
    }
}
