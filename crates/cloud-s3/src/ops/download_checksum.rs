//! Integrity of downloads: the checksum an object carries, and a body stream that
//! checks it, failing its last chunk when the bytes do not match.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::Error;
use cloud_core::http::header::HeaderMap;
use cloud_core::storage::{ByteStream, checked_body};
use crc_fast::CrcAlgorithm;
use md5::{Digest, Md5};

/// The checksum a whole object is expected to have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// `x-amz-checksum-crc32c` (full object).
    Crc32c(u32),
    /// `x-amz-checksum-crc32` (full object).
    Crc32(u32),
    /// `x-amz-checksum-crc64nvme` (always full object): what S3 stores for objects
    /// uploaded without a checksum of their own.
    Crc64Nvme(u64),
    /// `x-amz-checksum-sha256` (full object).
    Sha256(Vec<u8>),
    /// `x-amz-checksum-sha1` (full object).
    Sha1(Vec<u8>),
    /// The MD5 an entity tag is, for objects written in one request without KMS or
    /// customer-key encryption.
    Md5(Vec<u8>),
}

impl Expected {
    /// The name shown when the bytes do not match.
    fn name(&self) -> &'static str {
        match self {
            Expected::Crc32c(_) => "CRC32C",
            Expected::Crc32(_) => "CRC32",
            Expected::Crc64Nvme(_) => "CRC64NVME",
            Expected::Sha256(_) => "SHA-256",
            Expected::Sha1(_) => "SHA-1",
            Expected::Md5(_) => "MD5 (ETag)",
        }
    }
}

/// What a complete (non-ranged) download can be checked against, from its headers:
/// a full-object `x-amz-checksum-*` value, else an entity tag that is a plain MD5.
pub fn expected(headers: &HeaderMap) -> Option<Expected> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let composite =
        text("x-amz-checksum-type").is_some_and(|t| t.eq_ignore_ascii_case("COMPOSITE"));
    if !composite {
        let decoded = |name: &str, len: usize| {
            text(name)
                .filter(|v| !v.contains('-'))
                .and_then(|v| STANDARD.decode(v).ok())
                .filter(|b| b.len() == len)
        };
        let crc = |b: Vec<u8>| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        if let Some(b) = decoded("x-amz-checksum-crc32c", 4) {
            return Some(Expected::Crc32c(crc(b)));
        }
        if let Some(b) = decoded("x-amz-checksum-crc32", 4) {
            return Some(Expected::Crc32(crc(b)));
        }
        if let Some(b) = decoded("x-amz-checksum-crc64nvme", 8) {
            let bytes: [u8; 8] = b.try_into().ok()?;
            return Some(Expected::Crc64Nvme(u64::from_be_bytes(bytes)));
        }
        if let Some(b) = decoded("x-amz-checksum-sha256", 32) {
            return Some(Expected::Sha256(b));
        }
        if let Some(b) = decoded("x-amz-checksum-sha1", 20) {
            return Some(Expected::Sha1(b));
        }
    }
    let kms_or_customer_key = text("x-amz-server-side-encryption")
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("aws:kms"))
        || text("x-amz-server-side-encryption-customer-algorithm").is_some();
    if kms_or_customer_key {
        return None;
    }
    let tag = text("etag")?.trim_matches('"');
    if tag.len() != 32 {
        return None;
    }
    hex::decode(tag).ok().map(Expected::Md5)
}

/// A running hash of the bytes seen so far.
enum Running {
    Crc32c(u32),
    Crc32(crc32fast::Hasher),
    Crc64Nvme(Box<crc_fast::Digest>),
    Sha256(sha2::Sha256),
    Sha1(sha1::Sha1),
    Md5(Md5),
}

