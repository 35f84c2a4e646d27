//! Sizes (instance types), images, zones and regions.

use cloud_core::compute::{Image, Location, Size};
use cloud_core::paginate::Page;
use cloud_core::xml::Element;
use cloud_core::{BoxStream, Error, Result};

use super::validate::{id, local};
use crate::Ec2Compute;
use crate::client::{Filter, query};
use crate::model::{availability_zones_root, images_root, instance_types_root, regions_root};

/// Most instance types `DescribeInstanceTypes` returns per page.
const MAX_INSTANCE_TYPES_PAGE: u32 = 100;

fn zones_page(root: &Element<'_>) -> Result<Page<Location>> {
    availability_zones_root(root).map(Page::last)
}

fn regions_page(root: &Element<'_>) -> Result<Page<Location>> {
    regions_root(root).map(Page::last)
}

impl Ec2Compute {
    /// Every instance type the region offers (narrowed by the `size_filters` option).
    pub(crate) fn sizes(&self) -> BoxStream<'static, Result<Size>> {
        let query = query("DescribeInstanceTypes").filters(&self.settings.size_filters);
        let page = self.settings.page_size.min(MAX_INSTANCE_TYPES_PAGE);
        self.api.paged(query, Some(page), instance_types_root)
    }

    /// The images of the configured owners (`image_owners`, `self` by default) that
    /// pass the `image_filters` option.
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        self.list_images_with(&self.settings.image_owners, &self.settings.image_filters)
    }

    /// Images of these owners (`self`, `amazon`, `aws-marketplace`, account ids; none
    /// for every image you may launch) that pass these filters, page after page.
    pub fn list_images_with(
        &self,
        owners: &[String],
        filters: &[Filter],
    ) -> BoxStream<'static, Result<Image>> {
        let query = query("DescribeImages")
            .list("Owner", owners.iter().cloned())
            .filters(filters);
        self.api
            .paged(query, Some(self.settings.page_size), images_root)
    }

    /// One image by id; `NotFound` when AWS does not know it (or no longer lists it).
    pub(crate) async fn image(&self, image_id: &str) -> Result<Image> {
        let image_id = id("image id", image_id, "get_image")?;
        let root = self
            .api
            .call(query("DescribeImages").param("ImageId.1", image_id))
            .await?;
        let page =
            images_root(&root).map_err(|e| e.in_context(self.api.provider(), "DescribeImages"))?;
        page.items
            .into_iter()
            .find(|i| i.id == image_id)
            .ok_or_else(|| {
                local(
                    Error::not_found(format!("no image {image_id}")),
                    "DescribeImages",
                )
            })
    }

    /// The availability zones of the driver's region: the locations of this driver.
    pub(crate) fn zones(&self) -> BoxStream<'static, Result<Location>> {
        self.api
            .paged(query("DescribeAvailabilityZones"), None, zones_page)
    }

    /// Every region enabled for the account (`DescribeRegions`), as locations with
    /// the endpoint and opt-in status in `extra`.
    pub fn list_regions(&self) -> BoxStream<'static, Result<Location>> {
        self.api.paged(query("DescribeRegions"), None, regions_page)
    }

    /// The first available zone of the region, for creates that name none.
    pub(crate) async fn default_zone(&self) -> Result<String> {
        let root = self
            .api
            .call(
                query("DescribeAvailabilityZones").filters(&[Filter::new("state", ["available"])]),
            )
            .await?;
        let zones = availability_zones_root(&root)
            .map_err(|e| e.in_context(self.api.provider(), "DescribeAvailabilityZones"))?;
        zones.into_iter().next().map(|z| z.id).ok_or_else(|| {
            local(
                Error::new(
                    cloud_core::ErrorKind::Configuration,
                    format!("region {} has no available zone", self.region()),
                ),
                "DescribeAvailabilityZones",
            )
        })
    }
}
