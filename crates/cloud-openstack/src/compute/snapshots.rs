//! Cinder v3 volume snapshots.

use cloud_core::compute::Snapshot;
use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::json;

use super::OpenStackCompute;
use super::call::{Call, Caller, PAGE_SIZE, paged};
use super::model;
use super::paths::id;
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /snapshots/detail`, page after page.
    pub(crate) fn snapshots(&self) -> BoxStream<'static, Result<Snapshot>> {
        paged(
            self.cinder.clone(),
            "list_snapshots",
            "snapshots/detail".into(),
            Some(PAGE_SIZE),
            model::snapshots_page,
        )
    }

    /// `POST /snapshots` of a volume that is not attached (`force: false`: Cinder
    /// refuses an attached one rather than copying a disk in use).
    pub(crate) async fn new_snapshot(&self, volume: &str, name: Option<&str>) -> Result<Snapshot> {
        const OP: &str = "create_snapshot";
        let volume = id("volume", volume, OP)?;
        let mut snapshot = json!({ "volume_id": volume, "force": false });
        if let Some(name) = name {
            snapshot["name"] = json!(name);
        }
        let call = Call::new(OP, Method::POST, "snapshots").json(json!({ "snapshot": snapshot }));
        let resp = self.cinder.call(call).await?;
        model::snapshot(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    pub(crate) async fn delete_snapshot(&self, snapshot: &str) -> Result<()> {
        const OP: &str = "destroy_snapshot";
        let snapshot = id("snapshot", snapshot, OP)?;
        self.cinder
            .call(Call::new(
                OP,
                Method::DELETE,
                format!("snapshots/{snapshot}"),
            ))
            .await
            .map(drop)
    }
}
