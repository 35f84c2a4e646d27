//! Key pairs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::compute::KeyPair;
use cloud_core::paginate::Page;
use cloud_core::xml::Element;
use cloud_core::{BoxStream, Error, Result};

use super::validate::{id, local, public_key_blob};
use crate::Ec2Compute;
use crate::client::query;
use crate::model::{key_pair_item, key_pairs_root};

fn key_pairs_page(root: &Element<'_>) -> Result<Page<KeyPair>> {
    key_pairs_root(root).map(Page::last)
}

impl Ec2Compute {
    /// Every key pair of the region.
    pub(crate) fn keys(&self) -> BoxStream<'static, Result<KeyPair>> {
        self.api
            .paged(query("DescribeKeyPairs"), None, key_pairs_page)
    }

    /// One key pair by name (`KeyName.1`: EC2 ignores an unnumbered `KeyName`).
    pub(crate) async fn key(&self, name: &str) -> Result<KeyPair> {
        let name = id("key pair name", name, "get_key_pair")?;
        let root = self
            .api
            .call(query("DescribeKeyPairs").param("KeyName.1", name))
            .await?;
        key_pairs_root(&root)
            .map_err(|e| e.in_context(self.api.provider(), "DescribeKeyPairs"))?
            .into_iter()
            .find(|k| k.name == name)
            .ok_or_else(|| {
                local(
                    Error::not_found(format!("no key pair {name:?}")),
                    "DescribeKeyPairs",
                )
            })
    }

    /// Has AWS generate a key pair; the private key is in the answer, once.
    pub(crate) async fn generate_key(&self, name: &str) -> Result<KeyPair> {
        let name = id("key pair name", name, "create_key_pair")?;
        let root = self
            .api
            .call(query("CreateKeyPair").param("KeyName", name))
            .await?;
        key_pair_item(&root).map_err(|e| e.in_context(self.api.provider(), "CreateKeyPair"))
    }

    /// Stores an OpenSSH public key under `name`.
    pub(crate) async fn import_key(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        let name = id("key pair name", name, "import_key_pair")?;
        public_key_blob(public_key).map_err(|e| local(e, "import_key_pair"))?;
        let public_key = public_key.trim();
        let root = self
            .api
            .call(
                query("ImportKeyPair")
                    .param("KeyName", name)
                    .param("PublicKeyMaterial", STANDARD.encode(public_key)),
            )
            .await?;
        let mut key =
            key_pair_item(&root).map_err(|e| e.in_context(self.api.provider(), "ImportKeyPair"))?;
        key.public_key.get_or_insert_with(|| public_key.to_string());
        Ok(key)
    }

    /// Deletes a key pair (AWS answers success for a name it does not know).
    pub(crate) async fn delete_key(&self, name: &str) -> Result<()> {
        let name = id("key pair name", name, "delete_key_pair")?;
        self.api
            .action(query("DeleteKeyPair").param("KeyName", name))
            .await
    }
}
