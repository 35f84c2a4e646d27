//! Zones, regions and machine types: locations and sizes.

use cloud_core::Result;
use cloud_core::compute::{Extra, Location, Size};
use cloud_core::paginate::Page;
use serde::Deserialize;
use serde_json::json;

use super::common::{int64, last_segment};
use super::list::list_page;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Zone {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    zones: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MachineType {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    guest_cpus: Option<u32>,
    #[serde(default, deserialize_with = "int64")]
    memory_mb: Option<u64>,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    is_shared_cpu: Option<bool>,
    #[serde(default)]
    maximum_persistent_disks: Option<u32>,
    #[serde(default)]
    deprecated: Option<serde_json::Value>,
}

fn zone_location(zone: Zone) -> Location {
    let mut extra = Extra::new();
    extra.insert("kind".into(), json!("zone"));
    if let Some(region) = &zone.region {
        extra.insert("region".into(), json!(last_segment(region)));
    }
    if let Some(status) = zone.status {
        extra.insert("status".into(), json!(status));
    }
    Location {
        name: zone.description.unwrap_or_else(|| zone.name.clone()),
        id: zone.name,
        country: None,
        extra,
    }
}

fn region_location(region: Region) -> Location {
    let mut extra = Extra::new();
    extra.insert("kind".into(), json!("region"));
    let zones: Vec<&str> = region.zones.iter().map(|z| last_segment(z)).collect();
    extra.insert("zones".into(), json!(zones));
    if let Some(status) = region.status {
        extra.insert("status".into(), json!(status));
    }
    Location {
        name: region.description.unwrap_or_else(|| region.name.clone()),
        id: region.name,
        country: None,
        extra,
    }
}

fn machine_size(machine: MachineType) -> Size {
    let mut extra = Extra::new();
    if let Some(zone) = &machine.zone {
        extra.insert("zone".into(), json!(last_segment(zone)));
    }
    if let Some(shared) = machine.is_shared_cpu {
        extra.insert("shared_cpu".into(), json!(shared));
    }
    if let Some(disks) = machine.maximum_persistent_disks {
        extra.insert("max_disks".into(), json!(disks));
    }
    if let Some(deprecated) = machine.deprecated {
        extra.insert("deprecated".into(), deprecated);
    }
    Size {
        name: machine.description.unwrap_or_else(|| machine.name.clone()),
        id: machine.name,
        vcpus: machine.guest_cpus,
        ram_mib: machine.memory_mb.unwrap_or(0),
        disk_gib: None,
        price_per_hour: None,
        extra,
    }
}

/// Parses one page of `zones.list`; each zone is a location with `kind: zone` and its
/// region in `extra`.
pub fn zones(body: &[u8]) -> Result<Page<Location>> {
    list_page(body, "zone list", zone_location)
}

/// Parses one page of `regions.list`; each region is a location with `kind: region`
/// and its zones in `extra`.
pub fn regions(body: &[u8]) -> Result<Page<Location>> {
    list_page(body, "region list", region_location)
}

/// Parses one page of `machineTypes.list`: sizes with vCPUs and memory.
pub fn machine_types(body: &[u8]) -> Result<Page<Size>> {
    list_page(body, "machine type list", machine_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_types_become_sizes() {
        let page = machine_types(
            br#"{"items":[{"name":"e2-small","description":"2 vCPU (1 shared core), 2 GB RAM",
                "guestCpus":2,"memoryMb":2048,"isSharedCpu":true,"zone":"us-central1-a"}],
                "nextPageToken":"t2"}"#,
        )
        .unwrap();
        assert_eq!(page.next.as_deref(), Some("t2"));
        let size = &page.items[0];
        assert_eq!(size.id, "e2-small");
        assert_eq!(size.vcpus, Some(2));
        assert_eq!(size.ram_mib, 2048);
        assert_eq!(size.extra["shared_cpu"], true);
    }

    #[test]
    fn zones_and_regions_become_locations() {
        let zone = &zones(br#"{"items":[{"name":"us-central1-a","region":"https://x/regions/us-central1","status":"UP"}]}"#)
            .unwrap()
            .items[0];
        assert_eq!(zone.id, "us-central1-a");
        assert_eq!(zone.extra["region"], "us-central1");
        let region = &regions(
            br#"{"items":[{"name":"us-central1","zones":["https://x/zones/us-central1-a"]}]}"#,
        )
        .unwrap()
        .items[0];
        assert_eq!(region.extra["zones"], json!(["us-central1-a"]));
        assert!(zones(b"{\"items\":{}}").is_err());
        assert!(zones(b"{}").unwrap().items.is_empty());
    }
}
