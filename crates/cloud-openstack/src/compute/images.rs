//! Images: listed, read and deleted in Glance v2, or in Nova's own image API where the
//! provider documents that one ([`ImageApi::Nova`], Rackspace's Cloud Servers); made
//! from a server by Nova's `createImage`.

use cloud_core::compute::{Extra, Image};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::{Value, json};

use super::OpenStackCompute;
use super::call::{Call, Caller, PAGE_SIZE, paged};
use super::model;
use super::paths::id;
use crate::PROVIDER_ID;

/// Which service answers for images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImageApi {
    /// Glance v2 (`/v2/images`), the OpenStack default.
    #[default]
    Glance,
    /// Nova's image API (`/images/detail`, `/images/{id}`), which Rackspace's Cloud
    /// Servers document in place of their Cloud Images service.
    Nova,
}

impl OpenStackCompute {
    /// `GET /v2/images` (or Nova's `GET /images/detail`), following the `next` links.
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        if self.image_api == ImageApi::Nova {
            return paged(
                self.nova.clone(),
                "list_images",
                "images/detail".into(),
                Some(PAGE_SIZE),
                model::nova_images_page,
            );
        }
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
        let call = Call::new(OP, Method::GET, format!("images/{image}"));
        let image = match self.image_api {
            ImageApi::Glance => model::image(&self.glance.call(call).await?.body),
            ImageApi::Nova => model::nova_image(&self.nova.call(call).await?.body),
        };
        image.map_err(|e| e.in_context(PROVIDER_ID, OP))
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
        let call = Call::new(OP, Method::DELETE, format!("images/{image}"));
        match self.image_api {
            ImageApi::Glance => self.glance.call(call).await.map(drop),
            ImageApi::Nova => self.nova.call(call).await.map(drop),
        }
    }
}
