//! Instance types (sizes), images, availability zones and regions.

use cloud_core::compute::{Extra, Image, Location, Size};
use cloud_core::paginate::Page;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::{Value, json};

use super::{
    copy_bool, copy_text, items, next_token, number, optional_items, optional_number, tags,
};

/// ISO country codes of the commercial regions.
const REGION_COUNTRIES: &[(&str, &str)] = &[
    ("af-south-1", "ZA"),
    ("ap-east-1", "HK"),
    ("ap-east-2", "TW"),
    ("ap-northeast-1", "JP"),
    ("ap-northeast-2", "KR"),
    ("ap-northeast-3", "JP"),
    ("ap-south-1", "IN"),
    ("ap-south-2", "IN"),
    ("ap-southeast-1", "SG"),
    ("ap-southeast-2", "AU"),
    ("ap-southeast-3", "ID"),
    ("ap-southeast-4", "AU"),
    ("ap-southeast-5", "MY"),
    ("ap-southeast-6", "NZ"),
    ("ap-southeast-7", "TH"),
    ("ca-central-1", "CA"),
    ("ca-west-1", "CA"),
    ("eu-central-1", "DE"),
    ("eu-central-2", "CH"),
    ("eu-north-1", "SE"),
    ("eu-south-1", "IT"),
    ("eu-south-2", "ES"),
    ("eu-west-1", "IE"),
    ("eu-west-2", "GB"),
    ("eu-west-3", "FR"),
    ("il-central-1", "IL"),
    ("me-central-1", "AE"),
    ("me-south-1", "BH"),
    ("mx-central-1", "MX"),
    ("sa-east-1", "BR"),
    ("us-east-1", "US"),
    ("us-east-2", "US"),
    ("us-west-1", "US"),
    ("us-west-2", "US"),
];

/// The ISO country code of a commercial region (`eu-west-1` → `IE`); `None` for
/// regions this table does not know.
pub fn region_country(region: &str) -> Option<&'static str> {
    REGION_COUNTRIES
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, c)| *c)
}

/// A `DescribeInstanceTypes` page.
pub(crate) fn instance_types_root(root: &Element<'_>) -> Result<Page<Size>> {
    let sizes = items(root, "instanceTypeSet")?
        .map(size)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items: sizes,
        next: next_token(root),
    })
}

fn size(item: &Element<'_>) -> Result<Size> {
    let id = item.require_value("instanceType")?.to_string();
    let ram_mib = number(item.require("memoryInfo")?, "sizeInMiB")?;
    let vcpus = match item.child("vCpuInfo") {
        Some(info) => optional_number(info, "defaultVCpus")?
            .map(|n| u32::try_from(n).map_err(|_| Error::malformed("vCPU count out of range")))
            .transpose()?,
        None => None,
    };
    let disk_gib = match item.child("instanceStorageInfo") {
        Some(info) => optional_number(info, "totalSizeInGB")?,
        None => None,
    };
    let mut extra = Extra::new();
    let architectures: Vec<Value> = item
        .child("processorInfo")
        .into_iter()
        .flat_map(|p| optional_items(p, "supportedArchitectures"))
        .map(|a| json!(a.text.trim()))
        .collect();
    if !architectures.is_empty() {
        extra.insert("architectures".into(), Value::Array(architectures));
    }
    copy_text(&mut extra, item, &[("hypervisor", "hypervisor")]);
    copy_bool(
        &mut extra,
        item,
        &[
            ("currentGeneration", "current_generation"),
            ("freeTierEligible", "free_tier_eligible"),
            ("bareMetal", "bare_metal"),
        ],
    );
    if let Some(net) = item.child("networkInfo") {
        copy_text(
            &mut extra,
            net,
            &[("networkPerformance", "network_performance")],
        );
    }
    Ok(Size {
        name: id.clone(),
        id,
        vcpus,
        ram_mib,
        disk_gib,
        price_per_hour: None,
        extra,
    })
}

/// A `DescribeImages` page.
pub(crate) fn images_root(root: &Element<'_>) -> Result<Page<Image>> {
    let images = items(root, "imagesSet")?
        .map(image_item)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items: images,
        next: next_token(root),
    })
}

/// One image item.
pub(crate) fn image_item(item: &Element<'_>) -> Result<Image> {
    let id = item.require_value("imageId")?.to_string();
    let name = item.child_value("name").unwrap_or(&id).to_string();
    let mut extra = Extra::new();
    copy_text(
        &mut extra,
        item,
        &[
            ("imageState", "state"),
            ("architecture", "architecture"),
            ("imageOwnerId", "owner_id"),
            ("imageOwnerAlias", "owner_alias"),
            ("platform", "platform"),
            ("platformDetails", "platform_details"),
            ("description", "description"),
            ("creationDate", "creation_date"),
            ("rootDeviceType", "root_device_type"),
            ("rootDeviceName", "root_device_name"),
            ("virtualizationType", "virtualization_type"),
            ("imageType", "image_type"),
            ("hypervisor", "hypervisor"),
            ("imageLocation", "image_location"),
        ],
    );
    copy_bool(&mut extra, item, &[("isPublic", "public")]);
    let tags = tags(item);
    if !tags.is_empty() {
        extra.insert("tags".into(), json!(tags));
    }
    Ok(Image { id, name, extra })
}

/// The zones of a `DescribeAvailabilityZones` answer.
pub(crate) fn availability_zones_root(root: &Element<'_>) -> Result<Vec<Location>> {
    items(root, "availabilityZoneInfo")?
        .map(|item| {
            let zone = item.require_value("zoneName")?.to_string();
            let region = item.child_value("regionName");
            let mut extra = Extra::new();
            copy_text(
                &mut extra,
                item,
                &[
                    ("regionName", "region"),
                    ("zoneId", "zone_id"),
                    ("zoneState", "state"),
                    ("zoneType", "zone_type"),
                    ("groupName", "group_name"),
                    ("optInStatus", "opt_in_status"),
                ],
            );
            Ok(Location {
                name: zone.clone(),
                id: zone,
                country: region.and_then(region_country).map(str::to_string),
                extra,
            })
        })
        .collect()
}

/// The regions of a `DescribeRegions` answer.
pub(crate) fn regions_root(root: &Element<'_>) -> Result<Vec<Location>> {
    items(root, "regionInfo")?
        .map(|item| {
            let region = item.require_value("regionName")?.to_string();
            let mut extra = Extra::new();
            copy_text(
                &mut extra,
                item,
                &[
                    ("regionEndpoint", "endpoint"),
                    ("optInStatus", "opt_in_status"),
                ],
            );
            Ok(Location {
                name: region.clone(),
                country: region_country(&region).map(str::to_string),
                id: region,
                extra,
            })
        })
        .collect()
}
