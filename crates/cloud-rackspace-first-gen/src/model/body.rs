//! The request bodies the driver sends, in either format: a new server, a reboot, a new
//! image.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::xml::escape;
use serde_json::{Value, json};

use super::{Format, NAMESPACE};

/// Most metadata pairs a server takes.
pub const MAX_METADATA: usize = 5;

/// Longest metadata key or value, in bytes.
pub const MAX_METADATA_BYTES: usize = 255;

/// Longest personality file path, in bytes.
pub const MAX_PERSONALITY_PATH: usize = 255;

/// Largest personality file, in bytes before encoding.
pub const MAX_PERSONALITY_BYTES: usize = 10 * 1024;

/// What `POST /servers` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServer<'a> {
    /// The server's name.
    pub name: &'a str,
    /// The image id (a number).
    pub image_id: u64,
    /// The flavor id (a number).
    pub flavor_id: u64,
    /// Metadata pairs.
    pub metadata: &'a BTreeMap<String, String>,
    /// Files written into the new server: path and contents (sent base64-encoded).
    pub personality: Vec<(&'a str, &'a [u8])>,
}

/// The body of `POST /servers`.
pub fn create_server_body(format: Format, server: &NewServer<'_>) -> String {
    match format {
        Format::Json => {
            let mut inner = json!({
                "name": server.name,
                "imageId": server.image_id,
                "flavorId": server.flavor_id,
            });
            if !server.metadata.is_empty() {
                inner["metadata"] = json!(server.metadata);
            }
            if !server.personality.is_empty() {
                let files: Vec<Value> = server
                    .personality
                    .iter()
                    .map(|(path, contents)| {
                        json!({"path": path, "contents": STANDARD.encode(contents)})
                    })
                    .collect();
                inner["personality"] = Value::from(files);
            }
            json!({ "server": inner }).to_string()
        }
        Format::Xml => {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><server xmlns=\"{NAMESPACE}\" \
                 name=\"{}\" imageId=\"{}\" flavorId=\"{}\">",
                escape(server.name),
                server.image_id,
                server.flavor_id
            );
            if !server.metadata.is_empty() {
                xml.push_str("<metadata>");
                for (k, v) in server.metadata {
                    xml.push_str(&format!("<meta key=\"{}\">{}</meta>", escape(k), escape(v)));
                }
                xml.push_str("</metadata>");
            }
            if !server.personality.is_empty() {
                xml.push_str("<personality>");
                for (path, contents) in &server.personality {
                    xml.push_str(&format!(
                        "<file path=\"{}\">{}</file>",
                        escape(path),
                        STANDARD.encode(contents)
                    ));
                }
                xml.push_str("</personality>");
            }
            xml.push_str("</server>");
            xml
        }
    }
}

/// A soft or hard reboot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebootKind {
    /// `SOFT`: the operating system restarts itself.
    Soft,
    /// `HARD`: a power cycle.
    Hard,
}

impl RebootKind {
    fn word(self) -> &'static str {
        match self {
            RebootKind::Soft => "SOFT",
            RebootKind::Hard => "HARD",
        }
    }
}

/// The body of `POST /servers/ID/action` for a reboot.
pub fn reboot_body(format: Format, kind: RebootKind) -> String {
    match format {
        Format::Json => json!({"reboot": {"type": kind.word()}}).to_string(),
        Format::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><reboot xmlns=\"{NAMESPACE}\" type=\"{}\"/>",
            kind.word()
        ),
    }
}

/// The body of `POST /images`: an image of server `server_id` named `name`.
pub fn create_image_body(format: Format, server_id: u64, name: &str) -> String {
    match format {
        Format::Json => json!({"image": {"serverId": server_id, "name": name}}).to_string(),
        Format::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><image xmlns=\"{NAMESPACE}\" name=\"{}\" \
             serverId=\"{server_id}\"/>",
            escape(name)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::xml::Element;

    fn server(metadata: &BTreeMap<String, String>) -> NewServer<'_> {
        NewServer {
            name: "web <1> & co",
            image_id: 119,
            flavor_id: 2,
            metadata,
            personality: vec![("/root/.ssh/authorized_keys", b"ssh-ed25519 AAAA k\n")],
        }
    }

    #[test]
    fn create_body_in_json() {
        let metadata = BTreeMap::from([("suite".to_string(), "conformance".to_string())]);
        let body: Value =
            serde_json::from_str(&create_server_body(Format::Json, &server(&metadata))).unwrap();
        assert_eq!(body["server"]["name"], "web <1> & co");
        assert_eq!(body["server"]["imageId"], 119);
        assert_eq!(body["server"]["flavorId"], 2);
        assert_eq!(body["server"]["metadata"]["suite"], "conformance");
        let file = &body["server"]["personality"][0];
        assert_eq!(file["path"], "/root/.ssh/authorized_keys");
        assert_eq!(
            STANDARD.decode(file["contents"].as_str().unwrap()).unwrap(),
            b"ssh-ed25519 AAAA k\n"
        );
        let bare = create_server_body(
            Format::Json,
            &NewServer {
                personality: vec![],
                ..server(&BTreeMap::new())
            },
        );
        assert!(
            !bare.contains("metadata") && !bare.contains("personality"),
            "{bare}"
        );
    }

    #[test]
    fn create_body_in_xml_escapes_and_reads_back() {
        let metadata = BTreeMap::from([("a\"b".to_string(), "<v>".to_string())]);
        let body = create_server_body(Format::Xml, &server(&metadata));
        let root = Element::parse(body.as_bytes()).unwrap();
        assert_eq!(root.name, "server");
        assert_eq!(root.attribute("xmlns"), Some(NAMESPACE));
        assert_eq!(root.attribute("name"), Some("web <1> & co"));
        assert_eq!(root.attribute("imageId"), Some("119"));
        let meta = root.path(&["metadata", "meta"]).unwrap();
        assert_eq!(meta.attribute("key"), Some("a\"b"));
        assert_eq!(meta.text, "<v>");
        let file = root.path(&["personality", "file"]).unwrap();
        assert_eq!(file.attribute("path"), Some("/root/.ssh/authorized_keys"));
    }

    #[test]
    fn reboot_and_image_bodies() {
        assert_eq!(
            reboot_body(Format::Json, RebootKind::Hard),
            r#"{"reboot":{"type":"HARD"}}"#
        );
        let xml = reboot_body(Format::Xml, RebootKind::Soft);
        assert_eq!(
            Element::parse(xml.as_bytes()).unwrap().attribute("type"),
            Some("SOFT")
        );
        let json: Value =
            serde_json::from_str(&create_image_body(Format::Json, 12, "Just in case")).unwrap();
        assert_eq!(json["image"]["serverId"], 12);
        let xml = create_image_body(Format::Xml, 12, "a&b");
        let root = Element::parse(xml.as_bytes()).unwrap();
        assert_eq!(root.attribute("name"), Some("a&b"));
        assert_eq!(root.attribute("serverId"), Some("12"));
    }
}
