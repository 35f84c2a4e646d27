//! Images: listed and read from Glance v2, made from a server by Nova's `createImage`,
//! deleted in Glance.

use cloud_core::compute::{Extra, Image};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::{Value, json};

use super::OpenStackCompute;
use super::call::{Call, Caller, PAGE_SIZE, paged};
use super::model;
use super::paths::id;
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /v2/images`, following the `next` links.
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        paged(
            self.glance.clone(),
            "list_images",
            "images".into(),
            Some(PAGE_SIZE),
            model::images_page,
        )
    }

    pub(crate) async fn image(&self, image: &str) -> Result<Image> {
        const OP: &str = "get_image";
        let image = id("image", image, OP)?;
        let resp = self
            .glance
            .call(Call::new(OP, Method::GET, format!("images/{image}")))
            .await?;
        model::image(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// Nova's `createImage` action; the image is returned as started (`queued`), by
    /// the id Nova names.
    pub(crate) async fn image_from_node(&self, server: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        let server = id("server", server, OP)?;
        let call = Call::new(OP, Method::POST, format!("servers/{server}/action"))
            .json(json!({ "createImage": { "name": name } }));
        let resp = self.nova.call(call).await?;
        let image = model::created_image_id(&resp.headers, &resp.body)
            .map_err(|e| e.in_context(PROVIDER_ID, OP))?;
        let mut extra = Extra::new();
        extra.insert("status".into(), Value::from("queued"));
        extra.insert("instance_uuid".into(), Value::from(server));
        Ok(Image {
            id: image,
            name: name.to_string(),
            extra,
        })
    }

    pub(crate) async fn remove_image(&self, image: &str) -> Result<()> {
        const OP: &str = "delete_image";
        let image = id("image", image, OP)?;
        self.glance
            .call(Call::new(OP, Method::DELETE, format!("images/{image}")))
            .await
            .map(drop)
    }
}
