//! Images: the resource group's custom images and the configured marketplace offers'
//! SKUs; one image by id; an image made from a VM (deallocated and generalized first);
//! deleting a custom image.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Error, Result};
use futures::StreamExt;
use serde_json::{Value, json};

use super::names::{ImageRef, check_name, image_ref, invalid, shown};
use crate::client::ApiVersion;
use crate::{AzureCompute, PROVIDER_ID, model};

impl AzureCompute {
    /// The resource group's custom images, then `publisher:offer:sku:latest` for every
    /// SKU of the configured marketplace offers in the default location (none without
    /// a location).
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        const OP: &str = "list_images";
        let url = self
            .api
            .group_url("Microsoft.Compute/images", ApiVersion::Compute, OP);
        let custom = self.api.list(OP, url, model::custom_images);
        let Some(location) = self.location.clone() else {
            return custom;
        };
        let this = self.clone();
        let marketplace = stream_of_list(async move {
            let mut all = Vec::new();
            for (publisher, offer) in &this.image_offers {
                let url = this.api.subscription_url(
                    &format!(
                        "providers/Microsoft.Compute/locations/{location}/publishers/{publisher}/artifacttypes/vmimage/offers/{offer}/skus"
                    ),
                    ApiVersion::Compute,
                    OP,
                )?;
                let skus = this
                    .api
                    .get(OP, url, |body| {
                        model::marketplace_skus(body, publisher, offer)
                    })
                    .await?;
                all.extend(skus);
            }
            Ok(all)
        });
        custom.chain(marketplace).boxed()
    }

    /// One image: a marketplace URN (`latest` resolved to the newest version, kept in
    /// `extra["version"]`) or a custom image's resource id.
    pub(crate) async fn image(&self, id: &str) -> Result<Image> {
        const OP: &str = "get_image";
        match image_ref(id) {
            Some(ImageRef::Custom(resource)) => {
                let url = self.api.url(&resource, ApiVersion::Compute);
                self.api.get(OP, url, model::custom_image).await
            }
            Some(ImageRef::Marketplace {
                publisher,
                offer,
                sku,
                version,
            }) => {
                let location = self.location_for(None, OP)?;
                let versions = format!(
                    "providers/Microsoft.Compute/locations/{location}/publishers/{publisher}/artifacttypes/vmimage/offers/{offer}/skus/{sku}/versions"
                );
                let found = if version.eq_ignore_ascii_case("latest") {
                    let mut url = self
                        .api
                        .subscription_url(&versions, ApiVersion::Compute, OP)?;
                    url.query_pairs_mut()
                        .append_pair("$top", "1")
                        .append_pair("$orderby", "name desc");
                    let names = self.api.get(OP, url, model::marketplace_versions).await?;
                    names.into_iter().next().ok_or_else(|| {
                        Error::not_found(format!("the marketplace has no version of {id}"))
                            .with_provider(PROVIDER_ID)
                            .with_operation(OP)
                    })?
                } else {
                    let url = self.api.subscription_url(
                        &format!("{versions}/{version}"),
                        ApiVersion::Compute,
                        OP,
                    )?;
                    self.api.get(OP, url, model::marketplace_version).await?
                };
                let mut extra = std::collections::BTreeMap::new();
                extra.insert("kind".into(), json!("marketplace"));
                extra.insert("version".into(), json!(found));
                extra.insert("location".into(), json!(location));
                Ok(Image {
                    id: id.to_string(),
                    name: format!("{offer} {sku} {found}"),
                    extra,
                })
            }
            None => Err(invalid(
                format!(
                    "{:?} does not name an image (publisher:offer:sku:version, or an image's resource id)",
                    shown(id)
                ),
                OP,
            )),
        }
    }

    /// Makes the custom image `name` from a VM: the VM is deallocated and generalized
    /// first, as Azure requires (a generalized VM cannot be started again; run
    /// `waagent -deprovision` in it beforehand for an image that boots cleanly).
    pub(crate) async fn image_from_node(&self, node_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        check_name("image", name, OP)?;
        let vm = self.vm(node_id, true, OP).await?;
        let location = vm
            .location
            .clone()
            .map_or_else(|| self.location_for(None, OP), Ok)?;
        self.power(node_id, OP, "deallocate").await?;
        let vm_url = self.vm_url(node_id, OP)?;
        let mut generalize = vm_url.clone();
        generalize.set_path(&format!("{}/generalize", vm_url.path()));
        self.api
            .send(
                self.api
                    .request(OP, Method::POST, generalize, None::<&Value>),
            )
            .await?;
        let mut properties = json!({"sourceVirtualMachine": {"id": vm.id}});
        if let Some(generation) = vm.hyper_v_generation() {
            properties["hyperVGeneration"] = json!(generation);
        }
        let body = json!({"location": location, "properties": properties});
        let url = self.api.group_url(
            &format!("Microsoft.Compute/images/{name}"),
            ApiVersion::Compute,
            OP,
        )?;
        self.change(OP, Method::PUT, url.clone(), Some(&body), name)
            .await?;
        self.api.get(OP, url, model::custom_image).await
    }

    /// Deletes a custom image, by resource id or by name in the resource group.
    pub(crate) async fn remove_image(&self, image_id: &str) -> Result<()> {
        const OP: &str = "delete_image";
        let url = match image_ref(image_id) {
            Some(ImageRef::Custom(id)) => self.api.url(&id, ApiVersion::Compute),
            Some(ImageRef::Marketplace { .. }) => {
                return Err(invalid(
                    format!(
                        "{:?} is a marketplace image; only custom images are deleted",
                        shown(image_id)
                    ),
                    OP,
                ));
            }
            None => {
                check_name("image", image_id, OP)?;
                self.api.group_url(
                    &format!("Microsoft.Compute/images/{image_id}"),
                    ApiVersion::Compute,
                    OP,
                )?
            }
        };
        self.change(OP, Method::DELETE, url, None::<&Value>, image_id)
            .await
            .map(drop)
    }
}
