//! The catalog: VM sizes of a location and the subscription's locations.

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::{Location, Size};
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::json;

use super::common::list_page;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VmSize {
    name: String,
    #[serde(default)]
    number_of_cores: Option<u32>,
    #[serde(default, rename = "memoryInMB")]
    memory_in_mb: Option<u64>,
    #[serde(default, rename = "resourceDiskSizeInMB")]
    resource_disk_size_in_mb: Option<u64>,
    #[serde(default, rename = "osDiskSizeInMB")]
    os_disk_size_in_mb: Option<u64>,
    #[serde(default)]
    max_data_disk_count: Option<u32>,
}

/// The sizes of one `vmSizes` answer (a single page). `disk_gib` is the temporary
/// resource disk (`None` when the size has none).
pub fn vm_sizes(body: &[u8]) -> Result<Page<Size>> {
    list_page(body, "VM size list", |s: VmSize| {
        let mut extra = BTreeMap::new();
        if let Some(n) = s.max_data_disk_count {
            extra.insert("max_data_disks".into(), json!(n));
        }
        if let Some(mb) = s.os_disk_size_in_mb {
            extra.insert("max_os_disk_mib".into(), json!(mb));
        }
        Some(Size {
            id: s.name.clone(),
            name: s.name,
            vcpus: s.number_of_cores,
            ram_mib: s.memory_in_mb.unwrap_or(0),
            disk_gib: s
                .resource_disk_size_in_mb
                .filter(|mb| *mb > 0)
                .map(|mb| mb / 1024),
            price_per_hour: None,
            extra,
        })
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireLocation {
    name: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    regional_display_name: Option<String>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    #[serde(default)]
    region_type: Option<String>,
    #[serde(default)]
    geography_group: Option<String>,
    #[serde(default)]
    physical_location: Option<String>,
}

/// The subscription's locations: the physical regions (logical ones such as
/// `europe` hold no VMs and are left out).
pub fn locations(body: &[u8]) -> Result<Page<Location>> {
    list_page(body, "location list", |l: WireLocation| {
        let metadata = l.metadata.unwrap_or_default();
        if metadata
            .region_type
            .as_deref()
            .is_some_and(|t| !t.eq_ignore_ascii_case("Physical"))
        {
            return None;
        }
        let mut extra = BTreeMap::new();
        for (key, value) in [
            ("regional_display_name", l.regional_display_name),
            ("geography_group", metadata.geography_group),
            ("physical_location", metadata.physical_location),
        ] {
            if let Some(value) = value {
                extra.insert(key.into(), json!(value));
            }
        }
        Some(Location {
            id: l.name.clone(),
            name: l.display_name.unwrap_or(l.name),
            country: None,
            extra,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_locations_read() {
        let sizes = vm_sizes(br#"{"value":[{"name":"Standard_B1s","numberOfCores":1,"osDiskSizeInMB":1047552,"resourceDiskSizeInMB":4096,"memoryInMB":1024,"maxDataDiskCount":2}]}"#).unwrap();
        assert_eq!(sizes.items[0].ram_mib, 1024);
        assert_eq!(sizes.items[0].disk_gib, Some(4));
        let locations = locations(br#"{"value":[{"name":"westeurope","displayName":"West Europe","metadata":{"regionType":"Physical"}},{"name":"europe","displayName":"Europe","metadata":{"regionType":"Logical"}}]}"#).unwrap();
        assert_eq!(locations.items.len(), 1);
        assert_eq!(locations.items[0].name, "West Europe");
    }
}
