//! Multipart uploads left pending (by a crashed process, another tool, …): listing
//! them and aborting them.

use cloud_core::http::Method;
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Error, Result};

use super::ctx;
use super::multipart::abort_upload;
use super::names::{validate_bucket, validate_key};
use crate::S3Storage;
use crate::client::S3Request;
use crate::model::{self, PendingUpload};

impl S3Storage {
    /// Every multipart upload of `bucket` (under `prefix`, when given) that was started
    /// and neither completed nor aborted (`ListMultipartUploads`, all pages), lazily.
    pub fn pending_uploads<'a>(
        &'a self,
        bucket: &'a str,
        prefix: Option<&'a str>,
    ) -> BoxStream<'a, Result<PendingUpload>> {
        if let Err(e) = ctx(validate_bucket(bucket), "ListMultipartUploads") {
            return cloud_core::paginate::error_stream(e);
        }
        paginate(move |token: Option<String>| async move {
            let mut req =
                S3Request::bucket("ListMultipartUploads", Method::GET, bucket).query("uploads", "");
            if let Some(p) = prefix.filter(|p| !p.is_empty()) {
                req = req.query("prefix", p);
            }
            if let Some(token) = token {
                let (key, id): (String, String) = serde_json::from_str(&token)
                    .map_err(|e| Error::malformed(format!("bad upload page token: {e}")))?;
                req = req.query("key-marker", key);
                if !id.is_empty() {
                    req = req.query("upload-id-marker", id);
                }
            }
            let resp = self.client.send(&req).await?;
            let page = ctx(model::uploads(&resp.body), "ListMultipartUploads")?;
            let next = page
                .next
                .map(|pair| serde_json::to_string(&pair).unwrap_or_default());
            Ok(Page {
                items: page.uploads,
                next,
            })
        })
    }

    /// Aborts one pending multipart upload, freeing its parts. An upload already gone
    /// counts as aborted.
    pub async fn abort_upload(&self, bucket: &str, key: &str, upload_id: &str) -> Result<()> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            "AbortMultipartUpload",
        )?;
        abort_upload(&self.client, bucket, key, upload_id).await
    }
}
