//! A file part sent as it is read: `aws-chunked` encoding with its CRC32C in a
//! trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), so no part is held in memory and
//! every byte goes from the file to the socket while still in the CPU's cache.
//!
//! The body is made anew for each attempt (the pipeline may retry it). Each piece is
//! read when the connection asks for it: on the runtime's thread when the page cache
//! holds it (a read that never waits for the disk, as fast as a memory copy), else on
//! the blocking pool. One thread then reads, checksums and sends, as a plain `curl`
//! upload does, instead of handing every piece from a reader thread to the runtime.

use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use cloud_core::http::BodyFactory;
use cloud_core::storage::ByteStream;
use cloud_core::{Error, Result};
use futures::StreamExt;

use super::file_parts::FileRange;
use super::lock::lock;

/// Bytes read and sent as one `aws-chunked` frame: small enough that a piece is still
/// in the CPU's cache when it is checksummed and written to the socket (1 MiB pieces
/// made a 1 GiB upload about 10% slower), large enough that the costs paid per frame
/// (a read, a write, a size line, maybe a trip to the blocking pool) stay small.
pub(crate) const READ_PIECE: usize = 256 * 1024;

/// The trailer header carrying the checksum.
pub(crate) const TRAILER: &str = "x-amz-checksum-crc32c";

/// The `x-amz-content-sha256` value of such a body.
pub(crate) const CONTENT_SHA256: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// Length of the base64 form of a CRC32C.
const CRC_BASE64_LEN: u64 = 8;

/// How the last attempt's reading ended.
#[derive(Debug)]
enum Read {
    /// Not finished (or not started).
    Pending,
    /// Every byte read; the CRC32C of the range.
    Done(u32),
    /// The file could not be read.
    Failed(Error),
}

/// A file range as an `aws-chunked` body with a CRC32C trailer.
#[derive(Clone)]
pub(crate) struct TrailedBody {
    range: FileRange,
    read: Arc<Mutex<Read>>,
    /// Whether pieces the page cache holds are read on the runtime's thread (tests
    /// turn it off to take the blocking pool's path).
    cached_reads: bool,
}

impl TrailedBody {
    /// The body of `range`.
    pub fn new(range: FileRange) -> Self {
        TrailedBody {
            range,
            read: Arc::new(Mutex::new(Read::Pending)),
            cached_reads: true,
        }
    }

    /// The same body with every piece read on the blocking pool.
    #[cfg(test)]
    fn without_cached_reads(mut self) -> Self {
        self.cached_reads = false;
        self
    }

    /// Bytes of the range (`x-amz-decoded-content-length`).
    pub fn decoded_len(&self) -> u64 {
        self.range.len() as u64
    }

    /// Bytes on the wire (`content-length`).
    pub fn encoded_len(&self) -> u64 {
        encoded_len(self.decoded_len())
    }

    /// Makes each attempt's body.
    pub fn factory(&self) -> BodyFactory {
        let body = self.clone();
        Arc::new(move || body.attempt())
    }

    /// The base64 CRC32C of the range once an attempt read it all; the read error
    /// (taken out) when the file failed.
    pub fn take_outcome(&self) -> Option<Result<String>> {
        let mut read = lock(&self.read);
        match std::mem::replace(&mut *read, Read::Pending) {
            Read::Pending => None,
            Read::Done(crc) => {
                *read = Read::Done(crc);
                Some(Ok(STANDARD.encode(crc.to_be_bytes())))
            }
            Read::Failed(e) => Some(Err(e)),
        }
    }

    /// One attempt's body: its frames, read as they are asked for.
    fn attempt(&self) -> ByteStream {
        *lock(&self.read) = Read::Pending;
        let feed = Feed {
            body: self.clone(),
            at: 0,
            crc: 0,
            ended: false,
        };
        let frames = futures::stream::unfold(feed, |mut feed| async move {
            let frame = feed.next_frame().await?;
            Some((frame, feed))
        });
        frames.boxed()
    }
}

/// Where one attempt's reading is.
struct Feed {
    body: TrailedBody,
    /// Bytes of the range framed so far.
    at: usize,
    /// CRC32C of those bytes.
    crc: u32,
    /// The last frame (or an error) was handed out.
    ended: bool,
}

