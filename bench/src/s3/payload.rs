//! The file `s3-transfer` moves: pseudo-random bytes (so nothing on the way can
//! compress or deduplicate it), the same for a given size on every run, and SHA-256
//! digests to prove each download matches it.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Bytes written or hashed at a time.
const CHUNK: usize = 4 * 1024 * 1024;

/// Fills `buf` from the xorshift64* generator at `state`, advancing it.
fn fill(state: &mut u64, buf: &mut [u8]) {
    for word in buf.chunks_mut(8) {
        let mut x = *state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *state = x;
        let bytes = x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
        word.copy_from_slice(&bytes[..word.len()]);
    }
}

/// Writes `size` pseudo-random bytes to `path`; returns their SHA-256 (hex).
pub fn write(path: &Path, size: u64) -> Result<String> {
    let file = File::create(path)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", path.display())))?;
    let mut out = BufWriter::with_capacity(CHUNK, file);
    let mut hash = Sha256::new();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut buf = vec![0u8; CHUNK];
    let mut left = size;
    while left > 0 {
        let n = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
        fill(&mut state, &mut buf[..n]);
        hash.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
        left -= n as u64;
    }
    out.flush()
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
    Ok(hex::encode(hash.finalize()))
}

/// The SHA-256 (hex) and size of the file at `path`.
pub fn digest(path: &Path) -> Result<(String, u64)> {
    let mut file =
        File::open(path).map_err(|e| Error::msg(format!("cannot open {}: {e}", path.display())))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hash.finalize()), size))
}

/// Fails loudly unless the file at `path` has the `expected` digest and size.
pub fn verify(path: &Path, expected: &str, size: u64, who: &str) -> Result<()> {
    let (actual, actual_size) = digest(path)?;
    if actual == expected && actual_size == size {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "{who}: the downloaded file differs from the upload: {actual_size} bytes with \
             SHA-256 {actual}, expected {size} bytes with SHA-256 {expected}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_returned_is_the_file_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.bin");
        let size = CHUNK as u64 * 2 + 12_345;
        let written = write(&path, size).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
        assert_eq!(digest(&path).unwrap(), (written.clone(), size));
        verify(&path, &written, size, "t").unwrap();
    }

    #[test]
    fn same_size_same_bytes_and_no_long_runs() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(&dir.path().join("a"), 100_003).unwrap();
        let b = write(&dir.path().join("b"), 100_003).unwrap();
        assert_eq!(a, b);
        let bytes = std::fs::read(dir.path().join("a")).unwrap();
        let zeros = bytes.iter().filter(|&&b| b == 0).count();
        assert!(
            zeros < bytes.len() / 100,
            "looks random: {zeros} zero bytes"
        );
    }

    #[test]
    fn known_digests() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        assert_eq!(
            write(&empty, 0).unwrap(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let abc = dir.path().join("abc");
        std::fs::write(&abc, b"abc").unwrap();
        assert_eq!(
            digest(&abc).unwrap().0,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_corrupt_download_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.bin");
        let good = write(&path, 4096).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[100] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let err = verify(&path, &good, 4096, "curl").unwrap_err();
        assert!(
            err.message()
                .starts_with("curl: the downloaded file differs"),
            "{err}"
        );
        let err = verify(&path, &good, 4097, "curl").unwrap_err();
        assert!(err.message().contains("4096 bytes"), "{err}");
    }
}
