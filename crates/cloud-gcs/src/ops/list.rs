//! `objects.list`: objects and common prefixes, page after page.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use cloud_core::http::Method;
use cloud_core::paginate::{error_stream, paginate};
use cloud_core::storage::{ListEntry, ListObjects};
use cloud_core::{BoxStream, Error, Result};

use super::{ctx, validate_bucket};
use crate::GcsStorage;
use crate::client::{request, with_query};
use crate::model;

/// Most objects the JSON API returns in one page.
pub(crate) const MAX_PAGE: u32 = 1000;

impl GcsStorage {
    /// Every object (and, with a delimiter, every common prefix) under the options'
    /// prefix, lazily. Within a page objects and prefixes are merged in name order; a
    /// prefix repeated on a later page (as emulators do) is given once.
    pub(crate) fn list<'a>(
        &'a self,
        bucket: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        if let Err(e) = ctx(validate_bucket(bucket), "objects.list") {
            return error_stream(e);
        }
        if options.delimiter.as_deref() == Some("") {
            return error_stream(Error::invalid_input("the delimiter is empty"));
        }
        let page_size = options
            .page_size
            .unwrap_or(MAX_PAGE)
            .clamp(1, MAX_PAGE)
            .to_string();
        let seen: Arc<Mutex<HashSet<String>>> = Arc::default();
        paginate(move |token: Option<String>| {
            let page_size = page_size.clone();
            let seen = seen.clone();
            async move {
                let mut pairs: Vec<(&str, &str)> = vec![("maxResults", &page_size)];
                if let Some(p) = options.prefix.as_deref().filter(|p| !p.is_empty()) {
                    pairs.push(("prefix", p));
                }
                if let Some(d) = options.delimiter.as_deref() {
                    pairs.push(("delimiter", d));
                }
                if let Some(t) = token.as_deref() {
                    pairs.push(("pageToken", t));
                }
                let url = with_query(
                    self.client
                        .api_url(&format!("b/{}/o", super::encode_object_name(bucket))),
                    &pairs,
                );
                let resp = self
                    .client
                    .send(request("objects.list", Method::GET, url))
                    .await?;
                let page = ctx(model::objects_page(&resp.body), "objects.list")?;
                let mut entries = Vec::with_capacity(page.items.len() + page.prefixes.len());
                for item in page.items {
                    entries.push(ListEntry::Object(ctx(
                        item.into_meta(bucket),
                        "objects.list",
                    )?));
                }
                {
                    let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
                    for prefix in page.prefixes {
                        if seen.insert(prefix.clone()) {
                            entries.push(ListEntry::Prefix { prefix });
                        }
                    }
                }
                entries.sort_by(|a, b| name(a).cmp(name(b)));
                Ok(cloud_core::paginate::Page {
                    items: entries,
                    next: page.next_page_token,
                })
            }
        })
    }
}

fn name(entry: &ListEntry) -> &str {
    match entry {
        ListEntry::Object(meta) => &meta.name,
        ListEntry::Prefix { prefix } => prefix,
    }
}
