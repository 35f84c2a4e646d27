//! Server-side copy: `CopyObject`.

use cloud_core::Result;
use cloud_core::http::Method;
use cloud_core::storage::ObjectMeta;

use super::ctx;
use super::names::{validate_bucket, validate_key};
use crate::S3Storage;
use crate::client::{S3Request, copy_source};
use crate::model;

impl S3Storage {
    /// Copies an object on the server (content type and metadata come along), then
    /// reads the copy's metadata.
    pub(crate) async fn copy(
        &self,
        src_bucket: &str,
        src_key: &str,
        dst_bucket: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        let checked = validate_bucket(src_bucket)
            .and_then(|()| validate_key(src_key))
            .and_then(|()| validate_bucket(dst_bucket))
            .and_then(|()| validate_key(dst_key));
        ctx(checked, "CopyObject")?;
        let req = S3Request::object("CopyObject", Method::PUT, dst_bucket, dst_key)
            .header("x-amz-copy-source", copy_source(src_bucket, src_key))
            .header("x-amz-metadata-directive", "COPY");
        let resp = self.client.send(&req).await?;
        // A copy can fail after S3 answered 200: the body then is an error document.
        ctx(model::copied(&resp.body), "CopyObject")?;
        self.head(dst_bucket, dst_key).await
    }
}
