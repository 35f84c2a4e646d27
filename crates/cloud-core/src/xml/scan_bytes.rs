//! The byte searches under the scanner, eight bytes at a time in a `u64` ("SIMD within
//! a register"): portable, safe, and several times fewer instructions than a byte loop
//! over the short runs an answer is made of (indentation, a value, a tag name), where
//! a call to `memchr` costs more than it saves.

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;
/// `0xC0` in every byte: the two bits every byte below `0x40` has clear.
const TOP_TWO: u64 = 0xC0C0_C0C0_C0C0_C0C0;
/// Eight spaces: the indentation most of the text between tags is made of.
const SPACES: u64 = 0x2020_2020_2020_2020;

/// The high bit of the first (lowest) byte of `x` that is zero, and of no byte
/// before it; bytes after it may be marked too (a borrow runs on from a zero byte), so
/// only the lowest set bit is to be trusted.
#[inline]
fn first_zero_byte(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of the first byte of `x` equal to `b` (and perhaps of some after it:
/// see [`first_zero_byte`]).
#[inline]
fn first_byte_equal(x: u64, b: u8) -> u64 {
    first_zero_byte(x ^ (ONES * u64::from(b)))
}

/// The eight bytes at `at` as one word, byte `at` lowest; `None` near the end.
#[inline]
fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The index of the byte whose high bit is the lowest set bit of `mask`.
#[inline]
fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// Words looked at before a text is taken to be long and handed to `memchr2`, whose
/// vector loop wins once it has a few dozen bytes to run over.
const SHORT_TEXT_WORDS: usize = 4;

/// Where the first `<` or `&` at or after `from` is, or `bytes.len()`.
#[inline]
pub(super) fn text_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    for _ in 0..SHORT_TEXT_WORDS {
        let Some(x) = word(bytes, at) else {
            break;
        };
        if x == SPACES {
            at += 8;
            continue;
        }
        // The lowest marked byte of either is the first `<` or `&`.
        let hits = first_byte_equal(x, b'<') | first_byte_equal(x, b'&');
        if hits != 0 {
            return at + first(hits);
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    memchr::memchr2(b'<', b'&', rest).map_or(bytes.len(), |i| at + i)
}

/// Where the first byte at or after `from` that `stops` is, or `bytes.len()`. Only
/// bytes below `0x40` are shown to `stops` (with where they are), in order, so every
/// byte it is true of must be below `0x40`.
#[inline]
pub(super) fn first_low_byte_where(
    bytes: &[u8],
    from: usize,
    mut stops: impl FnMut(usize, u8) -> bool,
) -> usize {
    let mut at = from;
    while let Some(x) = word(bytes, at) {
        // Marks every byte below `0x40` and perhaps some after the first: each is
        // looked at again.
        let mut low = first_zero_byte(x & TOP_TWO);
        while low != 0 {
            let i = at + first(low);
            let b = x.to_le_bytes()[first(low)];
            if b < 0x40 && stops(i, b) {
                return i;
            }
            low &= low - 1;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b < 0x40 && stops(at, b) {
            return at;
        }
        at += 1;
    }
    bytes.len().max(from)
}

/// Whether `bytes` at `at` starts with `prefix`.
#[inline]
pub(super) fn starts_with_at(bytes: &[u8], at: usize, prefix: &[u8]) -> bool {
    let Some(end) = at.checked_add(prefix.len()) else {
        return false;
    };
    let Some(here) = bytes.get(at..end) else {
        return false;
    };
    let len = prefix.len();
    if len < 8 {
        // A byte loop beats a call to `memcmp` on so few.
        return here.iter().zip(prefix).all(|(a, b)| a == b);
    }
    // Whole words, then the last eight bytes (overlapping the words before).
    let mut i = 0;
    while i + 8 <= len {
        if word(here, i) != word(prefix, i) {
            return false;
        }
        i += 8;
    }
    word(here, len - 8) == word(prefix, len - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same searches, a byte at a time.
    fn text_end_slowly(bytes: &[u8], from: usize) -> usize {
        (from..bytes.len())
            .find(|&i| bytes[i] == b'<' || bytes[i] == b'&')
            .unwrap_or(bytes.len())
    }

    fn is_name_stop(b: u8) -> bool {
        matches!(b, b' ' | b'\n' | b'/' | b'>' | b'=')
    }

    #[test]
    fn text_ends_where_a_byte_loop_says() {
        let doc = "\n        <instanceId>i-0123456789abcdef0</instanceId>&amp; é☺ \u{80}\u{FF}x<";
        let bytes = doc.as_bytes();
        for from in 0..=bytes.len() {
            assert_eq!(
                text_end(bytes, from),
                text_end_slowly(bytes, from),
                "{from}"
            );
        }
        assert_eq!(text_end(b"no markup at all, long enough", 0), 29);
        assert_eq!(text_end(b"", 0), 0);
        let long = format!("{}&", " ".repeat(100));
        assert_eq!(text_end(long.as_bytes(), 3), 100);
        assert_eq!(text_end(b"abc", 7), 3);
    }

    #[test]
    fn every_byte_value_is_told_apart() {
        for b in 0..=255u8 {
            let mut bytes = vec![b'a'; 20];
            bytes[11] = b;
            let want = if b == b'<' || b == b'&' { 11 } else { 20 };
            assert_eq!(text_end(&bytes, 0), want, "{b:#x}");
            let want = if is_name_stop(b) { 11 } else { 20 };
            assert_eq!(
                first_low_byte_where(&bytes, 0, |_, b| is_name_stop(b)),
                want,
                "{b:#x}"
            );
        }
    }

    #[test]
    fn low_bytes_that_do_not_stop_are_passed() {
        let bytes = b"ipv6-Address.1:x9 rest";
        for from in 0..=bytes.len() {
            let slowly = (from..bytes.len())
                .find(|&i| is_name_stop(bytes[i]))
                .unwrap_or(bytes.len());
            assert_eq!(
                first_low_byte_where(bytes, from, |_, b| is_name_stop(b)),
                slowly
            );
        }
    }

    #[test]
    fn prefixes_are_compared_whole() {
        let bytes = b"</instanceStateReason>";
        assert!(starts_with_at(bytes, 2, b"instanceStateReason"));
        assert!(starts_with_at(bytes, 2, b"instanceState"));
        assert!(!starts_with_at(bytes, 2, b"instanceStateReasoM"));
        assert!(!starts_with_at(bytes, 2, b"instanceStateReason>x"));
        assert!(starts_with_at(bytes, 22, b""));
        assert!(!starts_with_at(bytes, 23, b""));
        assert!(!starts_with_at(bytes, usize::MAX, b"a"));
        assert!(starts_with_at(
            b"abcdefghijklmnopq",
            0,
            b"abcdefghijklmnopq"
        ));
        assert!(!starts_with_at(
            b"abcdefghijklmnopq",
            0,
            b"abcdefgXijklmnopq"
        ));
        // The overlapping last word, and the byte loop under eight bytes.
        assert!(!starts_with_at(
            b"abcdefghijklmnopq",
            0,
            b"abcdefghijklmnopX"
        ));
        assert!(!starts_with_at(b"abcdefgh", 0, b"abcdefgX"));
        assert!(starts_with_at(b"abcdefgh", 1, b"bcdefgh"));
        assert!(!starts_with_at(b"abcdefgh", 1, b"bcdefgX"));
        assert!(!starts_with_at(b"abcdefgh", 1, b"Xcdefgh"));
    }
}
