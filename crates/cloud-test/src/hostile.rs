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
