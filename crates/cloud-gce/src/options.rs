//! Compute Engine's own options for new instances, and the body of `instances.insert`.

use std::collections::BTreeMap;

use cloud_core::compute::{CreateNode, NodeAuth};
use cloud_core::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::PROVIDER_ID;

/// The scope a service account gets when [`GceCreateOptions::scopes`] is empty.
pub const DEFAULT_SERVICE_ACCOUNT_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

/// The user an SSH key is put under when [`GceCreateOptions::ssh_user`] is not set.
pub const DEFAULT_SSH_USER: &str = "libcloud";

/// Compute Engine options of a new instance, passed in
/// [`CreateNode::options`](cloud_core::compute::CreateNode) in JSON form (see
/// [`GceCreateOptions::into_options`]). Unknown names are an `InvalidInput` error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GceCreateOptions {
    /// The project of an image given by bare name or `family/…` (the public
    /// `debian-cloud`, …); the instance's own project when unset.
    pub image_project: Option<String>,
    /// Size of the boot disk in GB; the image's size when unset.
    pub boot_disk_size_gb: Option<u64>,
    /// Type of the boot disk (`pd-balanced`, `pd-ssd`, `pd-standard`, `hyperdisk-…`).
    pub boot_disk_type: Option<String>,
    /// The VPC network (name, or `global/networks/…` path); `default` when unset.
    pub network: Option<String>,
    /// The subnetwork (name in the instance's region, or a `regions/…` path).
    pub subnetwork: Option<String>,
    /// Whether the instance gets an ephemeral external IPv4 address (one-to-one NAT);
    /// yes when unset.
    pub external_ip: Option<bool>,
    /// The service account the instance runs as (its e-mail, or `default`).
    pub service_account: Option<String>,
    /// OAuth scopes of that service account; `cloud-platform` when empty.
    pub scopes: Vec<String>,
    /// Extra metadata items (`enable-oslogin`, …).
    pub metadata: BTreeMap<String, String>,
    /// Network tags (firewall targets such as `http-server`).
    pub network_tags: Vec<String>,
    /// The user an SSH key from `CreateNode::auth` is authorised for; `libcloud` when
    /// unset.
    pub ssh_user: Option<String>,
    /// Make a Spot VM.
    pub spot: bool,
}

impl GceCreateOptions {
    /// Reads the options of a create request; `InvalidInput` naming the bad option.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        serde_json::from_value(Value::Object(options.clone()))
            .map_err(|e| invalid(format!("options: {e}")))
    }

    /// The options in the JSON form `CreateNode::options` holds.
    pub fn into_options(self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }
}

/// Compute Engine options of a new disk, passed in
/// [`CreateVolume::options`](cloud_core::compute::CreateVolume) in JSON form. Unknown
/// names are an `InvalidInput` error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GceVolumeOptions {
    /// The disk type (`pd-balanced`, `pd-ssd`, `pd-standard`, …); Compute Engine's
    /// default (`pd-standard`) when unset.
    pub disk_type: Option<String>,
}

impl GceVolumeOptions {
    /// Reads the options of a create request; `InvalidInput` naming the bad option.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        let read: Self = serde_json::from_value(Value::Object(options.clone())).map_err(|e| {
            Error::invalid_input(format!("options: {e}"))
                .with_provider(PROVIDER_ID)
                .with_operation("create_volume")
        })?;
        if let Some(kind) = &read.disk_type
            && !crate::ops::names::is_resource_name(kind)
        {
            return Err(
                Error::invalid_input(format!("disk_type {kind:?} is not valid"))
                    .with_provider(PROVIDER_ID)
                    .with_operation("create_volume"),
            );
        }
        Ok(read)
    }
}

fn invalid(message: String) -> Error {
    Error::invalid_input(message)
        .with_provider(PROVIDER_ID)
        .with_operation("create_node")
}

