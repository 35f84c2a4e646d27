//! What a server create takes beyond the portable request: networks and security
//! groups (`CreateNode::options`), and the session's default networks (option
//! `networks`).

use cloud_core::compute::{CreateNode, NodeAuth};
use cloud_core::{Error, Result};
use serde_json::{Map, Value, json};

use super::base64;
use super::model::Microversion;

/// The first microversion where `networks` is required and may be `auto` or `none`.
const NETWORKS_REQUIRED: Microversion = Microversion {
    major: 2,
    minor: 37,
};

/// Which networks a new server is put on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Networks {
    /// Nova picks (or makes) the project's network (`"auto"`); the default.
    #[default]
    Auto,
    /// No network at all (`"none"`).
    None,
    /// These networks, by id.
    Ids(Vec<String>),
}

impl Networks {
    /// `auto`, `none`, or network ids separated by commas; `InvalidInput` when empty.
    pub fn parse(text: &str) -> Result<Networks> {
        let text = text.trim();
        match text {
            "auto" => Ok(Networks::Auto),
            "none" => Ok(Networks::None),
            _ => {
                let ids: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                if ids.is_empty() {
                    return Err(Error::invalid_input(
                        "networks: give auto, none or network ids separated by commas",
                    ));
                }
                Ok(Networks::Ids(ids))
            }
        }
    }

    /// The `networks` field for `version`; `None` to leave it out (before 2.37,
    /// `auto` and `none` cannot be said and Nova chooses).
    fn field(&self, version: Microversion) -> Option<Value> {
        match self {
            Networks::Ids(ids) => Some(Value::Array(
                ids.iter().map(|id| json!({ "uuid": id })).collect(),
            )),
            _ if version < NETWORKS_REQUIRED => None,
            Networks::Auto => Some(json!("auto")),
            Networks::None => Some(json!("none")),
        }
    }
}

/// The provider-specific options of a server create, read from
/// `CreateNode::options`: `networks` (`"auto"`, `"none"`, or a list of network ids)
/// and `security_groups` (a list of names).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenStackCreateOptions {
    /// The networks; the session's `networks` option when not given.
    pub networks: Option<Networks>,
    /// Security group names.
    pub security_groups: Vec<String>,
}

impl OpenStackCreateOptions {
    /// Reads the options; an unknown name or a value of the wrong shape is
    /// `InvalidInput` naming it.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        let mut out = OpenStackCreateOptions::default();
        for (name, value) in options {
            match name.as_str() {
                "networks" => {
                    out.networks = Some(match value {
                        Value::String(s) => Networks::parse(s)?,
                        Value::Array(items) => Networks::Ids(strings(name, items)?),
                        _ => return Err(shape(name)),
                    });
                }
                "security_groups" => match value {
                    Value::Array(items) => out.security_groups = strings(name, items)?,
                    _ => return Err(shape(name)),
                },
                other => {
                    return Err(Error::invalid_input(format!(
                        "options: OpenStack servers take networks and security_groups, not {other:?}"
                    )));
                }
            }
        }
        Ok(out)
    }
}

fn strings(name: &str, items: &[Value]) -> Result<Vec<String>> {
    items
        .iter()
        .map(|v| {
            v.as_str()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string())
                .ok_or_else(|| shape(name))
        })
        .collect()
}

fn shape(name: &str) -> Error {
    Error::invalid_input(format!("options: {name} takes a list of names or ids"))
}

/// The body of `POST /servers` for `version`.
pub(crate) fn create_body(
    request: &CreateNode,
    options: &OpenStackCreateOptions,
    networks: &Networks,
    version: Microversion,
) -> Value {
    let mut server = Map::new();
    server.insert("name".into(), json!(request.name));
    server.insert("flavorRef".into(), json!(request.size));
    server.insert("imageRef".into(), json!(request.image));
    if let Some(zone) = request.location.as_deref().filter(|z| !z.is_empty()) {
        server.insert("availability_zone".into(), json!(zone));
    }
    match &request.auth {
        Some(NodeAuth::KeyPairName { name }) => {
            server.insert("key_name".into(), json!(name));
        }
        Some(NodeAuth::Password { password }) => {
            server.insert("adminPass".into(), json!(password.expose()));
        }
        _ => {}
    }
    if !request.tags.is_empty() {
        server.insert("metadata".into(), json!(request.tags));
    }
    if let Some(data) = &request.user_data {
        server.insert("user_data".into(), json!(base64::encode(data.as_bytes())));
    }
    if !options.security_groups.is_empty() {
        let groups: Vec<Value> = options
            .security_groups
            .iter()
            .map(|name| json!({ "name": name }))
            .collect();
        server.insert("security_groups".into(), Value::Array(groups));
    }
    let networks = options.networks.as_ref().unwrap_or(networks);
    if let Some(field) = networks.field(version) {
        server.insert("networks".into(), field);
    }
    json!({ "server": server })
}

#[cfg(test)]
mod tests {
    use cloud_core::{ErrorKind, Secret};

    use super::*;
    use crate::compute::nova::WANTED;

    #[test]
    fn bodies_follow_the_microversion() {
        let mut request = CreateNode::new("web", "1", "img");
        request.location = Some("nova".into());
        request.auth = Some(NodeAuth::KeyPairName { name: "k".into() });
        request.tags.insert("team".into(), "blue".into());
        request.user_data = Some("#!/bin/sh\n".into());
        let body = create_body(&request, &Default::default(), &Networks::Auto, WANTED);
        let s = &body["server"];
        assert_eq!(s["flavorRef"], "1");
        assert_eq!(s["availability_zone"], "nova");
        assert_eq!(s["key_name"], "k");
        assert_eq!(s["metadata"]["team"], "blue");
        assert_eq!(s["user_data"], "IyEvYmluL3NoCg==");
        assert_eq!(s["networks"], "auto");
        let old = create_body(
            &request,
            &Default::default(),
            &Networks::Auto,
            Microversion::BASE,
        );
        assert!(old["server"].get("networks").is_none());
        let ids = Networks::parse("n1, n2").unwrap();
        let listed = create_body(&request, &Default::default(), &ids, Microversion::BASE);
        assert_eq!(listed["server"]["networks"][1]["uuid"], "n2");
    }

    #[test]
    fn options_are_checked() {
        let opts: Map<String, Value> =
            serde_json::from_str(r#"{"networks": ["n1"], "security_groups": ["web"]}"#).unwrap();
        let read = OpenStackCreateOptions::from_options(&opts).unwrap();
        assert_eq!(read.networks, Some(Networks::Ids(vec!["n1".into()])));
        assert_eq!(read.security_groups, ["web"]);
        let mut request = CreateNode::new("web", "1", "img");
        request.auth = Some(NodeAuth::Password {
            password: Secret::new("pw"),
        });
        let body = create_body(&request, &read, &Networks::Auto, WANTED);
        assert_eq!(body["server"]["security_groups"][0]["name"], "web");
        assert_eq!(body["server"]["adminPass"], "pw");
        for bad in [
            r#"{"flavor": 1}"#,
            r#"{"networks": 3}"#,
            r#"{"networks": [""]}"#,
            r#"{"security_groups": "web"}"#,
            r#"{"networks": " , "}"#,
        ] {
            let opts: Map<String, Value> = serde_json::from_str(bad).unwrap();
            let err = OpenStackCreateOptions::from_options(&opts).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
        assert_eq!(Networks::parse("none").unwrap(), Networks::None);
    }
}
