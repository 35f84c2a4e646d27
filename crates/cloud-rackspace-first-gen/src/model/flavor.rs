//! Flavors as sizes.

use cloud_core::compute::{Extra, Size};
use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::Format;
use super::wire::{Doc, items, json_id, json_text, json_u64, xml_attr, xml_id, xml_u64};

/// A `flavors` list (`GET /flavors/detail`) or a single `flavor` as sizes. Every flavor
/// must give its RAM (MiB); the disk (GB) is kept when given.
pub fn parse_flavors(format: Format, body: &[u8]) -> Result<Vec<Size>> {
    let doc = Doc::parse(format, body)?;
    items(&doc, "flavors", "flavor", from_json, from_xml)
}

fn from_json(v: &Value) -> Result<Size> {
    let id = json_id(v, "flavor")?;
    let ram = json_u64(v, "ram", "flavor ram")?;
    let disk = json_u64(v, "disk", "flavor disk")?;
    size(id, json_text(v, "name"), ram, disk)
}

fn from_xml(el: &Element<'_>) -> Result<Size> {
    let id = xml_id(el, "flavor")?;
    let ram = xml_u64(el, "ram", "flavor ram")?;
    let disk = xml_u64(el, "disk", "flavor disk")?;
    size(id, xml_attr(el, "name").map(str::to_string), ram, disk)
}

fn size(id: String, name: Option<String>, ram: Option<u64>, disk: Option<u64>) -> Result<Size> {
    let ram_mib = ram
        .filter(|r| *r > 0)
        .ok_or_else(|| Error::malformed(format!("flavor {id} has no RAM size in the answer")))?;
    Ok(Size {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        vcpus: None,
        ram_mib,
        disk_gib: disk,
        price_per_hour: None,
        extra: Extra::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavors_become_sizes_in_both_formats() {
        let json = parse_flavors(
            Format::Json,
            br#"{"flavors": [{"id": 1, "name": "256 server", "ram": 256, "disk": 10}]}"#,
        )
        .unwrap();
        let xml = parse_flavors(
            Format::Xml,
            br#"<flavors xmlns="http://docs.rackspacecloud.com/servers/api/v1.0"><flavor id="1" name="256 server" ram="256" disk="10"/></flavors>"#,
        )
        .unwrap();
        assert_eq!(json, xml);
        assert_eq!(json[0].ram_mib, 256);
        assert_eq!(json[0].disk_gib, Some(10));
        assert_eq!(json[0].name, "256 server");
    }
}