impl Feed {
    /// The next `aws-chunked` frame: a piece of the range between its size line and
    /// its CRLF, and after the last piece the trailer. `None` once all were given.
    async fn next_frame(&mut self) -> Option<Result<Bytes>> {
        if self.ended {
            return None;
        }
        let range = &self.body.range;
        let len = range.len();
        if self.at >= len {
            self.ended = true;
            *lock(&self.body.read) = Read::Done(self.crc);
            return Some(Ok(Bytes::from(last_frame(self.crc))));
        }
        let n = READ_PIECE.min(len - self.at);
        let head = format!("{n:x}\r\n");
        let mut frame = range.buffer(head.len() + n + 2);
        frame[..head.len()].copy_from_slice(head.as_bytes());
        frame[head.len() + n..].copy_from_slice(b"\r\n");
        let data = head.len()..head.len() + n;
        let cached = if self.body.cached_reads {
            range.read_cached(self.at, &mut frame[data.clone()])
        } else {
            0
        };
        let filled = if cached == n {
            let crc = crc32c::crc32c_append(self.crc, &frame[data]);
            Ok((frame, crc))
        } else {
            let (range, at, crc) = (range.clone(), self.at, self.crc);
            let read = tokio::task::spawn_blocking(move || {
                range.read_piece(at + cached, &mut frame[data.start + cached..data.end])?;
                let crc = crc32c::crc32c_append(crc, &frame[data]);
                Ok((frame, crc))
            });
            read.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
        };
        match filled {
            Ok((frame, crc)) => {
                self.crc = crc;
                self.at += n;
                Some(Ok(self.body.range.share(frame)))
            }
            Err(e) => {
                self.ended = true;
                let shown = self.body.range.read_error(e);
                let error = Error::new(shown.kind(), shown.message().to_string());
                *lock(&self.body.read) = Read::Failed(shown);
                Some(Err(error))
            }
        }
    }
}

/// The zero-length chunk, the trailer and the closing empty line.
fn last_frame(crc: u32) -> String {
    format!(
        "0\r\n{TRAILER}:{}\r\n\r\n",
        STANDARD.encode(crc.to_be_bytes())
    )
}

/// Bytes on the wire for `len` bytes of data in pieces of [`READ_PIECE`].
pub(crate) fn encoded_len(len: u64) -> u64 {
    let piece = READ_PIECE as u64;
    let frame = |n: u64| format!("{n:x}").len() as u64 + 2 + n + 2;
    let full = len / piece;
    let rest = len % piece;
    let mut total = full * frame(piece);
    if rest > 0 {
        total += frame(rest);
    }
    total + 3 + TRAILER.len() as u64 + 1 + CRC_BASE64_LEN + 2 + 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::file_parts::LocalFile;
    use futures::TryStreamExt;

    /// The `aws-chunked` form of `data` in pieces of [`READ_PIECE`], built by hand.
    fn expected_wire(data: &[u8]) -> Vec<u8> {
        let mut wire = Vec::new();
        for piece in data.chunks(READ_PIECE) {
            wire.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            wire.extend_from_slice(piece);
            wire.extend_from_slice(b"\r\n");
        }
        let crc = STANDARD.encode(crc32c::crc32c(data).to_be_bytes());
        wire.extend_from_slice(format!("0\r\nx-amz-checksum-crc32c:{crc}\r\n\r\n").as_bytes());
        wire
    }

    async fn collect(body: ByteStream) -> std::result::Result<Vec<u8>, String> {
        body.try_fold(Vec::new(), |mut all, piece| async move {
            all.extend_from_slice(&piece);
            Ok(all)
        })
        .await
        .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn the_body_decodes_to_the_range_with_its_crc() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        let data: Vec<u8> = (0..READ_PIECE * 2 + 1000)
            .map(|i| (i % 253) as u8)
            .collect();
        std::fs::write(&path, &data).unwrap();
        let file = LocalFile::open(&path).await.unwrap();
        let (offset, len) = (10usize, READ_PIECE * 2 + 500);
        for body in [
            TrailedBody::new(file.range(offset as u64, len)),
            TrailedBody::new(file.range(offset as u64, len)).without_cached_reads(),
        ] {
            assert!(body.take_outcome().is_none());
            let make = body.factory();
            for _ in 0..2 {
                let wire = collect(make()).await.unwrap();
                assert_eq!(
                    wire.len() as u64,
                    body.encoded_len(),
                    "content-length is exact"
                );
                let range = &data[offset..offset + len];
                assert!(
                    wire == expected_wire(range),
                    "the body is the range, aws-chunked"
                );
                let crc = STANDARD.encode(crc32c::crc32c(range).to_be_bytes());
                assert_eq!(body.take_outcome().unwrap().unwrap(), crc);
            }
            assert_eq!(body.decoded_len(), len as u64);
        }
    }

    #[tokio::test]
    async fn a_shrunk_file_fails_the_body_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        std::fs::write(&path, vec![1u8; 4000]).unwrap();
        let file = LocalFile::open(&path).await.unwrap();
        std::fs::write(&path, vec![1u8; 100]).unwrap();
        for body in [
            TrailedBody::new(file.range(0, 4000)),
            TrailedBody::new(file.range(0, 4000)).without_cached_reads(),
        ] {
            assert!(collect((body.factory())()).await.is_err());
            let err = body.take_outcome().unwrap().unwrap_err();
            assert!(err.to_string().contains("became shorter"), "{err}");
        }
    }

    #[test]
    fn encoded_lengths_count_every_frame() {
        let trailer = 3 + "x-amz-checksum-crc32c:".len() as u64 + 8 + 4;
        assert_eq!(encoded_len(0), trailer);
        assert_eq!(encoded_len(1), 1 + 2 + 1 + 2 + trailer);
        let piece = READ_PIECE as u64;
        assert_eq!(
            encoded_len(piece),
            format!("{piece:x}").len() as u64 + 2 + piece + 2 + trailer
        );
    }
}
