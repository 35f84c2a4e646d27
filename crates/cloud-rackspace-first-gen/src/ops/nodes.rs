//! Servers as nodes, including the provider-only hard reboot.

use cloud_core::compute::{Compute, CreateNode, Node, NodeAuth};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result, ids};
use futures::TryStreamExt;

use super::servers::server_id;
use crate::model::{
    self, MAX_METADATA, MAX_METADATA_BYTES, MAX_PERSONALITY_BYTES, NewServer, RebootKind,
};
use crate::{PROVIDER_ID, RackspaceFirstGenCompute};

/// Where an SSH key given as `NodeAuth::SshKey` is written in the new server.
pub(crate) const AUTHORIZED_KEYS: &str = "/root/.ssh/authorized_keys";

impl RackspaceFirstGenCompute {
    /// `GET /servers/detail`.
    pub(crate) fn nodes(&self) -> BoxStream<'_, Result<Node>> {
        Box::pin(
            self.api
                .list("list_nodes", "servers/detail", model::parse_servers)
                .map_ok(|node| self.located(node)),
        )
    }

    /// `GET /servers/ID`.
    pub(crate) async fn node(&self, id: &str) -> Result<Node> {
        const OP: &str = "get_node";
        let id = server_id(id, OP)?;
        let node = self
            .api
            .parsed(
                OP,
                Method::GET,
                &format!("servers/{id}"),
                None,
                model::parse_server,
            )
            .await?;
        Ok(self.located(node))
    }

    /// Checks everything that can be checked locally, then `POST /servers`. The answer
    /// carries the generated root password in `extra["admin_pass"]`.
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
        let name = request.name.trim();
        if name.is_empty() {
            return Err(invalid("a server needs a name".into()));
        }
        let flavor_id = numeric_arg(&request.size, "flavor id")?;
        let image_id = numeric_arg(&request.image, "image id")?;
        let here = self.location().id;
        if let Some(loc) = &request.location
            && *loc != here
        {
            return Err(invalid(format!(
                "location {loc:?} is not this account's; a first-generation account has one \
                 location, {here:?} (the region it logs in at)"
            )));
        }
        self.refuse_undeclared(request)?;
        check_metadata(request)?;
        let key_file = authorized_keys(request)?;
        let server = NewServer {
            name,
            image_id,
            flavor_id,
            metadata: &request.tags,
            personality: key_file
                .as_deref()
                .map(|k| vec![(AUTHORIZED_KEYS, k.as_bytes())])
                .unwrap_or_default(),
        };
        let body = model::create_server_body(self.api.format(), &server);
        let node = self
            .api
            .parsed(OP, Method::POST, "servers", Some(body), model::parse_server)
            .await?;
        Ok(self.located(node))
    }

    /// `DELETE /servers/ID`.
    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let id = server_id(id, OP)?;
        self.api
            .send(OP, Method::DELETE, &format!("servers/{id}"), None)
            .await?;
        Ok(())
    }

    /// `POST /servers/ID/action` with a `SOFT` reboot.
    pub(crate) async fn reboot(&self, id: &str) -> Result<()> {
        self.reboot_as(id, RebootKind::Soft, "reboot_node").await
    }

    /// Hard-reboots a server (`POST /servers/ID/action` with a `HARD` reboot): a power
    /// cycle rather than a clean restart. Provider-only: reach it from a `dyn Compute`
    /// through [`Compute::as_any`].
    pub async fn hard_reboot(&self, id: &str) -> Result<()> {
        self.reboot_as(id, RebootKind::Hard, "hard_reboot").await
    }

    async fn reboot_as(&self, id: &str, kind: RebootKind, operation: &str) -> Result<()> {
        let id = server_id(id, operation)?;
        let body = model::reboot_body(self.api.format(), kind);
        self.api
            .send(
                operation,
                Method::POST,
                &format!("servers/{id}/action"),
                Some(body),
            )
            .await?;
        Ok(())
    }

    /// Refuses what the capabilities do not declare; a refused credential says that the
    /// API makes the root password itself.
    fn refuse_undeclared(&self, request: &CreateNode) -> Result<()> {
        self.capabilities()
            .check_create(PROVIDER_ID, request)
            .map_err(|err| match &request.auth {
                Some(NodeAuth::Password { .. } | NodeAuth::KeyPairName { .. }) => Error::new(
                    err.kind(),
                    format!(
                        "{}: Cloud Servers v1.0 makes the root password itself (answered in the \
                         node's extra[\"admin_pass\"]) and stores no key pairs; give an SSH \
                         public key instead",
                        err.message()
                    ),
                )
                .with_provider(PROVIDER_ID)
                .with_operation("create_node"),
                _ => err,
            })
    }
}

