//! The compute parsers on every prefix of every answer of the compute fixtures, through
//! the fuzz target's feed (`fuzz/feed/parse_responses.rs`) with each compute selector:
//! truncated and wrongly routed answers must be rejected or read, never panic.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

use serde_json::Value;

/// The feed's selectors of the compute parsers.
const COMPUTE_SELECTORS: std::ops::RangeInclusive<u8> = 4..=14;

#[test]
fn every_prefix_of_every_compute_answer_is_handled() {
    let dir = cloud_test::replay::fixtures_dir().join("openstack");
    let mut bodies = Vec::new();
    for scenario in [
        "compute-conformance",
        "compute-errors",
        "microversion",
        "microversion-discovery",
    ] {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(scenario))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            if let Some(body) = doc["response"].get("body_json") {
                bodies.push(serde_json::to_vec(body).unwrap());
            }
        }
    }
    assert!(bodies.len() > 30, "{} answers", bodies.len());
    for body in &bodies {
        let step = (body.len() / 64).max(1);
        for cut in (0..=body.len()).step_by(step) {
            for selector in COMPUTE_SELECTORS {
                let mut input = vec![selector];
                input.extend_from_slice(&body[..cut]);
                feed::feed(&input);
            }
        }
    }
}
