//! Linode's own options for new nodes, and the body of `POST /linode/instances`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::compute::{CreateNode, NodeAuth};
use cloud_core::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::model::tags_to_linode;

/// Linode-specific options of a new node, passed in
/// [`CreateNode::options`](cloud_core::compute::CreateNode) in JSON form (see
/// [`LinodeCreateOptions::into_options`]). Unknown option names are an `InvalidInput`
/// error, so a typo never goes unnoticed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinodeCreateOptions {
    /// Give the node a private IPv4 address too.
    pub private_ip: bool,
    /// Extra OpenSSH public keys for root, beside the one in `CreateNode::auth`.
    pub authorized_keys: Vec<String>,
    /// Profile user names whose stored SSH keys are authorised for root.
    pub authorized_users: Vec<String>,
    /// Enrol the node in Linode's backup service.
    pub backups_enabled: bool,
    /// Whether to boot the node once it is built; Linode boots it when unset.
    pub booted: Option<bool>,
    /// Size of the swap disk, in MB.
    pub swap_size: Option<u32>,
    /// The Cloud Firewall to put the node behind.
    pub firewall_id: Option<u64>,
    /// Raw Linode tags, added to those made from `CreateNode::tags`.
    pub tags: Vec<String>,
}

impl LinodeCreateOptions {
    /// Reads the options of a create request; `InvalidInput` naming the bad option.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        serde_json::from_value(Value::Object(options.clone()))
            .map_err(|e| Error::invalid_input(format!("options: {e}")))
    }

    /// The options in the JSON form `CreateNode::options` holds.
    pub fn into_options(self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }
}

/// The body of `POST /linode/instances`. `stored_key` is the public key of the key pair
/// named in `NodeAuth::KeyPairName`, looked up by the caller.
pub(crate) fn create_body(
    request: &CreateNode,
    region: &str,
    options: &LinodeCreateOptions,
    stored_key: Option<String>,
) -> Value {
    let mut body = Map::new();
    body.insert("label".into(), json!(request.name));
    body.insert("region".into(), json!(region));
    body.insert("type".into(), json!(request.size));
    body.insert("image".into(), json!(request.image));
    let mut keys = Vec::new();
    match &request.auth {
        Some(NodeAuth::Password { password }) => {
            body.insert("root_pass".into(), json!(password.expose()));
        }
        Some(NodeAuth::SshKey { public_key }) => keys.push(public_key.clone()),
        Some(NodeAuth::KeyPairName { .. }) | None => {}
    }
    keys.extend(stored_key);
    keys.extend(options.authorized_keys.iter().cloned());
    if !keys.is_empty() {
        body.insert("authorized_keys".into(), json!(keys));
    }
    if !options.authorized_users.is_empty() {
        body.insert("authorized_users".into(), json!(options.authorized_users));
    }
    let mut tags = tags_to_linode(&request.tags);
    tags.extend(options.tags.iter().cloned());
    if !tags.is_empty() {
        body.insert("tags".into(), json!(tags));
    }
    if options.private_ip {
        body.insert("private_ip".into(), json!(true));
    }
    if options.backups_enabled {
        body.insert("backups_enabled".into(), json!(true));
    }
    if let Some(booted) = options.booted {
        body.insert("booted".into(), json!(booted));
    }
    if let Some(swap) = options.swap_size {
        body.insert("swap_size".into(), json!(swap));
    }
    if let Some(firewall) = options.firewall_id {
        body.insert("firewall_id".into(), json!(firewall));
    }
    if let Some(data) = &request.user_data {
        body.insert(
            "metadata".into(),
            json!({ "user_data": STANDARD.encode(data.as_bytes()) }),
        );
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{ErrorKind, Secret};

    #[test]
    fn options_round_trip_and_reject_unknown_names() {
        let opts = LinodeCreateOptions {
            private_ip: true,
            swap_size: Some(512),
            ..Default::default()
        };
        let map = opts.clone().into_options();
        assert_eq!(LinodeCreateOptions::from_options(&map).unwrap(), opts);
        let mut bad = Map::new();
        bad.insert("privte_ip".into(), json!(true));
        let err = LinodeCreateOptions::from_options(&bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("privte_ip"), "{}", err.message());
        let mut wrong_type = Map::new();
        wrong_type.insert("swap_size".into(), json!("big"));
        assert!(LinodeCreateOptions::from_options(&wrong_type).is_err());
    }

    #[test]
    fn builds_the_create_body() {
        let mut req = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
        req.auth = Some(NodeAuth::Password {
            password: Secret::new("s3cret-Pass!"),
        });
        req.tags.insert("suite".into(), "conformance".into());
        req.user_data = Some("#cloud-config\n".into());
        let opts = LinodeCreateOptions {
            private_ip: true,
            authorized_keys: vec!["ssh-ed25519 AAAA extra".into()],
            tags: vec!["raw".into()],
            ..Default::default()
        };
        let body = create_body(&req, "us-east", &opts, Some("ssh-rsa BBBB stored".into()));
        assert_eq!(body["label"], "web-1");
        assert_eq!(body["region"], "us-east");
        assert_eq!(body["type"], "g6-nanode-1");
        assert_eq!(body["image"], "linode/debian12");
        assert_eq!(body["root_pass"], "s3cret-Pass!");
        assert_eq!(
            body["authorized_keys"],
            json!(["ssh-rsa BBBB stored", "ssh-ed25519 AAAA extra"])
        );
        assert_eq!(body["tags"], json!(["suite=conformance", "raw"]));
        assert_eq!(body["private_ip"], true);
        assert_eq!(body["metadata"]["user_data"], "I2Nsb3VkLWNvbmZpZwo=");
        assert!(body.get("booted").is_none());
    }

    #[test]
    fn ssh_key_auth_goes_to_authorized_keys() {
        let mut req = CreateNode::new("web-1", "g6-nanode-1", "linode/debian12");
        req.auth = Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAA me".into(),
        });
        let body = create_body(&req, "us-east", &LinodeCreateOptions::default(), None);
        assert_eq!(body["authorized_keys"], json!(["ssh-ed25519 AAAA me"]));
        assert!(body.get("root_pass").is_none());
        assert!(body.get("tags").is_none());
        assert!(body.get("metadata").is_none());
    }
}
