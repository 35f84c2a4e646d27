//! Snapshots and server images (AMIs).

use std::collections::BTreeMap;

use cloud_core::compute::{CopyImage, Extra, Image, Snapshot};
use cloud_core::xml::Element;
use cloud_core::{BoxStream, Error, Result};
use serde::Deserialize;
use serde_json::json;

use super::new_client_token;
use super::validate::{self, id, local};
use crate::Ec2Compute;
use crate::client::query;
use crate::model::{snapshot_item, snapshots_root};

/// Most snapshots `DescribeSnapshots` returns per page.
const MAX_SNAPSHOTS_PAGE: u32 = 1000;

/// Options of `copy_image`, in [`CopyImage::options`] as JSON.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CopyOptions {
    description: Option<String>,
    encrypted: Option<bool>,
    kms_key_id: Option<String>,
}

impl Ec2Compute {
    /// Your own snapshots (`Owner.1=self`, narrowed by the `snapshot_filters` option),
    /// page after page.
    pub(crate) fn snapshots(&self) -> BoxStream<'static, Result<Snapshot>> {
        let query = query("DescribeSnapshots")
            .param("Owner.1", "self")
            .filters(&self.settings.snapshot_filters);
        let page = self.settings.page_size.min(MAX_SNAPSHOTS_PAGE);
        self.api.paged(query, Some(page), snapshots_root)
    }

    /// Snapshots a volume; the name becomes the description and the `Name` tag.
    pub(crate) async fn new_snapshot(
        &self,
        volume_id: &str,
        name: Option<&str>,
    ) -> Result<Snapshot> {
        const OP: &str = "create_snapshot";
        let volume_id = id("volume id", volume_id, OP)?;
        let mut tags = BTreeMap::new();
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            tags.insert("Name".to_string(), name.to_string());
        }
        validate::tags(&tags).map_err(|e| local(e, OP))?;
        let root = self
            .api
            .call(
                query("CreateSnapshot")
                    .param("VolumeId", volume_id)
                    .opt("Description", name.filter(|n| !n.is_empty()))
                    .tag_specification(1, "snapshot", &tags),
            )
            .await?;
        snapshot_item(&root).map_err(|e| e.in_context(self.api.provider(), "CreateSnapshot"))
    }

    /// Deletes a snapshot.
    pub(crate) async fn delete_snapshot(&self, snapshot_id: &str) -> Result<()> {
        let snapshot_id = id("snapshot id", snapshot_id, "destroy_snapshot")?;
        self.api
            .action(query("DeleteSnapshot").param("SnapshotId", snapshot_id))
            .await
    }

    /// Makes an AMI from an instance (AWS reboots it for a consistent image).
    pub(crate) async fn image_from_node(&self, node_id: &str, name: &str) -> Result<Image> {
        const OP: &str = "create_image";
        let node_id = id("instance id", node_id, OP)?;
        let name = image_name(name, OP)?;
        let mut tags = BTreeMap::new();
        tags.insert("Name".to_string(), name.to_string());
        let root = self
            .api
            .call(
                query("CreateImage")
                    .param("InstanceId", node_id)
                    .param("Name", name)
                    .tag_specification(1, "image", &tags),
            )
            .await?;
        new_image(&root, name, "CreateImage", self.api.provider())
    }

    /// Deregisters an AMI. The snapshots behind it stay; delete them separately.
    pub(crate) async fn deregister(&self, image_id: &str) -> Result<()> {
        let image_id = id("image id", image_id, "delete_image")?;
        self.api
            .action(query("DeregisterImage").param("ImageId", image_id))
            .await
    }

    /// Copies an AMI into this region, from `source_location` (a region; this one when
    /// `None`). Options: `description`, `encrypted`, `kms_key_id`. Carries a
    /// `ClientToken`, so a retried copy makes one image.
    pub(crate) async fn copy(&self, request: &CopyImage) -> Result<Image> {
        const OP: &str = "copy_image";
        let source = id("image id", &request.source_image, OP)?;
        let name = image_name(&request.name, OP)?;
        let region = match &request.source_location {
            Some(r) => id("source region", r, OP)?.to_string(),
            None => self.region().to_string(),
        };
        let options: CopyOptions =
            serde_json::from_value(serde_json::Value::Object(request.options.clone()))
                .map_err(|e| local(Error::invalid_input(format!("options: {e}")), OP))?;
        let query = query("CopyImage")
            .param("SourceImageId", source)
            .param("SourceRegion", region)
            .param("Name", name)
            .param("ClientToken", new_client_token())
            .opt("Description", options.description)
            .opt("Encrypted", options.encrypted.map(|b| b.to_string()))
            .opt("KmsKeyId", options.kms_key_id);
        let root = self.api.call_idempotent(query).await?;
        new_image(&root, name, "CopyImage", self.api.provider())
    }
}

/// An AMI name: 3–128 characters.
fn image_name<'a>(name: &'a str, operation: &str) -> Result<&'a str> {
    let n = name.chars().count();
    if (3..=128).contains(&n) && !name.chars().any(char::is_control) {
        Ok(name)
    } else {
        Err(local(
            Error::invalid_input(format!("image name {name:?} must be 3 to 128 characters")),
            operation,
        ))
    }
}

/// The image a `CreateImage` / `CopyImage` answer names; it is `pending` until AWS
/// has built it.
fn new_image(root: &Element<'_>, name: &str, action: &str, provider: &str) -> Result<Image> {
    let id = root
        .require_value("imageId")
        .map_err(|e| e.in_context(provider, action))?;
    let mut extra = Extra::new();
    extra.insert("state".into(), json!("pending"));
    Ok(Image {
        id: id.to_string(),
        name: name.to_string(),
        extra,
    })
}
