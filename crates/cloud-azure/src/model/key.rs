//! SSH public keys (`Microsoft.Compute/sshPublicKeys`) as key pairs.

use std::collections::BTreeMap;

use cloud_core::compute::KeyPair;
use cloud_core::paginate::Page;
use cloud_core::{Result, Secret};
use serde::Deserialize;
use serde_json::json;

use super::common::{list_page, parse_json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SshPublicKey {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    properties: KeyProperties,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyProperties {
    #[serde(default)]
    public_key: Option<String>,
}

impl SshPublicKey {
    fn into_key_pair(self) -> KeyPair {
        let mut extra = BTreeMap::new();
        extra.insert("azure_id".into(), json!(self.id));
        if let Some(location) = self.location {
            extra.insert("location".into(), json!(location));
        }
        KeyPair {
            name: self.name,
            fingerprint: None,
            public_key: self.properties.public_key.filter(|k| !k.is_empty()),
            private_key: None,
            extra,
        }
    }
}

/// Parses one SSH public key resource.
pub fn ssh_public_key(body: &[u8]) -> Result<KeyPair> {
    parse_json::<SshPublicKey>(body, "SSH public key").map(SshPublicKey::into_key_pair)
}

/// Parses one page of SSH public key resources.
pub fn ssh_public_keys(body: &[u8]) -> Result<Page<KeyPair>> {
    list_page(body, "SSH public key list", |k: SshPublicKey| {
        Some(k.into_key_pair())
    })
}

/// Parses the answer of `generateKeyPair` into the key pair `name`, private key
/// included.
pub fn generated_key_pair(body: &[u8], name: &str) -> Result<KeyPair> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Generated {
        private_key: String,
        public_key: String,
        #[serde(default)]
        id: String,
    }
    let generated: Generated = parse_json(body, "generated key pair")?;
    let mut extra = BTreeMap::new();
    extra.insert("azure_id".into(), json!(generated.id));
    Ok(KeyPair {
        name: name.to_string(),
        fingerprint: None,
        public_key: Some(generated.public_key),
        private_key: Some(Secret::new(generated.private_key)),
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_and_private_keys_stay_secret() {
        let key = ssh_public_key(
            br#"{"id":"/x/k1","name":"k1","properties":{"publicKey":"ssh-ed25519 AAAA"}}"#,
        )
        .unwrap();
        assert_eq!(key.public_key.as_deref(), Some("ssh-ed25519 AAAA"));
        let generated = generated_key_pair(
            br#"{"privateKey":"-----BEGIN RSA PRIVATE KEY-----\nsecret-bits","publicKey":"ssh-rsa AAAA","id":"/x/k2"}"#,
            "k2",
        )
        .unwrap();
        assert!(!format!("{generated:?}").contains("secret-bits"));
        assert!(generated_key_pair(br#"{"publicKey":"x"}"#, "k").is_err());
    }
}
