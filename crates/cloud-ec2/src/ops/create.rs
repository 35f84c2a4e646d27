//! `RunInstances`: one node from a portable request and [`Ec2CreateOptions`].

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::compute::{Compute, CreateNode, Node, NodeAuth};
use cloud_core::{Error, ErrorKind, Result};

use super::new_client_token;
use super::validate::{self, local};
use crate::client::{Query, query};
use crate::model::reservation_nodes;
use crate::{Ec2Compute, Ec2CreateOptions, PROVIDER_ID, is_dry_run_success};

const OPERATION: &str = "create_node";

impl Ec2Compute {
    /// Launches one instance.
    ///
    /// Every launch carries a `ClientToken` (the caller's `idempotency_key`, else a new
    /// UUID), so the pipeline may resend it after a lost answer or a throttle: AWS
    /// launches once per token and answers a repeat with the first launch.
    pub(crate) async fn run_instance(&self, request: &CreateNode) -> Result<Node> {
        let query = self.run_query(request).await?;
        let root = self.api.call_idempotent(query).await?;
        let nodes = reservation_nodes(&root)
            .map_err(|e| e.in_context(self.api.provider(), "RunInstances"))?;
        nodes.into_iter().next().ok_or_else(|| {
            local(
                Error::malformed("RunInstances answered without an instance"),
                "RunInstances",
            )
        })
    }

    /// Asks AWS whether `request` would launch, without launching: `Ok(())` when AWS
    /// answers `DryRunOperation`, otherwise the error the real call would meet
    /// (`PermissionDenied`, `InvalidInput`, `QuotaExceeded`, …).
    pub async fn check_create_node(&self, request: &CreateNode) -> Result<()> {
        let mut request = request.clone();
        request.options.insert("dry_run".into(), true.into());
        match self.run_instance(&request).await {
            Err(e) if is_dry_run_success(&e) => Ok(()),
            Err(e) => Err(e),
            Ok(node) => Err(local(
                Error::new(
                    ErrorKind::Provider,
                    format!("a dry run launched instance {}", node.id),
                ),
                "RunInstances",
            )),
        }
    }

    /// The `RunInstances` query for `request`, after every local check. A public key
    /// in `NodeAuth::SshKey` is imported first (see [`validate::key_pair_name_for`]).
    async fn run_query(&self, request: &CreateNode) -> Result<Query> {
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let checked = check(request).map_err(|e| local(e, OPERATION))?;
        let key_name = match &request.auth {
            Some(NodeAuth::KeyPairName { name }) => {
                Some(validate::id("key pair name", name, OPERATION)?.to_string())
            }
            Some(NodeAuth::SshKey { public_key }) => Some(self.ensure_key(public_key).await?),
            // `check_create` has refused a password: EC2 sets none.
            None | Some(NodeAuth::Password { .. }) => None,
        };
        let mut tags = request.tags.clone();
        if !request.name.is_empty() {
            tags.insert("Name".into(), request.name.clone());
        }
        let token = request
            .idempotency_key
            .clone()
            .unwrap_or_else(new_client_token);
        let q = query("RunInstances")
            .param("ImageId", request.image.clone())
            .param("InstanceType", request.size.clone())
            .param("MinCount", "1")
            .param("MaxCount", "1")
            .param("ClientToken", token)
            .opt("KeyName", key_name)
            .opt("Placement.AvailabilityZone", request.location.clone())
            .opt("UserData", checked.user_data)
            .tag_specification(1, "instance", &tags);
        Ok(checked.options.apply(q))
    }

    /// The key pair name for a public key, importing the key under it unless a key
    /// pair of that name exists already.
    async fn ensure_key(&self, public_key: &str) -> Result<String> {
        let name = validate::key_pair_name_for(public_key).map_err(|e| local(e, OPERATION))?;
        let query = query("ImportKeyPair")
            .param("KeyName", name.clone())
            .param("PublicKeyMaterial", STANDARD.encode(public_key.trim()));
        match self.api.call(query).await {
            Ok(_) => Ok(name),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(name),
            Err(e) => Err(e),
        }
    }
}

/// What the local checks produce.
struct Checked {
    options: Ec2CreateOptions,
    user_data: Option<String>,
}

fn check(request: &CreateNode) -> Result<Checked> {
    validate::instance_type(&request.size)?;
    if request.image.trim().is_empty() {
        return Err(Error::invalid_input("an image id is required"));
    }
    if request.name.chars().count() > 256 {
        return Err(Error::invalid_input(
            "the name is longer than the 256 characters of an EC2 tag value",
        ));
    }
    validate::tags(&request.tags)?;
    if let Some(key) = &request.idempotency_key {
        validate::client_token(key)?;
    }
    if let Some(zone) = &request.location {
        validate::id("location", zone, OPERATION)?;
    }
    let user_data = request
        .user_data
        .as_deref()
        .map(validate::user_data)
        .transpose()?;
    Ok(Checked {
        options: Ec2CreateOptions::from_options(&request.options)?,
        user_data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> CreateNode {
        let mut r = CreateNode::new("web-1", "t3.micro", "ami-1");
        r.tags.insert("env".into(), "test".into());
        r
    }

    #[test]
    fn local_checks_catch_bad_input() {
        check(&request()).unwrap();
        let bad: [fn(&mut CreateNode); 7] = [
            |r| r.size = "no-such-size".into(),
            |r| r.image = " ".into(),
            |r| r.name = "n".repeat(300),
            |r| {
                r.tags.insert("aws:reserved".into(), "x".into());
            },
            |r| r.idempotency_key = Some("has space".into()),
            |r| r.user_data = Some("x".repeat(20_000)),
            |r| {
                r.options.insert("subnet".into(), json!("s"));
            },
        ];
        for (i, change) in bad.iter().enumerate() {
            let mut r = request();
            change(&mut r);
            let err = check(&r).err().unwrap_or_else(|| panic!("case {i} passed"));
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "case {i}");
        }
    }
}
