//! Strings: copied whole between quotes when nothing in them needs escaping (checked a
//! word at a time), otherwise written by serde_json with its escapes.

use super::{Error, delegate};

/// Each byte of a word set to one value.
const fn every_byte(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

const ONES: u64 = every_byte(0x01);
const HIGH_BITS: u64 = every_byte(0x80);
const CONTROL_LIMIT: u64 = every_byte(0x20);
const QUOTES: u64 = every_byte(b'"');
const BACKSLASHES: u64 = every_byte(b'\\');

/// Whether some byte of the word is a control character (below 0x20), a quote or a
/// backslash: the bytes JSON escapes. Bytes from 0x80 up never count.
fn word_needs_escape(word: u64) -> bool {
    let below_space = word.wrapping_sub(CONTROL_LIMIT);
    let quote = (word ^ QUOTES).wrapping_sub(ONES);
    let backslash = (word ^ BACKSLASHES).wrapping_sub(ONES);
    (below_space | quote | backslash) & !word & HIGH_BITS != 0
}

/// Whether `text` holds a byte JSON escapes: a word at a time, the last word read
/// overlapping the one before it; a text shorter than a word is read as one word.
pub(super) fn needs_escape(text: &[u8]) -> bool {
    let len = text.len();
    if len < 8 {
        return word_needs_escape(short_word(text));
    }
    let mut start = 0;
    while start + 8 < len {
        if word_needs_escape(word_at(text, start)) {
            return true;
        }
        start += 8;
    }
    word_needs_escape(word_at(text, len - 8))
}

/// The eight bytes of `text` from `start`.
fn word_at(text: &[u8], start: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&text[start..start + 8]);
    u64::from_ne_bytes(word)
}

/// A word holding every byte of `text` (shorter than a word) and otherwise only
/// letters: from two overlapping halves, or from its first, middle and last bytes.
fn short_word(text: &[u8]) -> u64 {
    let len = text.len();
    if len >= 4 {
        let half = |start: usize| {
            let mut half = [0; 4];
            half.copy_from_slice(&text[start..start + 4]);
            u64::from(u32::from_ne_bytes(half))
        };
        half(0) | half(len - 4) << 32
    } else if let (Some(&first), Some(&last)) = (text.first(), text.last()) {
        u64::from_ne_bytes([first, text[len / 2], last, b'a', b'a', b'a', b'a', b'a'])
    } else {
        every_byte(b'a')
    }
}

/// Writes `text` as a JSON string.
pub(super) fn write_str(out: &mut Vec<u8>, text: &str) -> Result<(), Error> {
    if needs_escape(text.as_bytes()) {
        return delegate(out, text);
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byte_needs_escape(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }

    #[test]
    fn every_byte_in_every_place_of_a_word_is_judged_as_one_at_a_time() {
        for b in 0..=u8::MAX {
            for place in 0..8 {
                for filler in [b'a', 0xC3, 0x7F, b' '] {
                    let mut word = [filler; 8];
                    word[place] = b;
                    assert_eq!(
                        word_needs_escape(u64::from_ne_bytes(word)),
                        word.iter().copied().any(byte_needs_escape),
                        "byte {b:#04x} at {place} among {filler:#04x}"
                    );
                }
            }
        }
    }

    #[test]
    fn escapes_are_found_in_words_and_in_the_tail() {
        assert!(!needs_escape(b""));
        assert!(!needs_escape("plain text, é ü and 0x7f \x7f".as_bytes()));
        for len in 1..=20 {
            assert!(!needs_escape(&vec![b'x'; len]), "{len} plain bytes");
            for at in 0..len {
                for special in [b'"', b'\\', b'\n', 0x00, 0x1F] {
                    let mut text = vec![b'x'; len];
                    text[at] = special;
                    assert!(needs_escape(&text), "{special:#04x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for text in [
            "",
            "a",
            "web-01",
            "quote \" inside",
            "tab\tand\u{1}",
            "naïve 🚀",
        ] {
            let mut out = Vec::new();
            write_str(&mut out, text).unwrap();
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }
}
