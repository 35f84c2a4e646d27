//! Profile SSH keys as key pairs, named by their label.

use cloud_core::compute::KeyPair;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::TryStreamExt;
use serde_json::json;

use super::local;
use crate::{LinodeCompute, model};

const PATH: &str = "profile/sshkeys";

impl LinodeCompute {
    pub(crate) fn keys(&self) -> BoxStream<'static, Result<KeyPair>> {
        self.api
            .list("list_key_pairs", PATH, None, model::key_pairs)
    }

    /// The one SSH key labelled `name`, with its numeric id. Asks Linode to filter by
    /// label and checks the label again here. `NotFound` when there is none, `Conflict`
    /// when several keys share the label.
    pub(crate) async fn key(&self, name: &str, operation: &'static str) -> Result<(u64, KeyPair)> {
        let filter = json!({ "label": name });
        let mut found: Vec<KeyPair> = self
            .api
            .list(operation, PATH, Some(filter), model::key_pairs)
            .try_filter(|k| std::future::ready(k.name == name))
            .try_collect()
            .await?;
        let key = match found.len() {
            0 => {
                return Err(local(
                    Error::not_found(format!("no SSH key labelled {name:?}")),
                    operation,
                ));
            }
            1 => found.remove(0),
            n => {
                return Err(local(
                    Error::new(
                        ErrorKind::Conflict,
                        format!("{n} SSH keys are labelled {name:?}; rename all but one"),
                    ),
                    operation,
                ));
            }
        };
        let id = key
            .extra
            .get("id")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| {
                local(
                    Error::malformed(format!("SSH key {name:?} has no numeric id")),
                    operation,
                )
            })?;
        Ok((id, key))
    }

    pub(crate) async fn import_key(&self, name: &str, public_key: &str) -> Result<KeyPair> {
        const OP: &str = "import_key_pair";
        if name.trim().is_empty() {
            return Err(local(
                Error::invalid_input("label: a key pair needs a name"),
                OP,
            ));
        }
        let body = json!({ "label": name, "ssh_key": public_key.trim() });
        self.api.post(OP, PATH, &body, model::key_pair).await
    }

    pub(crate) async fn delete_key(&self, name: &str) -> Result<()> {
        const OP: &str = "delete_key_pair";
        let (id, _) = self.key(name, OP).await?;
        let request = self
            .api
            .request(OP, Method::DELETE, &format!("{PATH}/{id}"));
        self.api.action(request).await
    }
}
