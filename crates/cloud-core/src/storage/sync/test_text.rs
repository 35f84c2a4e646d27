//! Pseudo-random text for the sync's no-panic tests.

/// `count` strings of up to `max_len` characters drawn from `alphabet`, the same for the
/// same `seed` (xorshift).
pub(super) fn random_strings(
    seed: u64,
    alphabet: &str,
    max_len: usize,
    count: usize,
) -> impl Iterator<Item = String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut x = seed | 1;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    (0..count).map(move |_| {
        let len = next(max_len + 1);
        (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
    })
}
