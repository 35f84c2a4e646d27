//! Linode types as sizes, and regions as locations.

use cloud_core::Result;
use cloud_core::compute::{Location, Size};
use serde::Deserialize;
use serde_json::Value;

use super::{Convert, extra_from};

/// MiB in a GiB; Linode gives disk sizes in MB (mebibytes in practice).
const MIB_PER_GIB: u64 = 1024;

/// A Linode type (plan).
#[derive(Debug, Deserialize)]
pub(crate) struct RawType {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    vcpus: Option<u32>,
    memory: u64,
    #[serde(default)]
    disk: Option<u64>,
    #[serde(default)]
    transfer: Option<u64>,
    #[serde(default)]
    price: Option<RawPrice>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

/// A price in US dollars.
#[derive(Debug, Deserialize)]
struct RawPrice {
    #[serde(default)]
    hourly: Option<f64>,
    #[serde(default)]
    monthly: Option<f64>,
}

impl Convert for RawType {
    type Item = Size;

    /// Memory stays in MiB; disk becomes GiB; `transfer` (MB per month) and
    /// `price_monthly` (US dollars) go to `extra`, as does every other field.
    fn convert(self) -> Result<Size> {
        let mut extra = extra_from(self.rest);
        if let Some(t) = self.transfer {
            extra.insert("transfer".into(), Value::from(t));
        }
        let (hourly, monthly) = match self.price {
            Some(p) => (p.hourly, p.monthly),
            None => (None, None),
        };
        if let Some(m) = monthly {
            extra.insert("price_monthly".into(), Value::from(m));
        }
        Ok(Size {
            name: self.label.unwrap_or_else(|| self.id.clone()),
            id: self.id,
            vcpus: self.vcpus,
            ram_mib: self.memory,
            disk_gib: self.disk.map(|mb| mb / MIB_PER_GIB),
            price_per_hour: hourly,
            extra,
        })
    }
}

/// A Linode region.
#[derive(Debug, Deserialize)]
pub(crate) struct RawRegion {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl Convert for RawRegion {
    type Item = Location;

    /// The country code is upper-cased (`us` → `US`).
    fn convert(self) -> Result<Location> {
        Ok(Location {
            name: self.label.unwrap_or_else(|| self.id.clone()),
            id: self.id,
            country: self
                .country
                .filter(|c| !c.is_empty())
                .map(|c| c.to_ascii_uppercase()),
            extra: extra_from(self.rest),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_a_type() {
        let raw: RawType = serde_json::from_str(
            r#"{"id": "g6-standard-2", "label": "Linode 4GB", "vcpus": 2, "memory": 4096,
                "disk": 81920, "transfer": 4000, "network_out": 4000, "class": "standard",
                "price": {"hourly": 0.036, "monthly": 24.0}, "gpus": 0, "successor": null}"#,
        )
        .unwrap();
        let size = raw.convert().unwrap();
        assert_eq!(size.id, "g6-standard-2");
        assert_eq!(size.name, "Linode 4GB");
        assert_eq!(size.vcpus, Some(2));
        assert_eq!(size.ram_mib, 4096);
        assert_eq!(size.disk_gib, Some(80));
        assert_eq!(size.price_per_hour, Some(0.036));
        assert_eq!(size.extra["price_monthly"], 24.0);
        assert_eq!(size.extra["transfer"], 4000);
        assert_eq!(size.extra["class"], "standard");
        assert!(!size.extra.contains_key("successor"));
        assert!(!size.extra.contains_key("price"));
    }

    #[test]
    fn converts_a_region() {
        let raw: RawRegion = serde_json::from_str(
            r#"{"id": "us-east", "label": "Newark, NJ", "country": "us",
                "capabilities": ["Linodes", "Block Storage"], "status": "ok"}"#,
        )
        .unwrap();
        let loc = raw.convert().unwrap();
        assert_eq!(loc.id, "us-east");
        assert_eq!(loc.name, "Newark, NJ");
        assert_eq!(loc.country.as_deref(), Some("US"));
        assert_eq!(loc.extra["status"], "ok");
    }
}
