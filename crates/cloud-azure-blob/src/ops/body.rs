//! Bodies: the caller's upload stream cut into blocks (at most one block's bytes held
//! by the reader; each block's MD5 and the whole upload's computed as it passes, in one
//! pass on a thread of their own), and downloads checked against the digests the
//! service states.

use bytes::{Bytes, BytesMut};
use cloud_core::storage::{BlockMd5, ByteStream, HashThread, Mark, checked_body};
use cloud_core::{Error, ErrorKind, Result};
use futures::StreamExt;
use md5::{Digest, Md5};

use crate::PROVIDER_ID;

/// One block of an upload, and its MD5 to come.
#[derive(Debug)]
pub(crate) struct Block {
    /// The block's bytes.
    pub(crate) bytes: Bytes,
    /// Its MD5, once the hashing thread got to its end.
    pub(crate) md5: Mark<[u8; 16]>,
}

impl Block {
    /// The block's MD5; an error if it could not be computed.
    pub(crate) async fn md5(self) -> Result<(Bytes, [u8; 16])> {
        let md5 = computed(self.md5.wait().await, "a block's")?;
        Ok((self.bytes, md5))
    }
}

/// `md5`, or the error saying `whose` MD5 could not be computed (the hashing thread
/// failed).
fn computed(md5: Option<[u8; 16]>, whose: &str) -> Result<[u8; 16]> {
    md5.ok_or_else(|| {
        Error::new(
            ErrorKind::Provider,
            format!("{whose} MD5 could not be computed"),
        )
    })
}

/// Reads an upload's body block by block.
pub(crate) struct BlockReader {
    body: ByteStream,
    pending: Option<Bytes>,
    ended: bool,
    declared: Option<u64>,
    total: u64,
    md5: HashThread<BlockMd5>,
}

impl BlockReader {
    /// Reads `body`, which must bring exactly `declared` bytes when that is given.
    pub(crate) fn new(body: ByteStream, declared: Option<u64>) -> Self {
        BlockReader {
            body,
            pending: None,
            ended: false,
            declared,
            total: 0,
            md5: HashThread::start(BlockMd5::new(), BlockMd5::update),
        }
    }

    /// Bytes handed out so far.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The MD5 of every byte handed out (call once the body has ended).
    pub(crate) async fn md5(self) -> Result<[u8; 16]> {
        computed(
            self.md5.finish().await.map(BlockMd5::finish),
            "the upload's",
        )
    }

    /// The next `size` bytes (fewer at the end), with their MD5 to come; `None` once
    /// the body is exhausted. A body longer or shorter than declared, or one that
    /// fails, is an error.
    pub(crate) async fn next_block(&mut self, size: usize) -> Result<Option<Block>> {
        let bytes = self.next_bytes(size).await?;
        Ok(bytes.map(|bytes| Block {
            bytes,
            md5: self.md5.mark(BlockMd5::end_block),
        }))
    }

    /// The next `size` bytes (fewer at the end), each handed to the hashing thread;
    /// `None` once the body is exhausted.
    async fn next_bytes(&mut self, size: usize) -> Result<Option<Bytes>> {
        let mut buf: Option<BytesMut> = None;
        let mut len = 0usize;
        while len < size {
            let chunk = match self.pending.take() {
                Some(c) => c,
                None => match self.next_chunk().await? {
                    Some(c) => c,
                    None => break,
                },
            };
            let want = size - len;
            let take = if chunk.len() > want {
                self.pending = Some(chunk.slice(want..));
                chunk.slice(..want)
            } else {
                chunk
            };
            if buf.is_none() && take.len() == size {
                self.count(take.clone()).await?;
                return Ok(Some(take));
            }
            let b = buf.get_or_insert_with(|| BytesMut::with_capacity(size.min(1 << 20)));
            b.extend_from_slice(&take);
            len += take.len();
            self.count(take).await?;
        }
        Ok(buf.filter(|b| !b.is_empty()).map(BytesMut::freeze))
    }

    async fn count(&mut self, bytes: Bytes) -> Result<()> {
        self.total += bytes.len() as u64;
        self.md5.feed(bytes).await;
        if let Some(d) = self.declared
            && self.total > d
        {
            return Err(Error::invalid_input(format!(
                "the body brought more than the {d} bytes announced"
            )));
        }
        Ok(())
    }

    async fn next_chunk(&mut self) -> Result<Option<Bytes>> {
        if self.ended {
            return Ok(None);
        }
        loop {
            match self.body.next().await {
                Some(Ok(chunk)) if chunk.is_empty() => continue,
                Some(Ok(chunk)) => return Ok(Some(chunk)),
                Some(Err(e)) => {
                    return Err(Error::new(
                        e.kind(),
                        format!("the upload's body failed: {}", e.message()),
                    ));
                }
                None => {
                    self.ended = true;
                    if let Some(d) = self.declared
                        && self.total + self.pending.as_ref().map_or(0, |p| p.len() as u64) < d
                    {
                        return Err(Error::invalid_input(format!(
                            "the body ended after {} of the {d} bytes announced",
                            self.total
                        )));
                    }
                    return Ok(None);
                }
            }
        }
    }
}

