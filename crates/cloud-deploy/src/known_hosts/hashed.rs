//! Hashed host names: `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// A hashed host field.
#[derive(Debug)]
pub(super) struct HashedHost {
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl HashedHost {
    /// The hashed field `field`, or `None` when it is not one (or not well formed).
    pub(super) fn parse(field: &str) -> Option<HashedHost> {
        let rest = field.strip_prefix("|1|")?;
        let (salt, hash) = rest.split_once('|')?;
        let salt = STANDARD.decode(salt).ok()?;
        let hash = STANDARD.decode(hash).ok()?;
        Some(HashedHost { salt, hash })
    }

    /// Whether the field hashes `name` (already in `[host]:port` form where needed).
    pub(super) fn matches(&self, name: &str) -> bool {
        let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&self.salt) else {
            return false;
        };
        mac.update(name.as_bytes());
        mac.verify_slice(&self.hash).is_ok()
    }
}

/// The hashed field for `name` with `salt`, as `ssh-keygen -H` writes it.
#[cfg(test)]
pub(super) fn hash_name(name: &str, salt: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(salt) else {
        return String::new();
    };
    mac.update(name.as_bytes());
    let hash = mac.finalize().into_bytes();
    format!("|1|{}|{}", STANDARD.encode(salt), STANDARD.encode(hash))
}
