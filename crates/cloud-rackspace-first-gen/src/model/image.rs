//! Images.

use cloud_core::Result;
use cloud_core::compute::{Extra, Image};
use cloud_core::xml::Element;
use serde_json::Value;

use super::Format;
use super::wire::{
    Doc, exactly_one, items, json_id, json_text, json_u64, xml_attr, xml_id, xml_u64,
};

/// An `images` list (`GET /images/detail`) or a single `image`.
pub fn parse_images(format: Format, body: &[u8]) -> Result<Vec<Image>> {
    let doc = Doc::parse(format, body)?;
    items(&doc, "images", "image", from_json, from_xml)
}

/// A single `image` document (`GET /images/ID`, the answer to `POST /images`).
pub fn parse_image(format: Format, body: &[u8]) -> Result<Image> {
    exactly_one(parse_images(format, body)?, "image")
}

/// The fields kept in `extra`, by wire name and the key they are kept under.
const EXTRA_FIELDS: [(&str, &str); 4] = [
    ("status", "status"),
    ("created", "created"),
    ("updated", "updated"),
    ("serverId", "server_id"),
];

fn from_json(v: &Value) -> Result<Image> {
    let id = json_id(v, "image")?;
    let mut extra = Extra::new();
    for (field, key) in EXTRA_FIELDS {
        if let Some(text) = json_text(v, field) {
            extra.insert(key.into(), Value::from(text));
        }
    }
    if let Some(p) = json_u64(v, "progress", "image progress")? {
        extra.insert("progress".into(), Value::from(p));
    }
    Ok(Image {
        name: json_text(v, "name").unwrap_or_else(|| id.clone()),
        id,
        extra,
    })
}

fn from_xml(el: &Element<'_>) -> Result<Image> {
    let id = xml_id(el, "image")?;
    let mut extra = Extra::new();
    for (field, key) in EXTRA_FIELDS {
        if let Some(text) = xml_attr(el, field) {
            extra.insert(key.into(), Value::from(text));
        }
    }
    if let Some(p) = xml_u64(el, "progress", "image progress")? {
        extra.insert("progress".into(), Value::from(p));
    }
    Ok(Image {
        name: xml_attr(el, "name").map_or_else(|| id.clone(), str::to_string),
        id,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_in_both_formats() {
        let json = parse_image(
            Format::Json,
            br#"{"image": {"id": 743, "name": "Just in case", "serverId": 12, "status": "SAVING",
                "progress": 80, "created": "2010-10-10T12:00:00Z", "updated": "2010-10-10T12:00:00Z"}}"#,
        )
        .unwrap();
        let xml = parse_image(
            Format::Xml,
            br#"<image xmlns="http://docs.rackspacecloud.com/servers/api/v1.0" id="743" name="Just in case"
                serverId="12" status="SAVING" progress="80" created="2010-10-10T12:00:00Z" updated="2010-10-10T12:00:00Z"/>"#,
        )
        .unwrap();
        assert_eq!(json, xml);
        assert_eq!(json.id, "743");
        assert_eq!(json.extra["server_id"], "12");
        assert_eq!(json.extra["progress"], 80);
        assert_eq!(json.extra["status"], "SAVING");
    }
}