/// The digests a download must match.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Expected {
    /// The blob's MD5.
    pub(crate) md5: Option<[u8; 16]>,
    /// The body's CRC64 (Azure's CRC-64, the NVMe polynomial), as the service sends it.
    pub(crate) crc64: Option<[u8; 8]>,
}

/// The digests of a download, computed on a thread of their own.
type DownloadHashes = (Md5, Box<crc_fast::Digest>);

/// `body`, checked against `expected` ([`checked_body`]: hashed on a thread of its
/// own, every chunk passed on one chunk late): when a digest differs, the error takes
/// the last chunk's place.
pub(crate) fn verified(body: ByteStream, expected: Expected, what: String) -> ByteStream {
    if expected.md5.is_none() && expected.crc64.is_none() {
        return body;
    }
    let hashes: DownloadHashes = (
        Md5::new(),
        Box::new(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc64Nvme)),
    );
    let update = |(md5, crc): &mut DownloadHashes, bytes: &[u8]| {
        md5.update(bytes);
        crc.update(bytes);
    };
    checked_body(body, hashes, update, move |hashes| {
        mismatch(hashes, expected, &what)
    })
}

/// The error for digests that differ from `expected` (or could not be computed).
fn mismatch(hashes: Option<DownloadHashes>, expected: Expected, what: &str) -> Option<Error> {
    let problem = match hashes {
        None => "the bytes received could not be hashed".to_string(),
        Some((md5, crc)) => {
            let got_md5: [u8; 16] = md5.finalize().into();
            let got_crc = crc.finalize();
            let md5_bad = expected.md5.is_some_and(|want| want != got_md5);
            // The service writes the CRC64 little-endian; either order is accepted, so
            // a reader never fails on the byte order alone.
            let crc_bad = expected
                .crc64
                .is_some_and(|want| want != got_crc.to_le_bytes() && want != got_crc.to_be_bytes());
            if !md5_bad && !crc_bad {
                return None;
            }
            let which = if md5_bad { "MD5" } else { "CRC64" };
            format!("the bytes received do not match the {which} the service states")
        }
    };
    Some(
        Error::new(
            ErrorKind::Provider,
            format!("checksum mismatch downloading {what}: {problem}"),
        )
        .with_code("ChecksumMismatch")
        .in_context(PROVIDER_ID, "Get Blob"),
    )
}

#[cfg(test)]
mod tests {
    use futures::TryStreamExt;

    use super::*;

    fn stream(chunks: &[&'static [u8]]) -> ByteStream {
        let chunks: Vec<Result<Bytes>> = chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        futures::stream::iter(chunks).boxed()
    }

    #[tokio::test]
    async fn blocks_are_cut_at_the_size() {
        let mut r = BlockReader::new(stream(&[b"abc", b"defgh", b"", b"ij"]), Some(10));
        let mut blocks = Vec::new();
        while let Some(b) = r.next_block(4).await.unwrap() {
            blocks.push(b.md5().await.unwrap());
        }
        let bytes: Vec<&[u8]> = blocks.iter().map(|(b, _)| &b[..]).collect();
        assert_eq!(bytes, [&b"abcd"[..], b"efgh", b"ij"]);
        for (block, md5) in &blocks {
            assert_eq!(md5[..], Md5::digest(block)[..], "{block:?}");
        }
        assert_eq!(r.total(), 10);
        assert_eq!(
            hex::encode(r.md5().await.unwrap()),
            "a925576942e94b2ef57a066101b48876"
        );
    }

    #[tokio::test]
    async fn wrong_sizes_and_failures_are_errors() {
        let mut r = BlockReader::new(stream(&[b"abc"]), Some(2));
        assert!(r.next_block(8).await.is_err());
        let mut r = BlockReader::new(stream(&[b"abc"]), Some(5));
        assert!(r.next_block(8).await.is_err());
        let failing: ByteStream =
            futures::stream::iter([Ok(Bytes::from_static(b"a")), Err(Error::invalid_input("x"))])
                .boxed();
        assert!(BlockReader::new(failing, None).next_block(8).await.is_err());
    }

    #[tokio::test]
    async fn mismatched_digests_fail_the_last_chunk() {
        let md5 = Md5::digest(b"hello").into();
        let ok: Vec<Bytes> = verified(
            stream(&[b"hel", b"lo"]),
            Expected {
                md5: Some(md5),
                crc64: None,
            },
            "c/k".into(),
        )
        .try_collect()
        .await
        .unwrap();
        assert_eq!(ok.concat(), b"hello");
        let bad: Vec<Result<Bytes>> = verified(
            stream(&[b"hellO"]),
            Expected {
                md5: Some(md5),
                crc64: None,
            },
            "c/k".into(),
        )
        .collect()
        .await;
        let err = bad.last().unwrap().as_ref().unwrap_err();
        assert_eq!(err.code(), Some("ChecksumMismatch"));
    }

    #[tokio::test]
    async fn crc64_is_checked_when_stated() {
        let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc64Nvme, b"hello");
        let good = Expected {
            md5: None,
            crc64: Some(crc.to_le_bytes()),
        };
        let ok: Vec<Bytes> = verified(stream(&[b"he", b"llo"]), good, "c/k".into())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ok.concat(), b"hello");
        let bad: Vec<Result<Bytes>> = verified(stream(&[b"hellp"]), good, "c/k".into())
            .collect()
            .await;
        assert!(bad.last().unwrap().is_err());
    }
}
