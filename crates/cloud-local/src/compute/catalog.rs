//! The fixed catalog of the simulated cloud: sizes, stock images and locations.

use cloud_core::compute::{Extra, Image, Location, Size};
use serde_json::json;

/// The location nodes and volumes go to when the caller names none.
pub(crate) const DEFAULT_LOCATION: &str = "local-1";

struct SizeSpec {
    id: &'static str,
    name: &'static str,
    vcpus: u32,
    ram_mib: u64,
    disk_gib: u64,
    price_per_hour: f64,
}

const SIZES: &[SizeSpec] = &[
    SizeSpec {
        id: "small",
        name: "Small (1 vCPU, 1 GiB)",
        vcpus: 1,
        ram_mib: 1024,
        disk_gib: 25,
        price_per_hour: 0.0075,
    },
    SizeSpec {
        id: "medium",
        name: "Medium (2 vCPU, 4 GiB)",
        vcpus: 2,
        ram_mib: 4096,
        disk_gib: 80,
        price_per_hour: 0.03,
    },
    SizeSpec {
        id: "large",
        name: "Large (4 vCPU, 16 GiB)",
        vcpus: 4,
        ram_mib: 16384,
        disk_gib: 160,
        price_per_hour: 0.12,
    },
];

struct ImageSpec {
    id: &'static str,
    name: &'static str,
    os: &'static str,
    version: &'static str,
}

const IMAGES: &[ImageSpec] = &[
    ImageSpec {
        id: "debian-12",
        name: "Debian 12 (bookworm)",
        os: "debian",
        version: "12",
    },
    ImageSpec {
        id: "ubuntu-24.04",
        name: "Ubuntu 24.04 LTS (Noble Numbat)",
        os: "ubuntu",
        version: "24.04",
    },
];

const LOCATIONS: &[(&str, &str)] = &[("local-1", "Local zone 1"), ("local-2", "Local zone 2")];

/// Every size, smallest first.
pub(crate) fn sizes() -> Vec<Size> {
    SIZES
        .iter()
        .map(|s| Size {
            id: s.id.to_string(),
            name: s.name.to_string(),
            vcpus: Some(s.vcpus),
            ram_mib: s.ram_mib,
            disk_gib: Some(s.disk_gib),
            price_per_hour: Some(s.price_per_hour),
            extra: Extra::new(),
        })
        .collect()
}

/// Whether `id` names a size.
pub(crate) fn has_size(id: &str) -> bool {
    SIZES.iter().any(|s| s.id == id)
}

/// The size ids, for error messages.
pub(crate) fn size_ids() -> String {
    SIZES.iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
}

/// Every stock image.
pub(crate) fn images() -> Vec<Image> {
    IMAGES.iter().map(image_of).collect()
}

/// The stock image `id`, if there is one.
pub(crate) fn image(id: &str) -> Option<Image> {
    IMAGES.iter().find(|i| i.id == id).map(image_of)
}

fn image_of(spec: &ImageSpec) -> Image {
    let mut extra = Extra::new();
    extra.insert("kind".into(), json!("catalog"));
    extra.insert("os".into(), json!(spec.os));
    extra.insert("version".into(), json!(spec.version));
    Image {
        id: spec.id.to_string(),
        name: spec.name.to_string(),
        extra,
    }
}

/// Every location.
pub(crate) fn locations() -> Vec<Location> {
    LOCATIONS
        .iter()
        .map(|(id, name)| Location {
            id: id.to_string(),
            name: name.to_string(),
            country: None,
            extra: Extra::new(),
        })
        .collect()
}

/// Whether `id` names a location.
pub(crate) fn has_location(id: &str) -> bool {
    LOCATIONS.iter().any(|(l, _)| *l == id)
}

/// The location ids, for error messages.
pub(crate) fn location_ids() -> String {
    LOCATIONS
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_lookups_agree_with_lists() {
        for size in sizes() {
            assert!(has_size(&size.id));
            assert!(size.ram_mib > 0);
        }
        assert!(!has_size("huge"));
        let small = sizes().into_iter().find(|s| s.id == "small").unwrap();
        assert_eq!(
            (small.vcpus, small.ram_mib, small.disk_gib),
            (Some(1), 1024, Some(25))
        );
        for img in images() {
            assert_eq!(image(&img.id), Some(img.clone()));
        }
        assert_eq!(image("windows-95"), None);
        assert!(has_location(DEFAULT_LOCATION));
        assert!(!has_location("mars-1"));
        assert_eq!(location_ids(), "local-1, local-2");
        assert_eq!(size_ids(), "small, medium, large");
    }
}
