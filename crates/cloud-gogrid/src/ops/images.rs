//! GoGrid server images: list, get, save from a sandbox server, delete.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::Value;

use super::{invalid, reference};
use crate::client::GoGridClient;
use crate::model;

pub(crate) fn list(client: &GoGridClient) -> BoxStream<'_, Result<Image>> {
    client.list_pages("list_images", "grid/image/list", Vec::new(), |v: &Value| {
        model::image_from(v).map(Some)
    })
}

pub(crate) async fn get(client: &GoGridClient, id: &str) -> Result<Image> {
    let id = reference(id, "image", "get_image")?;
    client
        .call_one(
            "get_image",
            Method::GET,
            "grid/image/get",
            &[("image", id.to_string())],
            model::image_from,
        )
        .await
}

/// Saves a server image (`grid/image/save`) from `node_id`, which GoGrid requires to be
/// an image sandbox server.
pub(crate) async fn save(client: &GoGridClient, node_id: &str, name: &str) -> Result<Image> {
    let node_id = reference(node_id, "server", "create_image")?;
    if name.trim().is_empty() {
        return Err(invalid("create_image", "a server image needs a name"));
    }
    client
        .call_one(
            "create_image",
            Method::POST,
            "grid/image/save",
            &[
                ("server", node_id.to_string()),
                ("friendlyName", name.trim().to_string()),
            ],
            model::image_from,
        )
        .await
}

pub(crate) async fn delete(client: &GoGridClient, image_id: &str) -> Result<()> {
    let image_id = reference(image_id, "image", "delete_image")?;
    client
        .call(
            "delete_image",
            Method::POST,
            "grid/image/delete",
            &[("image", image_id.to_string())],
        )
        .await?;
    Ok(())
}
