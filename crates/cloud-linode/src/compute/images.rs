//! Images: the public catalog, and private images made from a node's disk.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::ids;
use cloud_core::{BoxStream, Error, Result};
use futures::TryStreamExt;
use serde_json::json;

use super::local;
use crate::{LinodeCompute, PROVIDER_ID, model};

impl LinodeCompute {
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        self.api.list("list_images", "images", None, model::images)
    }

    pub(crate) async fn image(&self, id: &str) -> Result<Image> {
        const OP: &str = "get_image";
        let path = image_path(id, OP)?;
        self.api.get(OP, &path, model::image).await
    }

    /// Makes a private image from the node's first disk that is not swap.
    pub(crate) async fn image_from_node(&self, node_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        let node = ids::numeric(PROVIDER_ID, "instance", node_id, OP)?;
        let disk = self
            .api
            .list(
                OP,
                format!("linode/instances/{node}/disks"),
                None,
                model::imageable_disks,
            )
            .try_next()
            .await?
            .ok_or_else(|| {
                local(
                    Error::invalid_input(format!(
                        "instance {node} has no disk an image can be made from"
                    )),
                    OP,
                )
            })?;
        let body = json!({ "disk_id": disk, "label": name });
        self.api.post(OP, "images", &body, model::image).await
    }

    pub(crate) async fn remove_image(&self, id: &str) -> Result<()> {
        const OP: &str = "delete_image";
        let path = image_path(id, OP)?;
        let request = self.api.request(OP, Method::DELETE, &path);
        self.api.action(request).await
    }
}

/// The path of an image (`images/linode/debian12`); an id that could leave the images
/// path cannot name an image: `NotFound`, without a request.
fn image_path(id: &str, operation: &str) -> Result<String> {
    let id = ids::segments(PROVIDER_ID, "image", id, operation)?;
    Ok(format!("images/{id}"))
}
