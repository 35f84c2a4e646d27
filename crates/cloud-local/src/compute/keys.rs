//! Key pairs: ed25519 generation, OpenSSH public key checks and fingerprints.
//!
//! Only public keys are stored. A generated private key is returned once, in
//! [`KeyPair::private_key`], and never written anywhere.

use chrono::{DateTime, Utc};
use cloud_core::compute::KeyPair;
use cloud_core::{Error, ErrorKind, Result, Secret};
use rand::Rng;
use ssh_key::private::Ed25519Keypair;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey};

use super::names::{check_name, not_found};
use super::records::{KeyPairRecord, State};

/// A public key that passed the checks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckedKey {
    /// The key text, trimmed.
    pub text: String,
    /// The algorithm word (`ssh-ed25519`, …).
    pub algorithm: String,
    /// `SHA256:<base64>` of the key blob, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
}

/// Checks that `text` is one OpenSSH public key line of a supported algorithm:
/// `ssh-ed25519|ssh-rsa|ecdsa-sha2-* <base64> [comment]`.
pub(crate) fn check_public_key(text: &str) -> Result<CheckedKey> {
    let text = text.trim();
    if text.contains("PRIVATE KEY") {
        return Err(Error::invalid_input(
            "this is a private key; give the public key (the .pub file) instead",
        ));
    }
    if text.is_empty() {
        return Err(Error::invalid_input("public key is empty"));
    }
    if text.lines().count() > 1 {
        return Err(Error::invalid_input(
            "public key must be a single line in OpenSSH format",
        ));
    }
    let mut words = text.split_whitespace();
    let algorithm = words.next().unwrap_or_default();
    let supported = algorithm == "ssh-ed25519"
        || algorithm == "ssh-rsa"
        || algorithm.starts_with("ecdsa-sha2-");
    if !supported {
        let shown: String = algorithm.chars().take(40).collect();
        return Err(Error::invalid_input(format!(
            "public key type {shown:?} is not supported; use ssh-ed25519, ssh-rsa or ecdsa-sha2-*"
        )));
    }
    if words.next().is_none() {
        return Err(Error::invalid_input(
            "public key has no key data after its type",
        ));
    }
    let key = PublicKey::from_openssh(text)
        .map_err(|e| Error::invalid_input(format!("public key is not a valid OpenSSH key: {e}")))?;
    Ok(CheckedKey {
        text: text.to_string(),
        algorithm: algorithm.to_string(),
        fingerprint: key.fingerprint(HashAlg::Sha256).to_string(),
    })
}

/// A freshly generated ed25519 key pair.
pub(crate) struct GeneratedKey {
    /// The public half, checked like an imported key.
    pub public: CheckedKey,
    /// The private key in OpenSSH PEM form.
    pub private_pem: Secret,
}

/// Generates an ed25519 key pair whose comment is `name`.
pub(crate) fn generate(name: &str) -> Result<GeneratedKey> {
    let mut seed = [0u8; 32];
    rand::rng().fill(&mut seed);
    let mut private = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    seed.fill(0);
    private.set_comment(name);
    let encode_err =
        |e: ssh_key::Error| Error::new(ErrorKind::Provider, format!("encode key pair: {e}"));
    let pem = private.to_openssh(LineEnding::LF).map_err(encode_err)?;
    let public_text = private.public_key().to_openssh().map_err(encode_err)?;
    Ok(GeneratedKey {
        public: CheckedKey {
            text: public_text,
            algorithm: "ssh-ed25519".into(),
            fingerprint: private.fingerprint(HashAlg::Sha256).to_string(),
        },
        private_pem: Secret::new(pem.as_str()),
    })
}

/// Stores the public key `key` under `name`; `AlreadyExists` when the name is taken.
pub(crate) fn insert(
    state: &mut State,
    name: &str,
    key: CheckedKey,
    generated: bool,
    now: DateTime<Utc>,
) -> Result<KeyPair> {
    check_name("key pair", name)?;
    if state.key_pairs.contains_key(name) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!("key pair {name:?} already exists"),
        ));
    }
    let record = KeyPairRecord {
        name: name.to_string(),
        public_key: key.text,
        fingerprint: key.fingerprint,
        algorithm: key.algorithm,
        created_at: now,
        generated,
    };
    let pair = record.to_key_pair();
    state.key_pairs.insert(name.to_string(), record);
    Ok(pair)
}

/// The key pair `name`.
pub(crate) fn get(state: &State, name: &str) -> Result<KeyPair> {
    state
        .key_pairs
        .get(name)
        .map(KeyPairRecord::to_key_pair)
        .ok_or_else(|| not_found("key pair", name))
}

/// Every key pair, by name.
pub(crate) fn list(state: &State) -> Vec<KeyPair> {
    state
        .key_pairs
        .values()
        .map(KeyPairRecord::to_key_pair)
        .collect()
}

