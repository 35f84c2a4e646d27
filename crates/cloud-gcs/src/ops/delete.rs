//! `objects.delete`.

use cloud_core::Result;
use cloud_core::http::Method;

use super::{ctx, validate_bucket, validate_key};
use crate::GcsStorage;
use crate::client::request;

impl GcsStorage {
    /// Deletes the object's live version; `NotFound` when there is none.
    pub(crate) async fn delete(&self, bucket: &str, key: &str) -> Result<()> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            "objects.delete",
        )?;
        let url = self.client.object_url(bucket, key);
        self.client
            .send(request("objects.delete", Method::DELETE, url))
            .await?;
        Ok(())
    }
}
