//! Images, server images included.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result, ids};

use super::servers::server_id;
use crate::{PROVIDER_ID, RackspaceFirstGenCompute, model};

impl RackspaceFirstGenCompute {
    /// `GET /images/detail`.
    pub(crate) fn images(&self) -> BoxStream<'_, Result<Image>> {
        self.api
            .list("list_images", "images/detail", model::parse_images)
    }

    /// `GET /images/ID`; an id that is not a number is `NotFound` without a request.
    pub(crate) async fn image(&self, id: &str) -> Result<Image> {
        const OP: &str = "get_image";
        let id = image_id(id, OP)?;
        self.api
            .parsed(
                OP,
                Method::GET,
                &format!("images/{id}"),
                None,
                model::parse_image,
            )
            .await
    }

    /// `POST /images` with the server id and the name: an image of a server, answered
    /// while it is still being saved.
    pub(crate) async fn image_of(&self, node_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        let server = server_id(node_id, OP)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid_input("an image needs a name")
                .with_provider(PROVIDER_ID)
                .with_operation(OP));
        }
        let body = model::create_image_body(self.api.format(), server, name);
        self.api
            .parsed(OP, Method::POST, "images", Some(body), model::parse_image)
            .await
    }

    /// `DELETE /images/ID`.
    pub(crate) async fn remove_image(&self, id: &str) -> Result<()> {
        const OP: &str = "delete_image";
        let id = image_id(id, OP)?;
        self.api
            .send(OP, Method::DELETE, &format!("images/{id}"), None)
            .await?;
        Ok(())
    }
}

/// An image id (a decimal number) before it goes into a path; anything else cannot name
/// an image: `NotFound`, and no request is sent.
fn image_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "image", id, operation)
}
