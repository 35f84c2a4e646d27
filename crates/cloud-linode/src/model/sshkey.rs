//! Profile SSH keys as key pairs.

use cloud_core::Result;
use cloud_core::compute::{Extra, KeyPair};
use serde::Deserialize;
use serde_json::Value;

use super::fingerprint::sha256_fingerprint;
use super::{Convert, parse_time};

/// An SSH key stored in the Linode profile.
#[derive(Debug, Deserialize)]
pub(crate) struct RawSshKey {
    pub(crate) id: u64,
    pub(crate) label: String,
    pub(crate) ssh_key: String,
    #[serde(default)]
    created: Option<String>,
}

impl Convert for RawSshKey {
    type Item = KeyPair;

    /// The label is the key pair's name; Linode's numeric id goes to `extra["id"]`. The
    /// fingerprint is computed here (SHA-256, as `ssh-keygen -l` shows it).
    fn convert(self) -> Result<KeyPair> {
        let mut extra = Extra::new();
        extra.insert("id".into(), Value::from(self.id));
        if let Some(created) = parse_time("created", self.created.as_deref())? {
            extra.insert("created".into(), Value::String(created.to_rfc3339()));
        }
        Ok(KeyPair {
            name: self.label,
            fingerprint: sha256_fingerprint(&self.ssh_key),
            public_key: Some(self.ssh_key),
            private_key: None,
            extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_a_key() {
        let raw: RawSshKey = serde_json::from_str(
            r#"{"id": 42, "label": "laptop", "created": "2024-01-02T03:04:05",
                "ssh_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY me"}"#,
        )
        .unwrap();
        let key = raw.convert().unwrap();
        assert_eq!(key.name, "laptop");
        assert_eq!(key.extra["id"], 42);
        assert!(key.fingerprint.unwrap().starts_with("SHA256:"));
        assert!(key.public_key.unwrap().starts_with("ssh-ed25519 "));
        assert!(key.private_key.is_none());
    }
}
