//! A 64 MiB object streamed in and out: the content survives byte for byte, and
//! neither side ever holds more than a chunk of it.

use bytes::Bytes;
use cloud_core::storage::{ByteRange, ByteStream, ObjectStorage, PutOptions};
use cloud_local::LocalStorage;
use futures::StreamExt;
use sha2::{Digest, Sha256};

const CHUNK: usize = 256 * 1024;
const CHUNKS: usize = 256; // 64 MiB

/// Deterministic pseudo-random bytes (xorshift64), generated one chunk at a time.
struct Generator(u64);

impl Generator {
    fn chunk(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(CHUNK);
        while out.len() < CHUNK {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            out.extend_from_slice(&self.0.to_le_bytes());
        }
        out
    }
}

/// The body, and the SHA-256 the test expects, computed without keeping the data.
fn generated_body(seed: u64) -> (ByteStream, Vec<u8>) {
    let mut check = Generator(seed);
    let mut hasher = Sha256::new();
    for _ in 0..CHUNKS {
        hasher.update(check.chunk());
    }
    let stream =
        futures::stream::unfold((Generator(seed), 0), |(mut generator, sent)| async move {
            (sent < CHUNKS).then(|| {
                let chunk = Bytes::from(generator.chunk());
                (Ok(chunk), (generator, sent + 1))
            })
        });
    (Box::pin(stream), hasher.finalize().to_vec())
}

#[tokio::test]
async fn sixty_four_mib_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let storage = LocalStorage::open(dir.path()).unwrap();
    storage.create_container("big").await.unwrap();
    let (body, expected) = generated_body(0x9e37_79b9_7f4a_7c15);
    let total = (CHUNK * CHUNKS) as u64;
    let meta = storage
        .put_object("big", "blob.bin", body, &PutOptions::default())
        .await
        .unwrap();
    assert_eq!(meta.size, total);
    assert_eq!(meta.etag.as_deref(), Some(hex::encode(&expected).as_str()));

    let download = storage.get_object("big", "blob.bin", None).await.unwrap();
    assert_eq!(download.meta.size, total);
    let mut body = download.body;
    let mut hasher = Sha256::new();
    let mut seen = 0u64;
    let mut largest = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        largest = largest.max(chunk.len());
        seen += chunk.len() as u64;
        hasher.update(&chunk);
    }
    assert_eq!(seen, total);
    assert_eq!(hasher.finalize().to_vec(), expected);
    assert!(largest <= CHUNK, "a download chunk was {largest} bytes");

    // A range deep inside the object starts at the right byte.
    let start = (CHUNK * 100 + 3) as u64;
    let range = ByteRange {
        start,
        end: Some(start + 16),
    };
    let ranged = storage
        .get_object("big", "blob.bin", Some(range))
        .await
        .unwrap();
    let bytes: Vec<u8> = ranged.body.map(|c| c.unwrap().to_vec()).concat().await;
    let mut generator = Generator(0x9e37_79b9_7f4a_7c15);
    let wanted = (0..=100).map(|_| generator.chunk()).last().unwrap();
    assert_eq!(bytes, wanted[3..19]);
}
