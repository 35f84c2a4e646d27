//! SSH public keys (`Microsoft.Compute/sshPublicKeys`) as key pairs: import, generate
//! (Azure keeps the public half; the private half is returned once), list, get, delete.

use cloud_core::compute::KeyPair;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::{Value, json};

use super::names::{check_name, invalid, shown};
use crate::client::ApiVersion;
use crate::{AzureCompute, model};

/// An OpenSSH public key line (`ssh-ed25519 AAAA… comment`, `ssh-rsa …`,
/// `ecdsa-sha2-…`) on one line; else `InvalidInput`.
pub(crate) fn check_public_key(key: &str, operation: &str) -> Result<()> {
    let fine = (key.starts_with("ssh-") || key.starts_with("ecdsa-"))
        && key.split_whitespace().count() >= 2
        && !key.contains(['\n', '\r'])
        && key.len() <= 16 * 1024;
    if fine {
        Ok(())
    } else {
        Err(invalid(
            format!(
                "{:?} is not an OpenSSH public key (ssh-ed25519 AAAA…, ssh-rsa AAAA…)",
                shown(key)
            ),
            operation,
        ))
    }
}

impl AzureCompute {
    /// The URL of the SSH public key resource `name` (checked first).
    fn key_url(&self, name: &str, operation: &str) -> Result<url::Url> {
        check_name("SSH public key", name, operation)?;
        self.api.group_url(
            &format!("Microsoft.Compute/sshPublicKeys/{name}"),
            ApiVersion::Compute,
            operation,
        )
    }

    /// Every SSH public key resource of the resource group.
    pub(crate) fn key_pairs(&self) -> BoxStream<'static, Result<KeyPair>> {
        const OP: &str = "list_key_pairs";
        let url = self
            .api
            .group_url("Microsoft.Compute/sshPublicKeys", ApiVersion::Compute, OP);
        self.api.list(OP, url, model::ssh_public_keys)
    }

    /// One SSH public key resource.
    pub(crate) async fn key_pair(&self, name: &str, operation: &str) -> Result<KeyPair> {
        let url = self.key_url(name, operation)?;
        self.api.get(operation, url, model::ssh_public_key).await
    }

    /// Stores `public_key` as the SSH public key resource `name` in the default
    /// location.
    pub(crate) async fn put_key_pair(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        const OP: &str = "import_key_pair";
        let url = self.key_url(name, OP)?;
        let public_key = public_key.trim();
        check_public_key(public_key, OP)?;
        let location = self.location_for(None, OP)?;
        let body = json!({"location": location, "properties": {"publicKey": public_key}});
        let resp = self.change(OP, Method::PUT, url, Some(&body), name).await?;
        model::ssh_public_key(&resp.body).map_err(|e| e.in_context(crate::PROVIDER_ID, OP))
    }

    /// Makes the SSH public key resource `name` and has Azure generate its key pair
    /// (`generateKeyPair`); the private key is in the result, once.
    pub(crate) async fn generate_key_pair(&self, name: &str) -> Result<KeyPair> {
        const OP: &str = "create_key_pair";
        let url = self.key_url(name, OP)?;
        let location = self.location_for(None, OP)?;
        let body = json!({"location": location});
        self.change(OP, Method::PUT, url.clone(), Some(&body), name)
            .await?;
        let mut generate = url.clone();
        generate.set_path(&format!("{}/generateKeyPair", url.path()));
        let resp = self
            .api
            .send(self.api.request(OP, Method::POST, generate, None::<&Value>))
            .await?;
        model::generated_key_pair(&resp.body, name)
            .map_err(|e| e.in_context(crate::PROVIDER_ID, OP))
    }

    /// Deletes the SSH public key resource `name`.
    pub(crate) async fn remove_key_pair(&self, name: &str) -> Result<()> {
        const OP: &str = "delete_key_pair";
        let url = self.key_url(name, OP)?;
        self.change(OP, Method::DELETE, url, None::<&Value>, name)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_are_checked() {
        check_public_key("ssh-ed25519 AAAAC3Nza user@host", "x").unwrap();
        check_public_key("ecdsa-sha2-nistp256 AAAA", "x").unwrap();
        for bad in [
            "",
            "AAAA",
            "ssh-rsa",
            "ssh-rsa AAAA\nssh-rsa BBBB",
            "-----BEGIN",
        ] {
            assert!(check_public_key(bad, "x").is_err(), "{bad:?}");
        }
    }
}
