//! The digests an uploaded body travels with, computed on the blocking pool for large
//! bodies so that hashing one part overlaps sending another.

use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::settings::{RunningChecksum, UploadChecksum};

/// Bodies from this size up are hashed off the runtime's thread.
const OFF_THREAD_BYTES: usize = 256 * 1024;

/// What an upload request carries about its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyDigests {
    /// The checksum header's name and value.
    pub checksum: (&'static str, String),
    /// The hex SHA-256 the signature covers, when the payload is signed.
    pub sha256: Option<String>,
}

/// `data`'s checksum, and its SHA-256 when `signed`.
pub(crate) async fn body_digests(
    data: &Bytes,
    checksum: UploadChecksum,
    signed: bool,
) -> BodyDigests {
    let compute = move |data: &[u8]| compute_digests(data, checksum, signed);
    if data.len() < OFF_THREAD_BYTES {
        return compute(data);
    }
    let shared = data.clone();
    match tokio::task::spawn_blocking(move || compute(&shared)).await {
        Ok(digests) => digests,
        // The pool is shutting down: hash here instead.
        Err(_) => compute(data),
    }
}

/// `data`'s checksum, and its SHA-256 when `signed`, on the calling thread.
pub(crate) fn compute_digests(data: &[u8], checksum: UploadChecksum, signed: bool) -> BodyDigests {
    let mut digester = Digester::new(checksum, signed);
    digester.update(data);
    digester.finish()
}

/// [`BodyDigests`] computed piece by piece, so each piece is hashed while it is still
/// in the CPU's cache.
pub(crate) struct Digester {
    checksum: RunningChecksum,
    sha256: Option<Sha256>,
}

impl Digester {
    /// The checksum, and the SHA-256 when `signed`.
    pub fn new(checksum: UploadChecksum, signed: bool) -> Self {
        Digester {
            checksum: checksum.start(),
            sha256: signed.then(Sha256::new),
        }
    }

    /// Takes in the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.checksum.update(bytes);
        if let Some(sha) = self.sha256.as_mut() {
            sha.update(bytes);
        }
    }

    /// The digests of every byte taken in.
    pub fn finish(self) -> BodyDigests {
        BodyDigests {
            checksum: self.checksum.finish(),
            sha256: self.sha256.map(|sha| hex::encode(sha.finalize())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn large_and_small_bodies_hash_alike() {
        for len in [0, 10, OFF_THREAD_BYTES + 1] {
            let data = Bytes::from(vec![7u8; len]);
            let got = body_digests(&data, UploadChecksum::Crc32c, true).await;
            assert_eq!(got.checksum, UploadChecksum::Crc32c.header(&data), "{len}");
            assert_eq!(
                got.sha256,
                Some(hex::encode(Sha256::digest(&data))),
                "{len}"
            );
            let unsigned = body_digests(&data, UploadChecksum::Md5, false).await;
            assert_eq!(unsigned.sha256, None);
            assert_eq!(unsigned.checksum.0, "content-md5");
        }
    }
}
