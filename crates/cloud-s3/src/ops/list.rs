//! Listing objects: `ListObjectsV2`, URL-encoded, page after page.

use cloud_core::http::Method;
use cloud_core::paginate::{Page, paginate};
use cloud_core::storage::{ListEntry, ListObjects};
use cloud_core::{BoxStream, Error, Result};

use super::ctx;
use super::names::validate_bucket;
use crate::S3Storage;
use crate::client::S3Request;
use crate::model::{self, ObjectPage};

/// Keys per page when the caller gives no page size: S3's maximum.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

impl S3Storage {
    /// Every object (and common prefix) of `bucket` matching `options`, lazily.
    pub(crate) fn list<'a>(
        &'a self,
        bucket: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        let page_size = options.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let checked = validate_bucket(bucket).and_then(|()| {
            if (1..=DEFAULT_PAGE_SIZE).contains(&page_size) {
                Ok(())
            } else {
                Err(Error::invalid_input(format!(
                    "page size {page_size} is outside 1..=1000"
                )))
            }
        });
        if let Err(e) = ctx(checked, "ListObjectsV2") {
            return cloud_core::paginate::error_stream(e);
        }
        let prefix = options.prefix.as_deref().filter(|p| !p.is_empty());
        let delimiter = options.delimiter.as_deref().filter(|d| !d.is_empty());
        paginate(move |token: Option<String>| async move {
            let page = self
                .list_page(bucket, prefix, delimiter, Some(page_size), token)
                .await?;
            Ok(Page {
                items: page.entries,
                next: page.next,
            })
        })
    }

    /// One page of `ListObjectsV2`.
    pub(crate) async fn list_page(
        &self,
        bucket: &str,
        prefix: Option<&str>,
        delimiter: Option<&str>,
        max_keys: Option<u32>,
        token: Option<String>,
    ) -> Result<ObjectPage> {
        let mut req = S3Request::bucket("ListObjectsV2", Method::GET, bucket)
            .query("list-type", "2")
            .query("encoding-type", "url");
        if let Some(n) = max_keys {
            req = req.query("max-keys", n.to_string());
        }
        if let Some(p) = prefix {
            req = req.query("prefix", p);
        }
        if let Some(d) = delimiter {
            req = req.query("delimiter", d);
        }
        if let Some(t) = token {
            req = req.query("continuation-token", t);
        }
        let resp = self.client.send(&req).await?;
        ctx(model::objects(&resp.body, bucket), "ListObjectsV2")
    }
}
