//! Snapshots of managed disks: list, create (a full copy, in the disk's location),
//! delete.

use cloud_core::compute::Snapshot;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::{Value, json};

use super::names::check_name;
use crate::client::ApiVersion;
use crate::{AzureCompute, model};

impl AzureCompute {
    /// The URL of the snapshot `name` (checked first).
    fn snapshot_url(&self, name: &str, operation: &str) -> Result<url::Url> {
        check_name("snapshot", name, operation)?;
        self.api.group_url(
            &format!("Microsoft.Compute/snapshots/{name}"),
            ApiVersion::Disks,
            operation,
        )
    }

    /// Every snapshot of the resource group.
    pub(crate) fn snapshots(&self) -> BoxStream<'static, Result<Snapshot>> {
        const OP: &str = "list_snapshots";
        let url = self
            .api
            .group_url("Microsoft.Compute/snapshots", ApiVersion::Disks, OP);
        self.api.list(OP, url, model::snapshots)
    }

    /// Snapshots the disk `volume_id` as `name` (default `{disk}-snapshot-{time}`),
    /// waits for it and returns it.
    pub(crate) async fn new_snapshot(
        &self,
        volume_id: &str,
        name: Option<&str>,
    ) -> Result<Snapshot> {
        const OP: &str = "create_snapshot";
        let name = match name {
            Some(name) => name.to_string(),
            None => format!(
                "{volume_id}-snapshot-{}",
                chrono::Utc::now().format("%Y%m%d%H%M%S")
            ),
        };
        let url = self.snapshot_url(&name, OP)?;
        let disk = self.disk(volume_id, OP).await?;
        let location = disk
            .location
            .clone()
            .map_or_else(|| self.location_for(None, OP), Ok)?;
        let body = json!({
            "location": location,
            "properties": {
                "creationData": {"createOption": "Copy", "sourceResourceId": disk.id},
                "incremental": false
            }
        });
        self.change(OP, Method::PUT, url.clone(), Some(&body), &name)
            .await?;
        self.api.get(OP, url, model::snapshot).await
    }

    /// Deletes a snapshot and waits for it to go.
    pub(crate) async fn delete_snapshot(&self, snapshot_id: &str) -> Result<()> {
        const OP: &str = "destroy_snapshot";
        let url = self.snapshot_url(snapshot_id, OP)?;
        self.change(OP, Method::DELETE, url, None::<&Value>, snapshot_id)
            .await
            .map(drop)
    }
}
