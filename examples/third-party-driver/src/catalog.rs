//! The fixed catalog: the sizes, images and locations a notebook offers, and the checks
//! that a create request names them.

use libcloud::{Error, Image, Location, Result, Size};

use crate::PROVIDER_ID;

/// Where a node goes when the request names no location.
pub(crate) const DEFAULT_LOCATION: &str = "desk";

/// One size: id, name, vCPUs, memory (MiB), disk (GiB).
const SIZES: &[(&str, &str, u32, u64, u64)] = &[
    ("small", "Small (1 vCPU, 1 GiB)", 1, 1024, 20),
    ("medium", "Medium (2 vCPU, 4 GiB)", 2, 4096, 80),
];

/// One image: id, name.
const IMAGES: &[(&str, &str)] = &[
    ("debian-12", "Debian 12"),
    ("ubuntu-24.04", "Ubuntu 24.04 LTS"),
];

/// One location: id, name.
const LOCATIONS: &[(&str, &str)] = &[(DEFAULT_LOCATION, "On the desk"), ("shelf", "On the shelf")];

/// Every size.
pub(crate) fn sizes() -> Vec<Size> {
    SIZES
        .iter()
        .map(|&(id, name, vcpus, ram_mib, disk_gib)| Size {
            id: id.into(),
            name: name.into(),
            vcpus: Some(vcpus),
            ram_mib,
            disk_gib: Some(disk_gib),
            price_per_hour: Some(0.0),
            extra: Default::default(),
        })
        .collect()
}

/// Every image.
pub(crate) fn images() -> Vec<Image> {
    IMAGES
        .iter()
        .map(|&(id, name)| Image {
            id: id.into(),
            name: name.into(),
            extra: Default::default(),
        })
        .collect()
}

/// Every location.
pub(crate) fn locations() -> Vec<Location> {
    LOCATIONS
        .iter()
        .map(|&(id, name)| Location {
            id: id.into(),
            name: name.into(),
            country: None,
            extra: Default::default(),
        })
        .collect()
}

/// The image `id`; `NotFound` naming the images there are.
pub(crate) fn image(id: &str) -> Result<Image> {
    images().into_iter().find(|i| i.id == id).ok_or_else(|| {
        let known: Vec<&str> = IMAGES.iter().map(|i| i.0).collect();
        Error::not_found(format!(
            "no image {:?}; images: {}",
            shown(id),
            known.join(", ")
        ))
        .with_provider(PROVIDER_ID)
    })
}

/// Checks that `size`, `image` and `location` are in the catalog; an `InvalidInput`
/// error naming the first that is not, and what there is instead.
pub(crate) fn check(size: &str, image: &str, location: &str) -> Result<()> {
    let wanted = [
        ("size", size, SIZES.iter().map(|s| s.0).collect::<Vec<_>>()),
        ("image", image, IMAGES.iter().map(|i| i.0).collect()),
        (
            "location",
            location,
            LOCATIONS.iter().map(|l| l.0).collect(),
        ),
    ];
    for (what, id, known) in wanted {
        if !known.contains(&id) {
            return Err(Error::invalid_input(format!(
                "no {what} {:?}; {what}s: {}",
                shown(id),
                known.join(", ")
            ))
            .with_provider(PROVIDER_ID));
        }
    }
    Ok(())
}

/// At most 64 characters of an id a caller passed, for error messages.
fn shown(id: &str) -> String {
    id.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use libcloud::ErrorKind;

    use super::*;

    #[test]
    fn the_catalog_lists_every_entry() {
        let sizes = sizes();
        assert_eq!(
            sizes.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["small", "medium"]
        );
        assert!(sizes.iter().all(|s| s.ram_mib > 0));
        assert_eq!(images().len(), 2);
        assert_eq!(locations()[0].id, DEFAULT_LOCATION);
        assert_eq!(image("ubuntu-24.04").unwrap().name, "Ubuntu 24.04 LTS");
    }

    #[test]
    fn unknown_entries_are_typed_errors_naming_the_known_ones() {
        let err = image("windows").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.message().contains("debian-12, ubuntu-24.04"), "{err}");

        check("small", "debian-12", "shelf").unwrap();
        let err = check("huge", "debian-12", "desk").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.provider(), Some(PROVIDER_ID));
        assert!(err.message().contains("sizes: small, medium"), "{err}");
        let err = check("small", "windows", "desk").unwrap_err();
        assert!(err.message().starts_with("no image \"windows\""), "{err}");
        let err = check("small", "debian-12", "garage").unwrap_err();
        assert!(err.message().contains("locations: desk, shelf"), "{err}");
    }
}
