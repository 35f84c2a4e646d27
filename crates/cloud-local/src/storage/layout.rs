//! How objects map to files inside a container directory.
//!
//! Keys may hold `/`, and `a` and `a/b` may both exist, so keys are never turned into
//! nested paths. Each object is two flat files in its container's directory:
//!
//! - `<stem>.meta`: JSON metadata naming the data file; the commit point of a write.
//!   `<stem>` is the key percent-encoded so that only `[a-z0-9_-]` and `%XX` (upper-case
//!   hex) remain: no `.`, no `/`, and no two keys that differ only in letter case map to
//!   names that differ only in case. Keys whose stem would be too long for a file name
//!   use `<sha256 of key>.hmeta` instead, with the key inside.
//! - `<uuid>.data`: the bytes. A new write gets a new data file, so a reader that has a
//!   data file open keeps reading a consistent object while it is replaced.
//!
//! Uploads in progress are `<uuid>.tmp`; `.lock` serialises commits and deletes.

use sha2::{Digest, Sha256};

/// Extension of metadata files named by the encoded key.
pub(crate) const META_EXT: &str = "meta";
/// Extension of metadata files named by the hash of a long key.
pub(crate) const HASHED_META_EXT: &str = "hmeta";
/// Extension of data files.
pub(crate) const DATA_EXT: &str = "data";
/// Extension of files being written.
pub(crate) const TMP_EXT: &str = "tmp";
/// The per-container lock file.
pub(crate) const LOCK_FILE: &str = ".lock";

/// Longest encoded stem used as a file name; file names are at most 255 bytes.
const MAX_STEM: usize = 240;

/// What a file in a container directory is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// Metadata of the object with this key.
    Meta(String),
    /// Metadata of an object with a long key; read the file for the key.
    HashedMeta,
    /// Object bytes.
    Data,
    /// A write in progress, or left by a crash.
    Tmp,
    /// The container's lock file.
    Lock,
    /// Anything else (not written by this driver).
    Other,
}

fn keeps(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_'
}

/// Percent-encodes `key` so that only `[a-z0-9_-]` and `%XX` remain.
pub(crate) fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for &byte in key.as_bytes() {
        if keeps(byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reverses [`encode_key`]; `None` for anything `encode_key` cannot have produced.
pub(crate) fn decode_stem(stem: &str) -> Option<String> {
    let bytes = stem.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = stem.get(i + 1..i + 3)?;
                if hex.bytes().any(|b| b.is_ascii_lowercase()) {
                    return None;
                }
                let byte = u8::from_str_radix(hex, 16).ok()?;
                if keeps(byte) {
                    return None;
                }
                out.push(byte);
                i += 3;
            }
            b if keeps(b) => {
                out.push(b);
                i += 1;
            }
            _ => return None,
        }
    }
    String::from_utf8(out).ok()
}

/// The metadata file name for `key`.
pub(crate) fn meta_file_name(key: &str) -> String {
    let stem = encode_key(key);
    if stem.len() <= MAX_STEM {
        format!("{stem}.{META_EXT}")
    } else {
        format!("{}.{HASHED_META_EXT}", hex::encode(Sha256::digest(key)))
    }
}

/// A fresh data file name.
pub(crate) fn new_data_name() -> String {
    format!("{}.{DATA_EXT}", uuid::Uuid::new_v4().simple())
}

/// A fresh temporary file name.
pub(crate) fn new_tmp_name() -> String {
    format!("{}.{TMP_EXT}", uuid::Uuid::new_v4().simple())
}

/// Classifies a file found in a container directory.
pub(crate) fn classify(file_name: &str) -> FileKind {
    if file_name == LOCK_FILE {
        return FileKind::Lock;
    }
    let Some((stem, ext)) = file_name.rsplit_once('.') else {
        return FileKind::Other;
    };
    match ext {
        META_EXT => decode_stem(stem).map_or(FileKind::Other, FileKind::Meta),
        HASHED_META_EXT => FileKind::HashedMeta,
        DATA_EXT => FileKind::Data,
        TMP_EXT => FileKind::Tmp,
        _ => FileKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_awkward_keys() {
        for key in [
            "a",
            "a/b",
            "with space/ünï+%.txt",
            "dir//double",
            "trailing/",
            "UPPER lower",
            "100%",
            "+plus+",
            "..a",
            "日本語/キー",
            "tab\there",
        ] {
            let name = meta_file_name(key);
            assert!(!name.contains('/'), "{name}");
            assert_eq!(classify(&name), FileKind::Meta(key.to_string()), "{key:?}");
        }
    }

    #[test]
    fn names_differ_beyond_letter_case() {
        let a = meta_file_name("Key").to_lowercase();
        let b = meta_file_name("key").to_lowercase();
        assert_ne!(a, b);
    }

    #[test]
    fn long_keys_are_hashed() {
        let long = "k/".repeat(300);
        let name = meta_file_name(&long);
        assert!(name.ends_with(".hmeta") && name.len() == 64 + 6, "{name}");
        assert_eq!(classify(&name), FileKind::HashedMeta);
        assert_ne!(meta_file_name(&"k/".repeat(301)), name);
    }

    #[test]
    fn classify_rejects_foreign_names() {
        assert_eq!(classify(".lock"), FileKind::Lock);
        assert_eq!(classify(&new_data_name()), FileKind::Data);
        assert_eq!(classify(&new_tmp_name()), FileKind::Tmp);
        for other in [
            "README", "x.txt", "A.meta", "%2f.meta", "%61.meta", "%4.meta", "a.b.meta",
        ] {
            assert_eq!(classify(other), FileKind::Other, "{other}");
        }
    }
}
