//! Cutting a body stream into parts of a fixed size, holding at most one part's bytes.

use bytes::{Bytes, BytesMut};
use cloud_core::storage::ByteStream;
use cloud_core::{Error, Result};
use futures::StreamExt;

/// Smallest buffer started for a part whose size is not known to be smaller.
const MIN_BUFFER: usize = 64 * 1024;

/// Reads a body stream part by part.
pub struct PartReader {
    body: ByteStream,
    pending: Option<Bytes>,
    ended: bool,
    part_size: usize,
    declared: Option<u64>,
    total: u64,
}

impl PartReader {
    /// Parts of `part_size` bytes (the last may be shorter) from `body`, which the
    /// caller said holds `declared` bytes, when it said.
    pub fn new(body: ByteStream, part_size: u64, declared: Option<u64>) -> Self {
        PartReader {
            body,
            pending: None,
            ended: false,
            part_size: usize::try_from(part_size).unwrap_or(usize::MAX),
            declared,
            total: 0,
        }
    }

    /// Bytes handed out so far.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The next part; `None` once the body is exhausted. A body longer than declared is
    /// an error as soon as that shows.
    pub async fn next_part(&mut self) -> Result<Option<Bytes>> {
        let mut buf: Option<BytesMut> = None;
        let mut len = 0usize;
        while len < self.part_size {
            let Some(chunk) = self.next_chunk().await? else {
                break;
            };
            let want = self.part_size - len;
            let (take, rest) = if chunk.len() > want {
                (chunk.slice(..want), Some(chunk.slice(want..)))
            } else {
                (chunk, None)
            };
            self.pending = rest;
            if buf.is_none() && take.len() == self.part_size {
                // A chunk as large as a part goes out without a copy.
                len = take.len();
                self.count(len)?;
                return Ok(Some(take));
            }
            let b = buf.get_or_insert_with(|| BytesMut::with_capacity(self.first_capacity()));
            grow(b, take.len(), self.part_size);
            b.extend_from_slice(&take);
            len += take.len();
        }
        match buf {
            Some(b) if !b.is_empty() => {
                self.count(b.len())?;
                Ok(Some(b.freeze()))
            }
            _ => Ok(None),
        }
    }

    /// Whether any byte is left, reading ahead one chunk when needed.
    pub async fn has_more(&mut self) -> Result<bool> {
        if self.pending.is_some() {
            return Ok(true);
        }
        match self.next_chunk().await? {
            Some(chunk) => {
                self.pending = Some(chunk);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Checks, after the last part, that the body had exactly the declared size.
    pub fn check_complete(&self) -> Result<()> {
        match self.declared {
            Some(declared) if declared != self.total => Err(Error::invalid_input(format!(
                "the body ended after {} bytes but its size was given as {declared}",
                self.total
            ))),
            _ => Ok(()),
        }
    }

    /// The next non-empty chunk, the held-back one first.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        while !self.ended {
            match self.body.next().await {
                Some(Ok(chunk)) if chunk.is_empty() => {}
                Some(Ok(chunk)) => return Ok(Some(chunk)),
                Some(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                None => self.ended = true,
            }
        }
        Ok(None)
    }

    fn count(&mut self, n: usize) -> Result<()> {
        self.total += n as u64;
        match self.declared {
            Some(declared) if self.total > declared => Err(Error::invalid_input(format!(
                "the body is longer than its declared size of {declared} bytes"
            ))),
            _ => Ok(()),
        }
    }

    /// A first buffer no larger than the part, nor than what is left of a body of
    /// known size.
    fn first_capacity(&self) -> usize {
        let left = self
            .declared
            .map(|d| usize::try_from(d.saturating_sub(self.total)).unwrap_or(usize::MAX));
        match left {
            Some(left) => left.clamp(1, self.part_size),
            None => MIN_BUFFER.min(self.part_size),
        }
    }
}

/// Makes room for `more` bytes, doubling but never past `cap` (so a part's buffer
/// never holds more than a part).
fn grow(buf: &mut BytesMut, more: usize, cap: usize) {
    let needed = buf.len() + more;
    if needed <= buf.capacity() {
        return;
    }
    let target = (buf.capacity() * 2).max(needed).min(cap.max(needed));
    let mut bigger = BytesMut::with_capacity(target);
    bigger.extend_from_slice(buf);
    *buf = bigger;
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn body(chunks: Vec<&'static [u8]>) -> ByteStream {
        futures::stream::iter(chunks.into_iter().map(|c| Ok(Bytes::from_static(c)))).boxed()
    }

    async fn all_parts(r: &mut PartReader) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(p) = r.next_part().await.unwrap() {
            out.push(p.to_vec());
        }
        out
    }

    #[tokio::test]
    async fn cuts_across_chunk_boundaries() {
        let mut r = PartReader::new(body(vec![b"abc", b"", b"defgh", b"ij"]), 4, None);
        assert_eq!(
            all_parts(&mut r).await,
            [b"abcd".to_vec(), b"efgh".to_vec(), b"ij".to_vec()]
        );
        assert_eq!(r.total(), 10);
        r.check_complete().unwrap();
    }

    #[tokio::test]
    async fn peeks_without_losing_bytes() {
        let mut r = PartReader::new(body(vec![b"abcd", b"e"]), 4, None);
        assert_eq!(r.next_part().await.unwrap().unwrap(), &b"abcd"[..]);
        assert!(r.has_more().await.unwrap());
        assert_eq!(r.next_part().await.unwrap().unwrap(), &b"e"[..]);
        assert!(!r.has_more().await.unwrap());
        assert_eq!(r.next_part().await.unwrap(), None);
    }

    #[tokio::test]
    async fn declared_sizes_are_enforced() {
        let mut r = PartReader::new(body(vec![b"abcdef"]), 4, Some(5));
        r.next_part().await.unwrap();
        let err = r.next_part().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let mut r = PartReader::new(body(vec![b"abc"]), 4, Some(5));
        all_parts(&mut r).await;
        assert_eq!(
            r.check_complete().unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[tokio::test]
    async fn stream_errors_pass_through() {
        let failing: ByteStream = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"ab")),
            Err(Error::io("read", std::io::Error::other("disk gone"))),
        ])
        .boxed();
        let mut r = PartReader::new(failing, 4, None);
        assert_eq!(r.next_part().await.unwrap_err().kind(), ErrorKind::Io);
    }

    #[test]
    fn buffers_never_outgrow_a_part() {
        let mut b = BytesMut::with_capacity(4);
        for _ in 0..10 {
            grow(&mut b, 10, 64);
            b.extend_from_slice(&[0; 10]);
            if b.len() >= 60 {
                break;
            }
        }
        assert!(b.capacity() <= 64, "{}", b.capacity());
    }
}