/// The body of `instances.insert` for `request` in `zone`, booting `image` (a
/// project-relative image path). Every free-text input is checked first: labels, SSH
/// user and key, network tags, metadata keys.
pub(crate) fn create_body(
    request: &CreateNode,
    zone: &str,
    image: &str,
    options: &GceCreateOptions,
) -> Result<Value> {
    let mut disk = Map::new();
    disk.insert("sourceImage".into(), json!(image));
    if let Some(size) = options.boot_disk_size_gb {
        if size == 0 || size > 65_536 {
            return Err(invalid(format!(
                "boot_disk_size_gb {size} is not from 1 to 65536"
            )));
        }
        disk.insert("diskSizeGb".into(), json!(size.to_string()));
    }
    if let Some(kind) = &options.boot_disk_type {
        check_word("boot_disk_type", kind)?;
        disk.insert(
            "diskType".into(),
            json!(format!("zones/{zone}/diskTypes/{kind}")),
        );
    }
    let mut nic = Map::new();
    let network = options.network.as_deref().unwrap_or("default");
    nic.insert(
        "network".into(),
        json!(path_or_name(network, "global/networks")?),
    );
    if let Some(subnet) = &options.subnetwork {
        let region = zone.rsplit_once('-').map_or(zone, |(region, _)| region);
        let path = path_or_name(subnet, &format!("regions/{region}/subnetworks"))?;
        nic.insert("subnetwork".into(), json!(path));
    }
    if options.external_ip.unwrap_or(true) {
        nic.insert(
            "accessConfigs".into(),
            json!([{"type": "ONE_TO_ONE_NAT", "name": "External NAT"}]),
        );
    }
    let mut body = Map::new();
    body.insert("name".into(), json!(request.name));
    body.insert(
        "machineType".into(),
        json!(format!("zones/{zone}/machineTypes/{}", request.size)),
    );
    body.insert(
        "disks".into(),
        json!([{"boot": true, "autoDelete": true, "initializeParams": disk}]),
    );
    body.insert("networkInterfaces".into(), json!([nic]));
    if let Some(account) = &options.service_account {
        check_text("service_account", account)?;
        let scopes = if options.scopes.is_empty() {
            vec![DEFAULT_SERVICE_ACCOUNT_SCOPE.to_string()]
        } else {
            options.scopes.clone()
        };
        body.insert(
            "serviceAccounts".into(),
            json!([{"email": account, "scopes": scopes}]),
        );
    } else if !options.scopes.is_empty() {
        return Err(invalid("scopes need a service_account".into()));
    }
    let items = metadata_items(request, options)?;
    if !items.is_empty() {
        body.insert("metadata".into(), json!({ "items": items }));
    }
    if !request.tags.is_empty() {
        check_labels(&request.tags)?;
        body.insert("labels".into(), json!(request.tags));
    }
    if !options.network_tags.is_empty() {
        for tag in &options.network_tags {
            if !crate::ops::names::is_resource_name(tag) {
                return Err(invalid(format!("network tag {tag:?} is not valid")));
            }
        }
        body.insert("tags".into(), json!({ "items": options.network_tags }));
    }
    if options.spot {
        body.insert(
            "scheduling".into(),
            json!({"provisioningModel": "SPOT", "instanceTerminationAction": "STOP"}),
        );
    }
    Ok(Value::Object(body))
}

/// Metadata items: the options' own, `ssh-keys` from an SSH key and `startup-script`
/// from the user data.
fn metadata_items(request: &CreateNode, options: &GceCreateOptions) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    for (key, value) in &options.metadata {
        let fine = !key.is_empty()
            && key.len() <= 128
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        if !fine {
            return Err(invalid(format!("metadata key {key:?} is not valid")));
        }
        if (key == "ssh-keys" && request.auth.is_some())
            || (key == "startup-script" && request.user_data.is_some())
        {
            return Err(invalid(format!(
                "metadata {key:?} is given twice: in the options and in the request"
            )));
        }
        items.push(json!({"key": key, "value": value}));
    }
    match &request.auth {
        Some(NodeAuth::SshKey { public_key }) => {
            let user = options.ssh_user.as_deref().unwrap_or(DEFAULT_SSH_USER);
            items.push(json!({"key": "ssh-keys", "value": ssh_key_entry(user, public_key)?}));
        }
        Some(_) => {
            return Err(invalid(
                "Compute Engine takes only an SSH public key for the first login".into(),
            ));
        }
        None => {}
    }
    if let Some(script) = &request.user_data {
        items.push(json!({"key": "startup-script", "value": script}));
    }
    Ok(items)
}

