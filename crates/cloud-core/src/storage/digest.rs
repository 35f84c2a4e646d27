//! Content digests: which ETags name an object's bytes, and hashing bytes as they pass.

use md5::{Digest as _, Md5};
use sha2::Sha256;

use super::ObjectMeta;

/// A digest algorithm an ETag may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestKind {
    /// MD5, 32 hex digits (S3 single uploads, Swift objects).
    Md5,
    /// SHA-256, 64 hex digits (the local provider).
    Sha256,
}

/// The digest of an object's content that `meta` states, as lowercase hex, when its ETag
/// is one: 32 hex digits (MD5) or 64 (SHA-256), and nothing says it is something else.
///
/// ETags that do not name the bytes give `None`: S3 multipart ETags (`…-N`, or a
/// `parts_count`), Swift static large object manifests (`static_large_object`), and S3
/// objects encrypted with KMS (`server_side_encryption` of `aws:kms…`), whose ETag is
/// not the MD5 of the data.
pub fn content_digest(meta: &ObjectMeta) -> Option<(DigestKind, String)> {
    let flagged = |field: &str| meta.extra.get(field);
    if flagged("static_large_object").and_then(|v| v.as_bool()) == Some(true)
        || flagged("parts_count").is_some()
        || flagged("server_side_encryption")
            .and_then(|v| v.as_str())
            .is_some_and(|s| s.starts_with("aws:kms"))
    {
        return None;
    }
    let etag = meta.etag.as_deref()?.trim().trim_matches('"');
    if !etag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let kind = match etag.len() {
        32 => DigestKind::Md5,
        64 => DigestKind::Sha256,
        _ => return None,
    };
    Some((kind, etag.to_ascii_lowercase()))
}

/// Hashes bytes as they stream by: always MD5, and SHA-256 when asked for.
#[derive(Debug, Clone, Default)]
pub struct StreamDigest {
    md5: Md5,
    sha256: Option<Sha256>,
}

impl StreamDigest {
    /// A hasher computing MD5, and SHA-256 too when `sha256` is true.
    pub fn new(sha256: bool) -> Self {
        StreamDigest {
            md5: Md5::new(),
            sha256: sha256.then(Sha256::new),
        }
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.md5.update(bytes);
        if let Some(sha) = &mut self.sha256 {
            sha.update(bytes);
        }
    }

    /// The digests of everything fed, as lowercase hex.
    pub fn finish(self) -> StreamDigests {
        StreamDigests {
            md5: hex::encode(self.md5.finalize()),
            sha256: self.sha256.map(|sha| hex::encode(sha.finalize())),
        }
    }
}

/// What a [`StreamDigest`] computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamDigests {
    /// MD5, lowercase hex.
    pub md5: String,
    /// SHA-256, lowercase hex, when it was computed.
    pub sha256: Option<String>,
}

impl StreamDigests {
    /// The digest of `kind`, when it was computed.
    pub fn of(&self, kind: DigestKind) -> Option<&str> {
        match kind {
            DigestKind::Md5 => Some(&self.md5),
            DigestKind::Sha256 => self.sha256.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(etag: Option<&str>) -> ObjectMeta {
        ObjectMeta {
            container: "c".into(),
            name: "k".into(),
            size: 3,
            etag: etag.map(str::to_string),
            content_type: None,
            last_modified: None,
            metadata: Default::default(),
            extra: Default::default(),
        }
    }

    #[test]
    fn plain_digests_are_recognised() {
        let md5 = "900150983CD24FB0D6963F7D28E17F72";
        assert_eq!(
            content_digest(&meta(Some(md5))),
            Some((DigestKind::Md5, md5.to_ascii_lowercase()))
        );
        let sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(
            content_digest(&meta(Some(sha))),
            Some((DigestKind::Sha256, sha.into()))
        );
        assert_eq!(content_digest(&meta(Some("\"abc\""))), None);
        assert_eq!(
            content_digest(&meta(Some("900150983cd24fb0d6963f7d28e17f72-3"))),
            None
        );
        assert_eq!(content_digest(&meta(None)), None);
    }

    #[test]
    fn manifests_and_kms_objects_are_not_compared() {
        let md5 = "900150983cd24fb0d6963f7d28e17f72";
        for (field, value) in [
            ("static_large_object", serde_json::json!(true)),
            ("parts_count", serde_json::json!("3")),
            ("server_side_encryption", serde_json::json!("aws:kms")),
        ] {
            let mut m = meta(Some(md5));
            m.extra.insert(field.into(), value);
            assert_eq!(content_digest(&m), None, "{field}");
        }
        let mut m = meta(Some(md5));
        m.extra
            .insert("server_side_encryption".into(), serde_json::json!("AES256"));
        assert!(content_digest(&m).is_some());
    }

    #[test]
    fn stream_digest_matches_known_values() {
        let mut d = StreamDigest::new(true);
        d.update(b"a");
        d.update(b"bc");
        let out = d.finish();
        assert_eq!(out.md5, "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            out.of(DigestKind::Sha256),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(StreamDigest::new(false).finish().sha256, None);
    }
}
