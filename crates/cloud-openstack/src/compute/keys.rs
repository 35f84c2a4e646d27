//! Nova key pairs (`/os-keypairs`): list, get, generate, import, delete.

use cloud_core::compute::KeyPair;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result};
use serde_json::json;

use super::OpenStackCompute;
use super::call::{Call, Caller, paged};
use super::model;
use super::paths::{key_name, local};
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /os-keypairs`, following `keypairs_links` (microversion 2.35 and later).
    pub(crate) fn keys(&self) -> BoxStream<'static, Result<KeyPair>> {
        paged(
            self.nova.clone(),
            "list_key_pairs",
            "os-keypairs".into(),
            None,
            model::keypairs_page,
        )
    }

    pub(crate) async fn key(&self, name: &str) -> Result<KeyPair> {
        const OP: &str = "get_key_pair";
        let name = key_name(name, OP)?;
        let resp = self
            .nova
            .call(Call::new(OP, Method::GET, format!("os-keypairs/{name}")))
            .await?;
        model::keypair(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// `POST /os-keypairs` with a name, and the public key when importing; without one
    /// Nova generates the pair and answers the private key once.
    pub(crate) async fn new_key(
        &self,
        op: &'static str,
        name: &str,
        public_key: Option<&str>,
    ) -> Result<KeyPair> {
        if name.trim().is_empty() {
            return Err(local(
                Error::invalid_input("name: a key pair needs a name"),
                op,
            ));
        }
        let mut keypair = json!({ "name": name });
        if let Some(key) = public_key {
            keypair["public_key"] = json!(key.trim());
        }
        let call = Call::new(op, Method::POST, "os-keypairs").json(json!({ "keypair": keypair }));
        let resp = self.nova.call(call).await?;
        model::keypair(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, op))
    }

    pub(crate) async fn delete_key(&self, name: &str) -> Result<()> {
        const OP: &str = "delete_key_pair";
        let name = key_name(name, OP)?;
        self.nova
            .call(Call::new(OP, Method::DELETE, format!("os-keypairs/{name}")))
            .await
            .map(drop)
    }
}