/// `user:key`, the form of one line of the `ssh-keys` metadata item.
fn ssh_key_entry(user: &str, public_key: &str) -> Result<String> {
    let user_ok = !user.is_empty()
        && user.len() <= 32
        && user.as_bytes()[0].is_ascii_lowercase()
        && user.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        });
    if !user_ok {
        return Err(invalid(format!(
            "ssh_user {user:?} is not a valid user name"
        )));
    }
    let key = public_key.trim();
    let kind = key.split_whitespace().next().unwrap_or("");
    let known = kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-");
    if !known || key.split_whitespace().count() < 2 || key.contains(['\n', '\r']) {
        return Err(invalid(
            "the SSH key is not one OpenSSH public key line (ssh-ed25519 AAAA… comment)".into(),
        ));
    }
    Ok(format!("{user}:{key}"))
}

/// Labels: keys start with a lowercase letter; keys and values hold lowercase letters,
/// digits, `-` and `_`, at most 63 characters each.
fn check_labels(labels: &BTreeMap<String, String>) -> Result<()> {
    let allowed = |s: &str| {
        s.len() <= 63
            && s.chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    for (key, value) in labels {
        let key_ok = key.chars().next().is_some_and(|c| c.is_lowercase()) && allowed(key);
        if !key_ok || !allowed(value) {
            return Err(invalid(format!(
                "tag {key:?}={value:?} cannot be a Compute Engine label: lowercase letters, \
                 digits, '-' and '_' only, keys starting with a letter, 63 characters at most"
            )));
        }
    }
    if labels.len() > 64 {
        return Err(invalid("Compute Engine takes at most 64 labels".into()));
    }
    Ok(())
}

/// A name (put under `collection`) or a path (`global/networks/x`, `projects/…`),
/// each segment a valid path segment.
fn path_or_name(value: &str, collection: &str) -> Result<String> {
    let ok = value.split('/').all(|s| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    });
    if !ok {
        return Err(invalid(format!(
            "{value:?} is not a network or subnetwork name or path"
        )));
    }
    Ok(if value.contains('/') {
        value.to_string()
    } else {
        format!("{collection}/{value}")
    })
}

fn check_word(option: &str, value: &str) -> Result<()> {
    if crate::ops::names::is_resource_name(value) {
        Ok(())
    } else {
        Err(invalid(format!("{option} {value:?} is not valid")))
    }
}