/// A flavor or image id of a create: a decimal number, else `InvalidInput`.
fn numeric_arg(value: &str, what: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, what, value, "create_node").map_err(|_| {
        invalid(format!(
            "{what} {:?} is not a Cloud Servers {what}: those are numbers",
            value.chars().take(64).collect::<String>()
        ))
    })
}

/// The documented metadata limits: at most five pairs, keys and values of at most 255
/// bytes, keys not empty.
fn check_metadata(request: &CreateNode) -> Result<()> {
    if request.tags.len() > MAX_METADATA {
        return Err(invalid(format!(
            "{} metadata pairs given; a server takes at most {MAX_METADATA}",
            request.tags.len()
        )));
    }
    for (key, value) in &request.tags {
        if key.is_empty() || key.len() > MAX_METADATA_BYTES || value.len() > MAX_METADATA_BYTES {
            return Err(invalid(format!(
                "metadata key {:?}: keys must be 1 to {MAX_METADATA_BYTES} bytes and values at \
                 most {MAX_METADATA_BYTES}",
                key.chars().take(40).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// The `authorized_keys` file for an SSH key, when one is given.
fn authorized_keys(request: &CreateNode) -> Result<Option<String>> {
    let Some(NodeAuth::SshKey { public_key }) = &request.auth else {
        return Ok(None);
    };
    let key = public_key.trim();
    if key.is_empty() || key.contains('\n') {
        return Err(invalid(
            "the SSH public key must be one non-empty line".into(),
        ));
    }
    let file = format!("{key}\n");
    if file.len() > MAX_PERSONALITY_BYTES {
        return Err(invalid(format!(
            "the SSH public key is {} bytes; a personality file holds at most \
             {MAX_PERSONALITY_BYTES}",
            file.len()
        )));
    }
    Ok(Some(file))
}

/// An `InvalidInput` error of `create_node`.
fn invalid(message: String) -> Error {
    Error::invalid_input(message)
        .with_provider(PROVIDER_ID)
        .with_operation("create_node")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn ids_are_checked_before_they_reach_a_path() {
        for bad in [
            "",
            "../1",
            "1/action",
            "abc",
            "1.xml",
            "123456789012345678901",
        ] {
            assert_eq!(
                server_id(bad, "get_node").unwrap_err().kind(),
                ErrorKind::NotFound,
                "{bad:?}"
            );
        }
        assert_eq!(server_id("21034274", "get_node").unwrap(), 21034274);
        let err = numeric_arg("big", "flavor id").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("flavor id \"big\""), "{err}");
    }

    #[test]
    fn metadata_limits() {
        let mut request = CreateNode::new("x", "1", "2");
        for i in 0..5 {
            request.tags.insert(format!("k{i}"), "v".into());
        }
        check_metadata(&request).unwrap();
        request.tags.insert("k5".into(), "v".into());
        assert!(
            check_metadata(&request)
                .unwrap_err()
                .message()
                .contains("at most 5")
        );
        let request = CreateNode {
            tags: [("k".to_string(), "v".repeat(256))].into(),
            ..CreateNode::new("x", "1", "2")
        };
        assert_eq!(
            check_metadata(&request).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn an_ssh_key_becomes_one_authorized_keys_line() {
        let with = |key: &str| CreateNode {
            auth: Some(NodeAuth::SshKey {
                public_key: key.into(),
            }),
            ..CreateNode::new("x", "1", "2")
        };
        assert_eq!(
            authorized_keys(&with(" ssh-ed25519 AAAA me \n"))
                .unwrap()
                .as_deref(),
            Some("ssh-ed25519 AAAA me\n")
        );
        assert!(authorized_keys(&with("a\nb")).is_err());
        assert!(authorized_keys(&with(&"A".repeat(MAX_PERSONALITY_BYTES))).is_err());
        assert_eq!(
            authorized_keys(&CreateNode::new("x", "1", "2")).unwrap(),
            None
        );
    }
}
