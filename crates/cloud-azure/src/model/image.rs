//! Images: custom images of the resource group (`Microsoft.Compute/images`) and the
//! marketplace catalog (SKUs of an offer, versions of a SKU).

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::Image;
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::json;

use super::common::{Reference, list_page, parse_json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomImage {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    properties: CustomProperties,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomProperties {
    #[serde(default)]
    provisioning_state: Option<String>,
    #[serde(default)]
    source_virtual_machine: Option<Reference>,
    #[serde(default)]
    hyper_v_generation: Option<String>,
}

impl CustomImage {
    fn into_image(self) -> Image {
        let mut extra = BTreeMap::new();
        extra.insert("kind".into(), json!("custom"));
        let props = self.properties;
        for (key, value) in [
            ("location", self.location),
            ("provisioning_state", props.provisioning_state),
            ("source_vm", props.source_virtual_machine.and_then(|r| r.id)),
            ("hyper_v_generation", props.hyper_v_generation),
        ] {
            if let Some(value) = value {
                extra.insert(key.into(), json!(value));
            }
        }
        Image {
            id: self.id,
            name: self.name,
            extra,
        }
    }
}

/// Parses one custom image; its id is its resource id.
pub fn custom_image(body: &[u8]) -> Result<Image> {
    parse_json::<CustomImage>(body, "image").map(CustomImage::into_image)
}

/// Parses one page of custom images.
pub fn custom_images(body: &[u8]) -> Result<Page<Image>> {
    list_page(body, "image list", |i: CustomImage| Some(i.into_image()))
}

/// One entry of a marketplace listing: a name (SKU or version) and its location.
#[derive(Debug, Deserialize)]
struct Entry {
    name: String,
}

/// The names of a marketplace listing (a bare JSON array of `{"name", "location",
/// "id"}`).
fn names(body: &[u8], what: &str) -> Result<Vec<String>> {
    let entries: Vec<Entry> = parse_json(body, what)?;
    Ok(entries.into_iter().map(|e| e.name).collect())
}

/// The SKUs of `publisher:offer` as images `publisher:offer:sku:latest`.
pub fn marketplace_skus(body: &[u8], publisher: &str, offer: &str) -> Result<Vec<Image>> {
    Ok(names(body, "marketplace SKU list")?
        .into_iter()
        .map(|sku| {
            let mut extra = BTreeMap::new();
            extra.insert("kind".into(), json!("marketplace"));
            extra.insert("publisher".into(), json!(publisher));
            extra.insert("offer".into(), json!(offer));
            extra.insert("sku".into(), json!(sku));
            Image {
                id: format!("{publisher}:{offer}:{sku}:latest"),
                name: format!("{offer} {sku}"),
                extra,
            }
        })
        .collect())
}

/// The version names of a marketplace SKU.
pub fn marketplace_versions(body: &[u8]) -> Result<Vec<String>> {
    names(body, "marketplace version list")
}

/// The name of one marketplace image version (`{"name", "location", "id",
/// "properties"}`).
pub fn marketplace_version(body: &[u8]) -> Result<String> {
    parse_json::<Entry>(body, "marketplace image version").map(|e| e.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_read() {
        let image = custom_image(br#"{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/base","name":"base","location":"westeurope","properties":{"provisioningState":"Succeeded","hyperVGeneration":"V2"}}"#).unwrap();
        assert_eq!(image.name, "base");
        assert_eq!(image.extra["hyper_v_generation"], "V2");
        let skus = marketplace_skus(
            br#"[{"location":"westeurope","name":"server","id":"/x/server"}]"#,
            "Canonical",
            "ubuntu-24_04-lts",
        )
        .unwrap();
        assert_eq!(skus[0].id, "Canonical:ubuntu-24_04-lts:server:latest");
        assert_eq!(
            marketplace_versions(br#"[{"name":"24.04.202409120"}]"#).unwrap(),
            ["24.04.202409120"]
        );
        assert!(marketplace_versions(br#"{"value":[]}"#).is_err());
    }
}
