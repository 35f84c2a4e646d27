//! Snapshots of disks: list, create, delete (snapshots are global resources).

use cloud_core::compute::Snapshot;
use cloud_core::{BoxStream, Error, Result};
use serde_json::json;

use crate::ops::names::{check_new_name, is_resource_name, zoned};
use crate::{GceCompute, PROVIDER_ID, model};

impl GceCompute {
    /// Every snapshot of the project.
    pub(crate) fn snapshots(&self) -> BoxStream<'static, Result<Snapshot>> {
        let path = format!("projects/{}/global/snapshots", self.api.project());
        self.api.list("list_snapshots", path, model::snapshots)
    }

    /// Snapshots a disk (`zone/name`) under `name`, or `{disk}-{UTC time}` when none is
    /// given; waits for it and returns it.
    pub(crate) async fn new_snapshot(
        &self,
        volume_id: &str,
        name: Option<&str>,
    ) -> Result<Snapshot> {
        const OP: &str = "create_snapshot";
        let (zone, disk) = zoned("disk", volume_id, self.zone.as_deref(), OP)?;
        let name = match name {
            Some(name) => name.to_string(),
            None => {
                let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
                let keep = 63 - stamp.len() - 1;
                let base: String = disk.chars().take(keep).collect();
                format!("{}-{stamp}", base.trim_end_matches('-'))
            }
        };
        check_new_name("snapshot", &name, OP)?;
        let op = self
            .api
            .post_operation(
                OP,
                &format!("zones/{zone}/disks/{disk}/createSnapshot"),
                Some(&json!({ "name": name })),
            )
            .await?;
        self.finish(OP, &name, op).await?;
        self.api
            .get(OP, &format!("global/snapshots/{name}"), model::snapshot)
            .await
    }

    /// Deletes a snapshot and waits for it to go.
    pub(crate) async fn delete_snapshot(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_snapshot";
        if !is_resource_name(id) {
            return Err(Error::not_found(format!(
                "no snapshot {:?}",
                id.chars().take(64).collect::<String>()
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP));
        }
        let op = self
            .api
            .delete_operation(OP, &format!("global/snapshots/{id}"))
            .await?;
        self.finish(OP, id, op).await
    }
}