fn check_text(option: &str, value: &str) -> Result<()> {
    if !value.is_empty() && value.len() <= 256 && !value.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(invalid(format!("{option} is not valid")))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::{ErrorKind, Secret};

    use super::*;

    fn request() -> CreateNode {
        let mut req = CreateNode::new("web-1", "e2-small", "ignored");
        req.auth = Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAAC3Nza me@host".into(),
        });
        req.tags.insert("suite".into(), "conformance".into());
        req.user_data = Some("#!/bin/sh\necho hi\n".into());
        req
    }

    #[test]
    fn builds_the_insert_body() {
        let options = GceCreateOptions {
            boot_disk_size_gb: Some(20),
            boot_disk_type: Some("pd-ssd".into()),
            subnetwork: Some("apps".into()),
            service_account: Some("runner@demo-project.iam.gserviceaccount.com".into()),
            network_tags: vec!["http-server".into()],
            ssh_user: Some("ops".into()),
            metadata: [("enable-oslogin".to_string(), "FALSE".to_string())].into(),
            ..Default::default()
        };
        let body = create_body(
            &request(),
            "us-central1-a",
            "projects/debian-cloud/global/images/family/debian-12",
            &options,
        )
        .unwrap();
        assert_eq!(
            body["machineType"],
            "zones/us-central1-a/machineTypes/e2-small"
        );
        let disk = &body["disks"][0];
        assert_eq!(disk["boot"], true);
        assert_eq!(disk["initializeParams"]["diskSizeGb"], "20");
        assert_eq!(
            disk["initializeParams"]["diskType"],
            "zones/us-central1-a/diskTypes/pd-ssd"
        );
        let nic = &body["networkInterfaces"][0];
        assert_eq!(nic["network"], "global/networks/default");
        assert_eq!(nic["subnetwork"], "regions/us-central1/subnetworks/apps");
        assert_eq!(nic["accessConfigs"][0]["type"], "ONE_TO_ONE_NAT");
        assert_eq!(
            body["serviceAccounts"][0]["scopes"],
            json!([DEFAULT_SERVICE_ACCOUNT_SCOPE])
        );
        assert_eq!(
            body["metadata"]["items"],
            json!([
                {"key": "enable-oslogin", "value": "FALSE"},
                {"key": "ssh-keys", "value": "ops:ssh-ed25519 AAAAC3Nza me@host"},
                {"key": "startup-script", "value": "#!/bin/sh\necho hi\n"}
            ])
        );
        assert_eq!(body["labels"], json!({"suite": "conformance"}));
        assert_eq!(body["tags"]["items"], json!(["http-server"]));
    }

    #[test]
    fn no_external_ip_means_no_access_config() {
        let options = GceCreateOptions {
            external_ip: Some(false),
            ..Default::default()
        };
        let req = CreateNode::new("web-1", "e2-small", "x");
        let body = create_body(
            &req,
            "us-central1-a",
            "projects/p/global/images/i",
            &options,
        )
        .unwrap();
        assert!(body["networkInterfaces"][0].get("accessConfigs").is_none());
        assert!(body.get("metadata").is_none());
        assert!(body.get("labels").is_none());
    }

    #[test]
    fn bad_input_is_refused() {
        let zone = "us-central1-a";
        let image = "projects/p/global/images/i";
        let mut bad_label = request();
        bad_label.tags.insert("Team".into(), "x".into());
        let mut password = request();
        password.auth = Some(NodeAuth::Password {
            password: Secret::new("pw-never-shown"),
        });
        let mut two_keys = request();
        two_keys.auth = Some(NodeAuth::SshKey {
            public_key: "ssh-ed25519 AAAA a\nssh-rsa BBBB b".into(),
        });
        for (req, options) in [
            (bad_label, GceCreateOptions::default()),
            (password, GceCreateOptions::default()),
            (two_keys, GceCreateOptions::default()),
            (
                request(),
                GceCreateOptions {
                    ssh_user: Some("Root!".into()),
                    ..Default::default()
                },
            ),
            (
                request(),
                GceCreateOptions {
                    network: Some("../x".into()),
                    ..Default::default()
                },
            ),
            (
                request(),
                GceCreateOptions {
                    boot_disk_size_gb: Some(0),
                    ..Default::default()
                },
            ),
            (
                request(),
                GceCreateOptions {
                    scopes: vec!["s".into()],
                    ..Default::default()
                },
            ),
            (
                request(),
                GceCreateOptions {
                    metadata: [("startup-script".to_string(), "x".to_string())].into(),
                    ..Default::default()
                },
            ),
        ] {
            let err = create_body(&req, zone, image, &options).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
            assert!(!err.to_string().contains("pw-never-shown"));
        }
    }

    #[test]
    fn options_round_trip_and_refuse_unknown_names() {
        let options = GceCreateOptions {
            spot: true,
            image_project: Some("debian-cloud".into()),
            ..Default::default()
        };
        assert_eq!(
            GceCreateOptions::from_options(&options.clone().into_options()).unwrap(),
            options
        );
        let mut typo = Map::new();
        typo.insert("extrnal_ip".into(), json!(false));
        let err = GceCreateOptions::from_options(&typo).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("extrnal_ip"));
    }
}
