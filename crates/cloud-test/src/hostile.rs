//! Hostile inputs for parser robustness tests: every prefix of real documents, random
//! bytes, bytes drawn from a format's own alphabet, and real documents with a few bytes
//! flipped. A parser under test must return (an error is fine) for each, never panic or
//! hang.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How many random inputs of each kind are fed.
const RANDOM_ROUNDS: usize = 2_000;
/// How many mutated copies of each sample are fed.
const MUTATIONS_PER_SAMPLE: usize = 300;

/// Feeds `feed` every prefix of every sample, random bytes, random strings over
/// `alphabet` (the format's punctuation and common words make deep, nearly valid
/// documents), and samples with one to five bytes changed. `seed` makes the run
/// repeatable.
pub fn feed_hostile_inputs(
    samples: &[&[u8]],
    alphabet: &[u8],
    seed: u64,
    mut feed: impl FnMut(&[u8]),
) {
    for sample in samples {
        for end in 0..=sample.len() {
            feed(&sample[..end]);
        }
    }
    let mut rng = StdRng::seed_from_u64(seed);
    for _ in 0..RANDOM_ROUNDS {
        let len = rng.random_range(0..200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        feed(&bytes);
        if !alphabet.is_empty() {
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            feed(&text);
        }
    }
    for sample in samples.iter().filter(|s| !s.is_empty()) {
        for _ in 0..MUTATIONS_PER_SAMPLE {
            let mut bytes = sample.to_vec();
            for _ in 0..rng.random_range(1..6) {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = rng.random();
            }
            feed(&bytes);
        }
    }
}

/// The JSON answer bodies (`response.body_json`) of every interaction in the scenario
/// folders under `dir` (`fixtures/<provider>/…`, one folder per scenario, one JSON file
/// per interaction), in folder order: real answers to start hostile inputs from.
pub fn fixture_answer_bodies(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut scenarios: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    scenarios.sort();
    let mut answers = Vec::new();
    for scenario in scenarios {
        let mut files: Vec<_> = std::fs::read_dir(&scenario)
            .unwrap_or_else(|e| panic!("read {}: {e}", scenario.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            let doc: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
            if let Some(body) = doc["response"].get("body_json") {
                answers.push(serde_json::to_vec(body).expect("a JSON value serialises"));
            }
        }
    }
    answers
}

/// Feeds a fuzz feed whose first byte picks the parser (`selector % selectors`) with
/// hostile inputs made from every `step`-th of `answers` behind each selector
/// ([`feed_hostile_inputs`] with a JSON alphabet): every parser meets truncated, mutated
/// and random answers. The selector byte is kept in front of every input fed.
pub fn feed_selected_answers(
    answers: &[Vec<u8>],
    selectors: u8,
    step: usize,
    seed: u64,
    feed: impl Fn(&[u8]),
) {
    for selector in 0..selectors {
        let samples: Vec<Vec<u8>> = answers
            .iter()
            .step_by(step.max(1))
            .map(|body| {
                let mut input = vec![selector];
                input.extend_from_slice(body);
                input
            })
            .collect();
        let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
        feed_hostile_inputs(
            &refs,
            b"{}[]\":,0123456789truefalsenull",
            seed + u64::from(selector),
            |input| {
                let mut picked = vec![selector];
                picked.extend_from_slice(input.get(1..).unwrap_or_default());
                feed(&picked);
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_every_prefix_and_is_repeatable() {
        let mut first = Vec::new();
        feed_hostile_inputs(&[b"abc"], b"xy", 7, |b| first.push(b.to_vec()));
        assert_eq!(
            &first[..4],
            &[b"".to_vec(), b"a".to_vec(), b"ab".to_vec(), b"abc".to_vec()]
        );
        assert!(first.len() > 4 + RANDOM_ROUNDS);
        let mut second = Vec::new();
        feed_hostile_inputs(&[b"abc"], b"xy", 7, |b| second.push(b.to_vec()));
        assert_eq!(first, second);
    }
}