/// Deletes the key pair `name`. Nodes made with it keep running, as on real clouds.
pub(crate) fn delete(state: &mut State, name: &str) -> Result<()> {
    state
        .key_pairs
        .remove(name)
        .map(|_| ())
        .ok_or_else(|| not_found("key pair", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_round_trip_through_the_checks() {
        let key = generate("my key").unwrap();
        assert!(
            key.public.text.starts_with("ssh-ed25519 AAAA"),
            "{}",
            key.public.text
        );
        assert!(key.public.text.ends_with(" my key"));
        assert!(
            key.private_pem
                .expose()
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
        );
        let checked = check_public_key(&key.public.text).unwrap();
        assert_eq!(checked.fingerprint, key.public.fingerprint);
        assert!(checked.fingerprint.starts_with("SHA256:"));
        // SHA-256 is 32 bytes: 43 base64 characters without padding.
        assert_eq!(checked.fingerprint.len(), "SHA256:".len() + 43);
        let other = generate("other").unwrap();
        assert_ne!(other.public.fingerprint, key.public.fingerprint);
    }

    /// Public keys made with `ssh-keygen` for these tests, and the fingerprints
    /// `ssh-keygen -l` printed for them.
    const VECTORS: &[(&str, &str, &str)] = &[
        (
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDKUBxErA32MCPs0BF3jUw30xYVdaf0+RwrKdTvreraxt1QS+KrKzTXADOHDXUvEDKJH+Su/2h1Tp4vGeoGDhlbsOs/iidgz8xJYKsTv4z/qz/5KIYEmA278twhDHmByDApqDbtrzwrxhJmRMfUSPQ7RQ8P/BXe1BT/jnCCgFIrm5I7qIbKtuDQ+6MWejLOcgt9tsk0HXOohxCJt/S1FIyTU0urZLqsHq6jJpBo6swmNxYjzk5dRTbZNLTIlAauX6uUz0g4IAJtTrFIUP4eykv7Qf9eOtM1IRqd3jOszJR+eorVoidP+RNpT+wivTCL1+s+xJNpyqlqqxpH7ZHESMYJ rsa-test",
            "ssh-rsa",
            "SHA256:cNUV6h7twg46TabE11aXu7XTn58q61BMAItt70CyxRI",
        ),
        (
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBObvCjxWTuFngNUub7cWhZ+f/QFRSJTk8y1hoYe7NLx4VfTBHanDUWglEz4SeFtoFGqeLYFMJjCjtoyptt7jIrM= ecdsa-test",
            "ecdsa-sha2-nistp256",
            "SHA256:pC51TrQ7rcAkF06rrt8+Dp8soxsBeYIvugaYj37IKd0",
        ),
        (
            "  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAS+U+pK35dgc4ZZQQfHYaW8GP04MweZsZnAzWev9oNf ed-test\n",
            "ssh-ed25519",
            "SHA256:Poa8EUiThyq72h4VJej04gP6th9bmiElRnmo6zi9AqU",
        ),
    ];

    #[test]
    fn fingerprints_match_ssh_keygen() {
        for (text, algorithm, fingerprint) in VECTORS {
            let checked = check_public_key(text).unwrap();
            assert_eq!(checked.algorithm, *algorithm);
            assert_eq!(checked.fingerprint, *fingerprint);
            assert_eq!(checked.text, text.trim());
        }
    }

    #[test]
    fn bad_public_keys_are_rejected_with_reasons() {
        let cases = [
            ("", "empty"),
            ("ssh-dss AAAAB3NzaC1kc3M=", "not supported"),
            ("ssh-ed25519", "no key data"),
            ("ssh-ed25519 not-base64!!", "not a valid"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc", "private key"),
            ("ssh-ed25519 AAAA\nssh-ed25519 AAAA", "single line"),
        ];
        for (text, why) in cases {
            let err = check_public_key(text).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{text:?}");
            assert!(err.message().contains(why), "{text:?}: {err}");
        }
    }

    #[test]
    fn mismatched_type_word_is_rejected() {
        let key = generate("k").unwrap();
        let blob = key.public.text.split_whitespace().nth(1).unwrap();
        let err = check_public_key(&format!("ssh-rsa {blob}")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn insert_get_delete() {
        let mut state = State::default();
        let now = Utc::now();
        let key = generate("a").unwrap().public;
        let pair = insert(&mut state, "a", key.clone(), true, now).unwrap();
        assert_eq!(pair.private_key, None);
        assert_eq!(get(&state, "a").unwrap(), pair);
        let dup = insert(&mut state, "a", key, false, now).unwrap_err();
        assert_eq!(dup.kind(), ErrorKind::AlreadyExists);
        assert_eq!(list(&state).len(), 1);
        delete(&mut state, "a").unwrap();
        assert_eq!(get(&state, "a").unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(
            delete(&mut state, "a").unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
}
