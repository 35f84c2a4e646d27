//! The bytes of an upload as they come from the caller's stream: counted, hashed with
//! CRC32C, checked against the announced size, and queued in pieces (never copied into
//! one buffer) until they are sent.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};
use cloud_core::storage::ByteStream;
use cloud_core::{Error, ErrorKind, Result};
use futures::StreamExt;

/// The caller's body, read on demand.
pub(crate) struct Source {
    body: ByteStream,
    /// Bytes read so far.
    read: u64,
    /// CRC32C of the bytes read so far.
    crc: u32,
    /// The size the caller announced.
    size: Option<u64>,
    /// Whether the stream has ended.
    ended: bool,
}

impl Source {
    /// Reads `body`, which must bring exactly `size` bytes when that is given.
    pub(crate) fn new(body: ByteStream, size: Option<u64>) -> Self {
        Source {
            body,
            read: 0,
            crc: 0,
            size,
            ended: false,
        }
    }

    /// Whether every byte has been read.
    pub(crate) fn ended(&self) -> bool {
        self.ended
    }

    /// Bytes read so far.
    pub(crate) fn read(&self) -> u64 {
        self.read
    }

    /// The CRC32C of everything read so far.
    pub(crate) fn crc(&self) -> u32 {
        self.crc
    }

    /// Reads into `queue` until it holds more than `want` bytes or the body ends.
    pub(crate) async fn fill(&mut self, queue: &mut Queue, want: u64) -> Result<()> {
        while !self.ended && queue.len() <= want {
            match self.body.next().await {
                Some(Ok(piece)) => {
                    if piece.is_empty() {
                        continue;
                    }
                    self.read += piece.len() as u64;
                    if let Some(size) = self.size
                        && self.read > size
                    {
                        return Err(Error::invalid_input(format!(
                            "the body brought more than the {size} bytes announced"
                        )));
                    }
                    self.crc = crc32c::crc32c_append(self.crc, &piece);
                    queue.push(piece);
                }
                Some(Err(e)) => {
                    return Err(Error::new(
                        e.kind(),
                        format!("the upload's body failed: {}", e.message()),
                    ));
                }
                None => {
                    self.ended = true;
                    if let Some(size) = self.size
                        && self.read < size
                    {
                        return Err(Error::new(
                            ErrorKind::InvalidInput,
                            format!(
                                "the body ended after {} of the {size} bytes announced",
                                self.read
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Bytes read and not yet known to be stored: pieces of the caller's stream, in order.
#[derive(Default)]
pub(crate) struct Queue {
    pieces: VecDeque<Bytes>,
    len: u64,
}

impl Queue {
    /// Bytes queued.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    fn push(&mut self, piece: Bytes) {
        self.len += piece.len() as u64;
        self.pieces.push_back(piece);
    }

    /// Drops the first `n` bytes (they are stored).
    pub(crate) fn drop_front(&mut self, mut n: u64) {
        self.len -= n.min(self.len);
        while n > 0 {
            let Some(front) = self.pieces.front_mut() else {
                return;
            };
            let len = front.len() as u64;
            if len <= n {
                n -= len;
                self.pieces.pop_front();
            } else {
                *front = front.slice(usize::try_from(n).unwrap_or(front.len())..);
                n = 0;
            }
        }
    }

    /// The first `n` bytes as pieces (shared, not copied).
    pub(crate) fn front(&self, n: u64) -> Vec<Bytes> {
        let mut out = Vec::new();
        let mut left = n;
        for piece in &self.pieces {
            if left == 0 {
                break;
            }
            let take = (piece.len() as u64).min(left);
            out.push(piece.slice(..usize::try_from(take).unwrap_or(piece.len())));
            left -= take;
        }
        out
    }

    /// Everything queued, joined into one buffer (for a single-request upload).
    pub(crate) fn joined(&self) -> Bytes {
        let mut all = BytesMut::with_capacity(usize::try_from(self.len).unwrap_or(0));
        for piece in &self.pieces {
            all.extend_from_slice(piece);
        }
        all.freeze()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(pieces: &[&'static [u8]]) -> ByteStream {
        let owned: Vec<Bytes> = pieces.iter().map(|p| Bytes::from_static(p)).collect();
        futures::stream::iter(owned.into_iter().map(Ok)).boxed()
    }

    #[tokio::test]
    async fn pieces_are_queued_hashed_and_dropped_in_order() {
        let mut source = Source::new(stream(&[b"abc", b"", b"defg", b"h"]), Some(8));
        let mut queue = Queue::default();
        source.fill(&mut queue, 4).await.unwrap();
        assert_eq!(queue.len(), 7);
        assert!(!source.ended());
        queue.drop_front(4);
        assert_eq!(queue.front(10), [Bytes::from_static(b"efg")]);
        source.fill(&mut queue, 100).await.unwrap();
        assert!(source.ended());
        assert_eq!(queue.joined(), Bytes::from_static(b"efgh"));
        assert_eq!(source.crc(), crc32c::crc32c(b"abcdefgh"));
        assert_eq!(source.read(), 8);
    }

    #[tokio::test]
    async fn sizes_that_differ_from_the_announced_one_fail() {
        let mut queue = Queue::default();
        let long = Source::new(stream(&[b"abc"]), Some(2))
            .fill(&mut queue, 10)
            .await;
        assert_eq!(long.unwrap_err().kind(), ErrorKind::InvalidInput);
        let short = Source::new(stream(&[b"abc"]), Some(4))
            .fill(&mut Queue::default(), 10)
            .await;
        assert_eq!(short.unwrap_err().kind(), ErrorKind::InvalidInput);
    }
}
