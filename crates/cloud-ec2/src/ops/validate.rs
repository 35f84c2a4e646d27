//! Checks made before any request is sent: a bad argument is `InvalidInput` without a
//! round trip.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::{Error, Result};
use sha2::{Digest, Sha256};

/// Most bytes of user data AWS accepts (before base64).
pub const MAX_USER_DATA: usize = 16 * 1024;

/// Longest `ClientToken` AWS accepts.
pub const MAX_CLIENT_TOKEN: usize = 64;

/// Longest id or name passed through.
const MAX_ID: usize = 255;

/// Puts this driver's name and the operation on an error raised before any request.
pub(crate) fn local(err: Error, operation: &str) -> Error {
    err.in_context(crate::PROVIDER_ID, operation)
}

/// A resource id or name: non-empty, at most 255 characters, no control characters.
pub(crate) fn id<'a>(what: &str, value: &'a str, operation: &str) -> Result<&'a str> {
    let ok = !value.trim().is_empty()
        && value.chars().count() <= MAX_ID
        && !value.chars().any(char::is_control);
    if ok {
        Ok(value)
    } else {
        let shown: String = value.chars().take(64).collect();
        Err(local(
            Error::invalid_input(format!(
                "{what} {shown:?} is not valid: give a non-empty id without control characters"
            )),
            operation,
        ))
    }
}

/// An instance type: `family.size`, lower-case letters, digits and `-`
/// (`t3.micro`, `c7i.metal-24xl`, `u-6tb1.56xlarge`).
pub(crate) fn instance_type(value: &str) -> Result<()> {
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match value.split_once('.') {
        Some((family, size)) if part(family) && part(size) => Ok(()),
        _ => {
            let shown: String = value.chars().take(64).collect();
            Err(Error::invalid_input(format!(
                "{shown:?} is not an EC2 instance type (like t3.micro); see list_sizes"
            )))
        }
    }
}

/// Tags: keys of 1–128 characters not starting with `aws:`, values of up to 256.
pub(crate) fn tags(tags: &BTreeMap<String, String>) -> Result<()> {
    for (k, v) in tags {
        if k.is_empty() || k.chars().count() > 128 || k.starts_with("aws:") {
            return Err(Error::invalid_input(format!(
                "tag key {k:?} must be 1 to 128 characters and not start with aws:"
            )));
        }
        if v.chars().count() > 256 {
            return Err(Error::invalid_input(format!(
                "the value of tag {k:?} is longer than 256 characters"
            )));
        }
    }
    Ok(())
}

/// A caller's idempotency key, usable as a `ClientToken`: 1–64 printable ASCII
/// characters.
pub(crate) fn client_token(token: &str) -> Result<()> {
    let ok = !token.is_empty()
        && token.len() <= MAX_CLIENT_TOKEN
        && token.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "idempotency_key must be 1 to {MAX_CLIENT_TOKEN} printable ASCII characters"
        )))
    }
}

/// User data as AWS wants it: base64 of at most 16 KiB.
pub(crate) fn user_data(text: &str) -> Result<String> {
    if text.len() > MAX_USER_DATA {
        return Err(Error::invalid_input(format!(
            "user_data is {} bytes; EC2 accepts at most {MAX_USER_DATA}",
            text.len()
        )));
    }
    Ok(STANDARD.encode(text.as_bytes()))
}

/// The key blob of an OpenSSH public key line (`type base64 [comment]`).
pub(crate) fn public_key_blob(public_key: &str) -> Result<Vec<u8>> {
    let mut parts = public_key.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let blob = parts.next().and_then(|b| STANDARD.decode(b).ok());
    match blob {
        Some(blob)
            if !blob.is_empty() && (kind.starts_with("ssh-") || kind.starts_with("ecdsa-")) =>
        {
            Ok(blob)
        }
        _ => Err(Error::invalid_input(
            "the public key is not an OpenSSH public key line (ssh-ed25519 AAAA… comment)",
        )),
    }
}

/// The name under which `NodeAuth::SshKey` imports a public key:
/// `libcloud-` and the first 32 hex digits of the SHA-256 of the key blob. The same key
/// always gets the same name, so it is imported once and reused.
pub fn key_pair_name_for(public_key: &str) -> Result<String> {
    let blob = public_key_blob(public_key)?;
    let digest = Sha256::digest(&blob);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    Ok(format!("libcloud-{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY me@host";

    #[test]
    fn instance_types() {
        for ok in [
            "t3.micro",
            "c7i.metal-24xl",
            "u-6tb1.56xlarge",
            "mac2-m2pro.metal",
        ] {
            instance_type(ok).unwrap();
        }
        for bad in [
            "",
            "no-such-size",
            "t3.",
            ".micro",
            "T3.micro",
            "t3.micro.x",
            "t3 .micro",
        ] {
            assert_eq!(
                instance_type(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn ids_tags_tokens_and_user_data() {
        id("instance", "i-1", "get_node").unwrap();
        for bad in ["", "  ", "a\nb", &"x".repeat(300)] {
            let err = id("instance", bad, "get_node").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert_eq!(err.operation(), Some("get_node"));
        }
        let mut t = BTreeMap::new();
        t.insert("env".to_string(), "prod".to_string());
        tags(&t).unwrap();
        t.insert("aws:x".to_string(), String::new());
        assert!(tags(&t).is_err());
        let mut long = BTreeMap::new();
        long.insert("k".to_string(), "v".repeat(257));
        assert!(tags(&long).is_err());
        client_token("abc-123").unwrap();
        for bad in ["", "with space", &"x".repeat(65), "ünï"] {
            assert!(client_token(bad).is_err(), "{bad:?}");
        }
        assert_eq!(user_data("hello").unwrap(), "aGVsbG8=");
        assert!(user_data(&"x".repeat(MAX_USER_DATA + 1)).is_err());
    }

    #[test]
    fn key_names_follow_the_key() {
        let name = key_pair_name_for(KEY).unwrap();
        assert!(
            name.starts_with("libcloud-") && name.len() == "libcloud-".len() + 32,
            "{name}"
        );
        let other_comment = KEY.replace("me@host", "other");
        assert_eq!(key_pair_name_for(&other_comment).unwrap(), name);
        for bad in ["", "ssh-ed25519", "ssh-ed25519 !!!", "hello world"] {
            assert_eq!(
                key_pair_name_for(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
    }
}