impl Running {
    fn new(expected: &Expected) -> Self {
        match expected {
            Expected::Crc32c(_) => Running::Crc32c(0),
            Expected::Crc32(_) => Running::Crc32(crc32fast::Hasher::new()),
            Expected::Crc64Nvme(_) => {
                Running::Crc64Nvme(Box::new(crc_fast::Digest::new(CrcAlgorithm::Crc64Nvme)))
            }
            Expected::Sha256(_) => Running::Sha256(sha2::Sha256::new()),
            Expected::Sha1(_) => Running::Sha1(sha1::Sha1::new()),
            Expected::Md5(_) => Running::Md5(Md5::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Running::Crc32c(c) => *c = crc32c::crc32c_append(*c, bytes),
            Running::Crc32(h) => h.update(bytes),
            Running::Crc64Nvme(h) => h.update(bytes),
            Running::Sha256(h) => h.update(bytes),
            Running::Sha1(h) => h.update(bytes),
            Running::Md5(h) => h.update(bytes),
        }
    }

    fn matches(self, expected: &Expected) -> bool {
        match (self, expected) {
            (Running::Crc32c(c), Expected::Crc32c(want)) => c == *want,
            (Running::Crc32(h), Expected::Crc32(want)) => h.finalize() == *want,
            (Running::Crc64Nvme(h), Expected::Crc64Nvme(want)) => h.finalize() == *want,
            (Running::Sha256(h), Expected::Sha256(want)) => h.finalize().as_slice() == want,
            (Running::Sha1(h), Expected::Sha1(want)) => h.finalize().as_slice() == want,
            (Running::Md5(h), Expected::Md5(want)) => h.finalize().as_slice() == want,
            _ => false,
        }
    }
}

/// `body`, checked against `expected` ([`checked_body`]: hashed on a thread of its
/// own, every chunk passed on one chunk late): when the body ends with bytes that do
/// not match, a `MalformedResponse` error takes the last chunk's place. `what` names
/// the object in that error.
pub fn verified(body: ByteStream, expected: Expected, what: String) -> ByteStream {
    let running = Running::new(&expected);
    checked_body(body, running, Running::update, move |done| {
        (!done.is_some_and(|d| d.matches(&expected))).then(|| {
            Error::malformed(format!(
                "the bytes received for {what} do not match the object's {}; \
                 the download was corrupted",
                expected.name()
            ))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use cloud_core::ErrorKind;
    use cloud_core::http::header::HeaderValue;
    use futures::StreamExt;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn chunks(parts: &[&'static [u8]]) -> ByteStream {
        let parts: Vec<Result<Bytes, Error>> =
            parts.iter().map(|p| Ok(Bytes::from_static(p))).collect();
        futures::stream::iter(parts).boxed()
    }

    async fn collect(s: ByteStream) -> Vec<Result<Bytes, ErrorKind>> {
        s.map(|r| r.map_err(|e| e.kind())).collect().await
    }

    #[test]
    fn picks_checksums_and_skips_non_md5_etags() {
        let md5 = "\"5d41402abc4b2a76b9719d911017c592\"";
        assert!(matches!(
            expected(&headers(&[("etag", md5)])),
            Some(Expected::Md5(_))
        ));
        assert_eq!(expected(&headers(&[("etag", "\"abc-2\"")])), None);
        let kms = headers(&[("etag", md5), ("x-amz-server-side-encryption", "aws:kms")]);
        assert_eq!(expected(&kms), None);
        let crc = headers(&[("etag", md5), ("x-amz-checksum-crc32c", "yZRlqg==")]);
        assert!(matches!(expected(&crc), Some(Expected::Crc32c(_))));
        let composite = headers(&[("x-amz-checksum-crc32", "AAAAAA==-3")]);
        assert_eq!(expected(&composite), None);
    }

    #[tokio::test]
    async fn good_bytes_pass_through_in_order() {
        // MD5("hello") = 5d41402abc4b2a76b9719d911017c592
        let want = expected(&headers(&[(
            "etag",
            "\"5d41402abc4b2a76b9719d911017c592\"",
        )]))
        .unwrap();
        let out = collect(verified(chunks(&[b"he", b"", b"llo"]), want, "b/k".into())).await;
        let bytes: Vec<u8> = out
            .iter()
            .flat_map(|c| c.clone().unwrap().to_vec())
            .collect();
        assert_eq!(bytes, b"hello");
    }

    #[tokio::test]
    async fn corrupted_bytes_fail_the_last_chunk() {
        let want = expected(&headers(&[(
            "etag",
            "\"5d41402abc4b2a76b9719d911017c592\"",
        )]))
        .unwrap();
        let out = collect(verified(
            chunks(&[b"he", b"lLo"]),
            want.clone(),
            "b/k".into(),
        ))
        .await;
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        assert_eq!(out[1], Err(ErrorKind::MalformedResponse));
        let out = collect(verified(chunks(&[]), want, "b/k".into())).await;
        assert_eq!(out, [Err(ErrorKind::MalformedResponse)]);
    }

    #[tokio::test]
    async fn crc64nvme_matches_its_published_check_value() {
        // CRC-64/NVME of "123456789" is 0xae8b14860a799888.
        let value = STANDARD.encode(0xae8b_1486_0a79_9888u64.to_be_bytes());
        let want = expected(&headers(&[("x-amz-checksum-crc64nvme", &value)])).unwrap();
        assert_eq!(want, Expected::Crc64Nvme(0xae8b_1486_0a79_9888));
        let out = collect(verified(chunks(&[b"1234", b"56789"]), want, "b/k".into())).await;
        assert!(out.iter().all(Result::is_ok), "{out:?}");
    }

    #[tokio::test]
    async fn every_algorithm_checks() {
        let data: &'static [u8] = b"The quick brown fox";
        let sha256 = STANDARD.encode(sha2::Sha256::digest(data));
        let sha1 = STANDARD.encode(sha1::Sha1::digest(data));
        let crc32 = STANDARD.encode(crc32fast::hash(data).to_be_bytes());
        let crc32c = STANDARD.encode(crc32c::crc32c(data).to_be_bytes());
        let crc64nvme = STANDARD.encode(crc_fast::crc64_nvme(data).to_be_bytes());
        for (header, value) in [
            ("x-amz-checksum-sha256", sha256),
            ("x-amz-checksum-sha1", sha1),
            ("x-amz-checksum-crc32", crc32),
            ("x-amz-checksum-crc32c", crc32c),
            ("x-amz-checksum-crc64nvme", crc64nvme),
        ] {
            let want = expected(&headers(&[(header, &value)])).unwrap();
            let ok = collect(verified(chunks(&[data]), want.clone(), "x".into())).await;
            assert!(ok.iter().all(Result::is_ok), "{header}");
            let bad = collect(verified(
                chunks(&[b"The quick brown fix"]),
                want,
                "x".into(),
            ))
            .await;
            assert_eq!(bad, [Err(ErrorKind::MalformedResponse)], "{header}");
        }
    }
}
