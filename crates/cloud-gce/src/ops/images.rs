//! Images: the project's own and the public image projects' current ones, one by path
//! or family, made from a disk or a node's boot disk, deleted.

use cloud_core::compute::Image;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result};
use futures::StreamExt;
use serde_json::json;

use crate::model::{self, last_segment, segment_after};
use crate::ops::names::{check_new_name, image_path, zoned};
use crate::{GceCompute, PROVIDER_ID};

impl GceCompute {
    /// The project's own images (all of them), then the current images of each public
    /// image project (`image_projects` option).
    pub(crate) fn images(&self) -> BoxStream<'static, Result<Image>> {
        let own = self.api.project().to_string();
        let mut projects = vec![(own.clone(), false)];
        projects.extend(
            self.image_projects
                .iter()
                .filter(|p| **p != own)
                .map(|p| (p.clone(), true)),
        );
        let api = self.api.clone();
        futures::stream::iter(projects)
            .flat_map(move |(project, current_only)| {
                let path = format!("projects/{project}/global/images");
                api.list("list_images", path, move |body| {
                    model::images(body, &project, current_only)
                })
            })
            .boxed()
    }

    /// One image by reference (see [`image_path`]); a family gives its newest image.
    pub(crate) async fn image(&self, id: &str) -> Result<Image> {
        const OP: &str = "get_image";
        let path = image_path(id, self.api.project()).ok_or_else(|| no_image(id, OP))?;
        let owner = segment_after(&path, "projects")
            .unwrap_or_default()
            .to_string();
        let request = self.api.absolute(OP, Method::GET, &path);
        self.api
            .parsed(request, |body| model::image(body, &owner))
            .await
    }

    /// Makes image `name` in the project from disk `disk_id` (`zone/name`), even while
    /// an instance uses it (`forceCreate`), waits for it and returns it.
    pub async fn image_from_disk(&self, disk_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        let (zone, disk) = zoned("disk", disk_id, self.zone.as_deref(), OP)?;
        self.image_from(&zone, &disk, name).await
    }

    /// Makes image `name` from a node's boot disk.
    pub(crate) async fn image_from_node(&self, node_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        check_new_name("image", name, OP)?;
        let (zone, instance) = zoned("instance", node_id, self.zone.as_deref(), OP)?;
        let wire = self
            .api
            .get(
                OP,
                &format!("zones/{zone}/instances/{instance}"),
                model::instance_wire,
            )
            .await?;
        let Some(source) = wire
            .disks
            .iter()
            .find(|d| d.boot)
            .and_then(|d| d.source.clone())
        else {
            return Err(
                Error::malformed(format!("instance {instance} has no boot disk"))
                    .with_provider(PROVIDER_ID)
                    .with_operation(OP),
            );
        };
        let disk_zone = segment_after(&source, "zones").unwrap_or(&zone).to_string();
        let disk_id = format!("{disk_zone}/{}", last_segment(&source));
        let (disk_zone, disk) = zoned("disk", &disk_id, None, OP)?;
        self.image_from(&disk_zone, &disk, name).await
    }

    async fn image_from(&self, zone: &str, disk: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        check_new_name("image", name, OP)?;
        let project = self.api.project().to_string();
        let body = json!({
            "name": name,
            "sourceDisk": format!("projects/{project}/zones/{zone}/disks/{disk}"),
        });
        let mut request = self
            .api
            .request(OP, Method::POST, "global/images")
            .json(&body);
        request
            .url
            .query_pairs_mut()
            .append_pair("forceCreate", "true");
        let op = self.api.operation(request).await?;
        let path = format!("projects/{project}/global/images/{name}");
        self.finish(OP, &path, op).await?;
        self.image(&path)
            .await
            .map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    /// Deletes one of the project's own images.
    pub(crate) async fn remove_image(&self, id: &str) -> Result<()> {
        const OP: &str = "delete_image";
        let project = self.api.project();
        let path = image_path(id, project).ok_or_else(|| no_image(id, OP))?;
        let own = format!("projects/{project}/global/images/");
        let Some(name) = path.strip_prefix(&own).filter(|n| !n.contains('/')) else {
            return Err(Error::invalid_input(format!(
                "{path} is not an image of project {project}: only the project's own images \
                 are deleted, by name"
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        };
        let op = self
            .api
            .delete_operation(OP, &format!("global/images/{name}"))
            .await?;
        self.finish(OP, &path, op).await
    }
}

fn no_image(id: &str, operation: &str) -> Error {
    Error::not_found(format!(
        "no image {:?}",
        id.chars().take(64).collect::<String>()
    ))
    .with_provider(PROVIDER_ID)
    .with_operation(operation)
}
