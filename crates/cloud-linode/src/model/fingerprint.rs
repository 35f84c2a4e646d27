//! OpenSSH-style fingerprints of public keys, which Linode does not report itself.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

/// The `SHA256:…` fingerprint of an OpenSSH public key line (`type base64 [comment]`),
/// as `ssh-keygen -l` prints it; `None` when the line is not such a key.
pub(crate) fn sha256_fingerprint(public_key: &str) -> Option<String> {
    let mut parts = public_key.split_whitespace();
    let _kind = parts.next()?;
    let blob = STANDARD.decode(parts.next()?).ok()?;
    if blob.is_empty() {
        return None;
    }
    let digest = Sha256::digest(&blob);
    Some(format!("SHA256:{}", STANDARD_NO_PAD.encode(digest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_a_key_line() {
        let blob = STANDARD.encode(b"not really a key but bytes");
        let fp = sha256_fingerprint(&format!("ssh-ed25519 {blob} me@host")).unwrap();
        let want = STANDARD_NO_PAD.encode(Sha256::digest(b"not really a key but bytes"));
        assert_eq!(fp, format!("SHA256:{want}"));
        assert!(!fp.ends_with('='));
    }

    #[test]
    fn rejects_non_keys() {
        for bad in ["", "ssh-ed25519", "ssh-ed25519 !!!notbase64", "ssh-rsa  "] {
            assert_eq!(sha256_fingerprint(bad), None, "{bad:?}");
        }
    }
}
