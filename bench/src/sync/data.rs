//! The directory `sync` synchronizes: many small files of varied sizes in nested
//! folders plus a few large ones, all of pseudo-random bytes (nothing on the way can
//! compress or deduplicate them), the same names, sizes and bytes for a given [`Spec`]
//! on every run.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::figures::MIB;
use crate::{Error, Result};

/// The smallest small file, bytes.
pub const SMALL_MIN: u64 = 1024;
/// The largest small file, bytes.
pub const SMALL_MAX: u64 = 64 * 1024;
/// Large files in the directory.
pub const BIG_FILES: u32 = 4;
/// The seed every name, size and byte is drawn from.
pub const SEED: u64 = 0x5eed_0021_5a11_c0de;
/// Small files per innermost folder.
const PER_FOLDER: u32 = 100;
/// Innermost folders per top folder.
const FOLDERS_PER_TOP: u32 = 10;
/// Bytes written at a time for a large file.
const CHUNK: usize = 4 * 1024 * 1024;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Small files, 1 to 64 KiB each.
    pub files: u32,
    /// Size of each of the [`BIG_FILES`] large files, MiB.
    pub big_mib: u64,
}

/// The files of a generated directory: key (the path relative to the directory, with
/// `/` between folders) to size in bytes.
pub type Manifest = BTreeMap<String, u64>;

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path relative to the directory, `/`-separated (the object key it syncs to).
    pub key: String,
    /// Bytes.
    pub size: u64,
    /// The seed of its bytes.
    pub seed: u64,
}

/// splitmix64: one step of the generator names, sizes and content seeds come from.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

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

/// Every file of `spec`, small ones first (`dNN/eNN/fNNNNN.bin`, a hundred to a folder,
/// ten folders to a top folder), then the large ones (`big/big-N.bin`).
pub fn entries(spec: Spec) -> Vec<Entry> {
    let mut state = SEED;
    let span = SMALL_MAX - SMALL_MIN + 1;
    let mut out = Vec::with_capacity(spec.files as usize + BIG_FILES as usize);
    for i in 0..spec.files {
        let folder = i / PER_FOLDER;
        let key = format!(
            "d{:02}/e{:02}/f{i:05}.bin",
            folder / FOLDERS_PER_TOP,
            folder % FOLDERS_PER_TOP
        );
        let size = SMALL_MIN + splitmix(&mut state) % span;
        out.push(Entry {
            key,
            size,
            seed: splitmix(&mut state) | 1,
        });
    }
    for i in 0..BIG_FILES {
        out.push(Entry {
            key: format!("big/big-{i}.bin"),
            size: spec.big_mib * MIB,
            seed: splitmix(&mut state) | 1,
        });
    }
    out
}

/// Writes the files of `spec` under `dir` (which must not hold other files); returns
/// their manifest.
pub fn write(dir: &Path, spec: Spec) -> Result<Manifest> {
    let mut manifest = Manifest::new();
    let mut buf = vec![0u8; CHUNK];
    for entry in entries(spec) {
        let path = dir.join(&entry.key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::msg(format!("cannot create {}: {e}", parent.display())))?;
        }
        write_one(&path, &entry, &mut buf)
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
        manifest.insert(entry.key, entry.size);
    }
    Ok(manifest)
}

fn write_one(path: &Path, entry: &Entry, buf: &mut [u8]) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(CHUNK, File::create(path)?);
    let mut state = entry.seed;
    let mut left = entry.size;
    while left > 0 {
        let n = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
        fill(&mut state, &mut buf[..n]);
        out.write_all(&buf[..n])?;
        left -= n as u64;
    }
    out.flush()
}

/// The bytes of all files in `manifest`.
pub fn total_bytes(manifest: &Manifest) -> u64 {
    manifest.values().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Spec = Spec {
        files: 250,
        big_mib: 1,
    };

    #[test]
    fn names_and_sizes_are_the_same_on_every_call() {
        assert_eq!(entries(SMALL), entries(SMALL));
        let all = entries(SMALL);
        assert_eq!(all.len(), 254);
        assert_eq!(all[0].key, "d00/e00/f00000.bin");
        assert_eq!(all[249].key, "d00/e02/f00249.bin");
        assert_eq!(all[250].key, "big/big-0.bin");
        assert_eq!(all[253].key, "big/big-3.bin");
        let tenth = entries(Spec {
            files: 10_000,
            big_mib: 1,
        });
        assert_eq!(tenth[9_999].key, "d09/e09/f09999.bin");
        assert_eq!(tenth[1_000].key, "d01/e00/f01000.bin");
    }

    #[test]
    fn small_sizes_vary_within_bounds_and_large_ones_are_exact() {
        let all = entries(SMALL);
        let small: Vec<u64> = all[..250].iter().map(|e| e.size).collect();
        assert!(small.iter().all(|s| (SMALL_MIN..=SMALL_MAX).contains(s)));
        let distinct: std::collections::BTreeSet<u64> = small.iter().copied().collect();
        assert!(distinct.len() > 200, "sizes should vary: {distinct:?}");
        assert!(all[250..].iter().all(|e| e.size == MIB));
        let seeds: std::collections::BTreeSet<u64> = all.iter().map(|e| e.seed).collect();
        assert_eq!(seeds.len(), all.len(), "every file has bytes of its own");
    }

    #[test]
    fn written_files_match_the_manifest_and_repeat_byte_for_byte() {
        let spec = Spec {
            files: 120,
            big_mib: 1,
        };
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let manifest = write(a.path(), spec).unwrap();
        assert_eq!(manifest.len(), 124);
        assert_eq!(
            total_bytes(&manifest),
            entries(spec).iter().map(|e| e.size).sum::<u64>()
        );
        for (key, size) in &manifest {
            let meta = std::fs::metadata(a.path().join(key)).unwrap();
            assert_eq!(meta.len(), *size, "{key}");
        }
        write(b.path(), spec).unwrap();
        for key in ["d00/e01/f00119.bin", "big/big-2.bin"] {
            let x = std::fs::read(a.path().join(key)).unwrap();
            let y = std::fs::read(b.path().join(key)).unwrap();
            assert!(x == y, "{key} differs between runs");
        }
        let one = std::fs::read(a.path().join("big/big-0.bin")).unwrap();
        let two = std::fs::read(a.path().join("big/big-1.bin")).unwrap();
        assert!(one != two, "large files differ from each other");
        assert!(one.iter().filter(|&&b| b == 0).count() < one.len() / 100);
    }
}
