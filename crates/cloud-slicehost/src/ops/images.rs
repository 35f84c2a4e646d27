//! Images.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result, ids};

use crate::{PROVIDER_ID, SlicehostCompute, model};

impl SlicehostCompute {
    pub(crate) fn images(&self) -> BoxStream<'_, Result<Image>> {
        self.api
            .list("list_images", "images.xml", model::parse_images)
    }

    /// `GET /images/ID.xml`; an id that is not a number is `NotFound` without a request.
    pub(crate) async fn image(&self, id: &str) -> Result<Image> {
        const OP: &str = "get_image";
        let id = ids::numeric(PROVIDER_ID, "image", id, OP)?;
        let mut images = self
            .api
            .parsed(
                OP,
                Method::GET,
                &format!("images/{id}.xml"),
                model::parse_images,
            )
            .await?;
        match images.len() {
            1 => Ok(images.remove(0)),
            n => Err(Error::malformed(format!("expected one image, found {n}"))
                .with_provider(PROVIDER_ID)
                .with_operation(OP)),
        }
    }
}
