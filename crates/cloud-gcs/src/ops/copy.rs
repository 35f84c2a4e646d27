//! `objects.rewrite`: a server-side copy, called again with the `rewriteToken` until
//! it is done (large objects, or copies across locations and storage classes).

use cloud_core::http::Method;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, Result};

use super::{ctx, in_ctx, validate_bucket, validate_key};
use crate::GcsStorage;
use crate::client::{request, with_query};
use crate::model;

/// Most rewrite calls one copy may take (each moves at least a gigabyte or so).
const MAX_ROUNDS: usize = 100_000;

impl GcsStorage {
    /// Copies `src_bucket/src_key` to `dst_bucket/dst_key`, metadata included.
    pub(crate) async fn rewrite(
        &self,
        src_bucket: &str,
        src_key: &str,
        dst_bucket: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        const OP: &str = "objects.rewrite";
        ctx(
            validate_bucket(src_bucket)
                .and_then(|()| validate_key(src_key))
                .and_then(|()| validate_bucket(dst_bucket))
                .and_then(|()| validate_key(dst_key)),
            OP,
        )?;
        let base = self.client.api_url(&format!(
            "b/{}/o/{}/rewriteTo/b/{}/o/{}",
            super::encode_object_name(src_bucket),
            super::encode_object_name(src_key),
            super::encode_object_name(dst_bucket),
            super::encode_object_name(dst_key),
        ));
        let mut token: Option<String> = None;
        for _ in 0..MAX_ROUNDS {
            let pairs: Vec<(&str, &str)> = token
                .as_deref()
                .map(|t| vec![("rewriteToken", t)])
                .unwrap_or_default();
            let url = with_query(base.clone(), &pairs);
            let req = request(OP, Method::POST, url)
                .json(&serde_json::json!({}))
                .idempotent(true);
            let resp = self.client.send(req).await?;
            let answer = ctx(model::rewrite(&resp.body), OP)?;
            if answer.done {
                let resource = answer.resource.ok_or_else(|| {
                    in_ctx(Error::malformed("a finished rewrite names no object"), OP)
                })?;
                return ctx(resource.into_meta(dst_bucket), OP);
            }
            match answer.rewrite_token.filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next),
                None => {
                    return Err(in_ctx(
                        Error::malformed("an unfinished rewrite gave no new token"),
                        OP,
                    ));
                }
            }
        }
        Err(in_ctx(
            Error::malformed(format!("the rewrite did not finish in {MAX_ROUNDS} calls")),
            OP,
        ))
    }
}
