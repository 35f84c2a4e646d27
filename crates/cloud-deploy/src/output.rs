//! Bounded capture of a command's output: the tail beyond a limit is kept, and the
//! number of bytes dropped before it counted.

use std::collections::VecDeque;

/// How many bytes of stdout and of stderr a step keeps by default (64 KiB each).
pub const DEFAULT_OUTPUT_LIMIT: usize = 64 * 1024;

/// The last `limit` bytes of a stream, and how many came before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedOutput {
    limit: usize,
    tail: VecDeque<u8>,
    dropped: u64,
}

impl BoundedOutput {
    /// An empty capture keeping at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        BoundedOutput {
            limit,
            tail: VecDeque::new(),
            dropped: 0,
        }
    }

    /// Adds `bytes` at the end, dropping the oldest bytes beyond the limit.
    pub fn push(&mut self, bytes: &[u8]) {
        if bytes.len() >= self.limit {
            let skip = bytes.len() - self.limit;
            self.dropped += (self.tail.len() + skip) as u64;
            self.tail.clear();
            self.tail.extend(&bytes[skip..]);
            return;
        }
        self.tail.extend(bytes);
        let over = self.tail.len().saturating_sub(self.limit);
        if over > 0 {
            self.tail.drain(..over);
            self.dropped += over as u64;
        }
    }

    /// How many bytes were dropped from the front.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The bytes kept.
    pub fn bytes(&self) -> Vec<u8> {
        self.tail.iter().copied().collect()
    }

    /// The bytes kept as text (invalid UTF-8, such as a character cut at the front,
    /// replaced by U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_the_limit_everything_is_kept() {
        let mut out = BoundedOutput::new(10);
        out.push(b"abc");
        out.push(b"def");
        assert_eq!(out.bytes(), b"abcdef");
        assert_eq!(out.dropped(), 0);
    }

    #[test]
    fn the_tail_is_kept_and_the_rest_counted() {
        let mut out = BoundedOutput::new(4);
        out.push(b"abc");
        out.push(b"def");
        assert_eq!(out.bytes(), b"cdef");
        assert_eq!(out.dropped(), 2);
        out.push(b"0123456789");
        assert_eq!(out.bytes(), b"6789");
        assert_eq!(out.dropped(), 12);
        out.push(b"");
        assert_eq!(out.dropped(), 12);
    }

    #[test]
    fn a_chunk_exactly_the_limit_replaces_the_tail() {
        let mut out = BoundedOutput::new(3);
        out.push(b"xy");
        out.push(b"abc");
        assert_eq!(out.bytes(), b"abc");
        assert_eq!(out.dropped(), 2);
    }

    #[test]
    fn a_zero_limit_keeps_nothing_but_counts() {
        let mut out = BoundedOutput::new(0);
        out.push(b"hello");
        assert!(out.bytes().is_empty());
        assert_eq!(out.dropped(), 5);
    }

    #[test]
    fn a_character_cut_at_the_front_becomes_a_replacement() {
        let mut out = BoundedOutput::new(4);
        out.push("aé!".as_bytes());
        out.push("é".as_bytes());
        assert_eq!(out.dropped(), 2);
        assert_eq!(out.text(), "\u{fffd}!é");
    }
}
