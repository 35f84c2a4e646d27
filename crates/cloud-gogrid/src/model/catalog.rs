//! GoGrid lookup options as sizes (`server.ram`) and locations (`datacenter`).

use cloud_core::compute::{Extra, Location, Size};
use cloud_core::{Error, Result};
use serde_json::Value;

use super::fields::{id_text, object, text};

/// A `datacenter` lookup option as a location.
pub fn location_from(item: &Value) -> Result<Location> {
    object(item, "data centre")?;
    let id = id_text(item.get("id"))
        .ok_or_else(|| Error::malformed("a GoGrid data centre without an id"))?;
    let name = text(item, "name").unwrap_or(&id).to_string();
    let mut extra = Extra::new();
    if let Some(d) = text(item, "description") {
        extra.insert("description".into(), Value::from(d));
    }
    let country = name.starts_with("US-").then(|| "US".to_string());
    Ok(Location {
        id,
        name,
        country,
        extra,
    })
}

/// Published hourly prices and disk sizes of GoGrid cloud servers by RAM option, as
/// listed for the v1.x API era (Apache Libcloud's GoGrid driver and pricing data).
const SIZE_FACTS: &[(&str, u64, f64)] = &[
    ("512MB", 30, 0.095),
    ("1GB", 60, 0.19),
    ("2GB", 120, 0.38),
    ("4GB", 240, 0.76),
    ("8GB", 480, 1.52),
    ("16GB", 960, 3.04),
    ("24GB", 960, 4.56),
];

/// RAM in MiB from an option name such as `512MB` or `24GB` (or a description that
/// contains one, "Server with 512MB RAM").
pub fn ram_mib(text: &str) -> Option<u64> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .find_map(|word| {
            let upper = word.to_ascii_uppercase();
            let (digits, factor) = if let Some(d) = upper.strip_suffix("GB") {
                (d, 1024)
            } else if let Some(d) = upper.strip_suffix("MB") {
                (d, 1)
            } else {
                return None;
            };
            digits.parse::<u64>().ok()?.checked_mul(factor)
        })
        .filter(|&m| m > 0)
}

/// A `server.ram` lookup option as a size, or `None` when its RAM cannot be read from
/// its name or description. The size id is the option's name (`512MB`), which
/// `grid/server/add` accepts as `server.ram`.
pub fn size_from(item: &Value) -> Result<Option<Size>> {
    object(item, "RAM option")?;
    let name =
        text(item, "name").ok_or_else(|| Error::malformed("a GoGrid RAM option without a name"))?;
    let description = text(item, "description");
    let Some(ram) = ram_mib(name).or_else(|| description.and_then(ram_mib)) else {
        return Ok(None);
    };
    let facts = SIZE_FACTS.iter().find(|(n, _, _)| *n == name);
    let mut extra = Extra::new();
    if let Some(id) = id_text(item.get("id")) {
        extra.insert("option_id".into(), Value::from(id));
    }
    if let Some(d) = description {
        extra.insert("description".into(), Value::from(d));
    }
    Ok(Some(Size {
        id: name.to_string(),
        name: name.to_string(),
        vcpus: None,
        ram_mib: ram,
        disk_gib: facts.map(|f| f.1),
        price_per_hour: facts.map(|f| f.2),
        extra,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sizes_from_ram_options() {
        let s =
            size_from(&json!({"id": 1, "name": "512MB", "description": "Server with 512MB RAM"}))
                .unwrap()
                .unwrap();
        assert_eq!(
            (s.id.as_str(), s.ram_mib, s.disk_gib),
            ("512MB", 512, Some(30))
        );
        assert_eq!(s.price_per_hour, Some(0.095));
        let s = size_from(&json!({"id": 8, "name": "24GB"}))
            .unwrap()
            .unwrap();
        assert_eq!(s.ram_mib, 24 * 1024);
        let s = size_from(
            &json!({"id": 9, "name": "Sandbox", "description": "SandBox Server with 2GB RAM"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!((s.ram_mib, s.price_per_hour), (2048, None));
        assert!(
            size_from(&json!({"id": 10, "name": "Huge"}))
                .unwrap()
                .is_none()
        );
        assert_eq!(ram_mib("99999999999999999999GB"), None);
        assert_eq!(ram_mib("0MB"), None);
    }

    #[test]
    fn locations_from_data_centres() {
        let loc = location_from(
            &json!({"id": 2, "name": "US-East-1", "description": "US East 1 Datacenter"}),
        )
        .unwrap();
        assert_eq!((loc.id.as_str(), loc.country.as_deref()), ("2", Some("US")));
        assert!(location_from(&json!({"name": "no id"})).is_err());
    }
}
