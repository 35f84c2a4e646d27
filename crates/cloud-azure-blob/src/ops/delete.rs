//! `Delete Blob` (with its snapshots).

use cloud_core::Result;
use cloud_core::http::Method;

use super::{ctx, validate_container, validate_key};
use crate::AzureBlobStorage;
use crate::client::request;

const DELETE: &str = "Delete Blob";

impl AzureBlobStorage {
    /// `Delete Blob`, snapshots included; `NotFound` when nothing is stored under `key`.
    pub(crate) async fn delete(&self, container: &str, key: &str) -> Result<()> {
        ctx(
            validate_container(container).and_then(|()| validate_key(key)),
            DELETE,
        )?;
        let req = request(DELETE, Method::DELETE, self.client.blob_url(container, key))
            .header("x-ms-delete-snapshots", "include");
        self.client.send(req).await?;
        Ok(())
    }
}
