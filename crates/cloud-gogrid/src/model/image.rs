//! GoGrid server image objects as images.

use cloud_core::compute::{Extra, Image};
use cloud_core::{Error, Result};
use serde_json::Value;

use super::fields::{id_text, object, option_name, text};

/// A server image object as an image; the display name is its `friendlyName`.
pub fn image_from(item: &Value) -> Result<Image> {
    object(item, "server image")?;
    let id = id_text(item.get("id"))
        .ok_or_else(|| Error::malformed("a GoGrid server image without an id"))?;
    let name = text(item, "friendlyName")
        .or_else(|| text(item, "name"))
        .unwrap_or(&id)
        .to_string();
    let mut extra = Extra::new();
    for (field, key) in [
        ("name", "image_name"),
        ("description", "description"),
        ("location", "path"),
    ] {
        if let Some(v) = text(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    for (field, key) in [
        ("state", "state"),
        ("os", "os"),
        ("architecture", "architecture"),
        ("type", "image_type"),
    ] {
        if let Some(v) = option_name(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    for (field, key) in [("isPublic", "is_public"), ("isActive", "is_active")] {
        if let Some(b) = item.get(field).and_then(Value::as_bool) {
            extra.insert(key.into(), Value::Bool(b));
        }
    }
    if let Some(p) = item.get("price").filter(|p| p.is_number()) {
        extra.insert("price".into(), p.clone());
    }
    if let Some(owner) = item.get("owner").and_then(|o| text(o, "name")) {
        extra.insert("owner".into(), Value::from(owner));
    }
    Ok(Image { id, name, extra })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_an_image() {
        let img = image_from(&json!({"id": 250, "friendlyName": "Windows 2k3 Image",
            "name": "GSI-d8fbf7d7", "isPublic": false, "state": {"name": "Available"}}))
        .unwrap();
        assert_eq!(
            (img.id.as_str(), img.name.as_str()),
            ("250", "Windows 2k3 Image")
        );
        assert_eq!(img.extra["state"], "Available");
        assert_eq!(img.extra["image_name"], "GSI-d8fbf7d7");
        assert!(image_from(&json!({"name": "x"})).is_err());
    }
}
