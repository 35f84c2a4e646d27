//! `List Blobs`: blobs and, with a delimiter, `BlobPrefix` entries, page after page.

use cloud_core::http::Method;
use cloud_core::paginate::{Page, error_stream, paginate};
use cloud_core::storage::{ListEntry, ListObjects};
use cloud_core::{BoxStream, Error, Result};

use super::{ctx, validate_container};
use crate::AzureBlobStorage;
use crate::client::{request, with_query};
use crate::model;

const LIST: &str = "List Blobs";

/// Most blobs the service returns in one page.
pub(crate) const MAX_PAGE: u32 = 5000;

impl AzureBlobStorage {
    /// Every blob (and, with a delimiter, every common prefix) under the options'
    /// prefix, lazily, with metadata. Within a page blobs and prefixes are merged in
    /// name order.
    pub(crate) fn list<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        if let Err(e) = ctx(validate_container(container), LIST) {
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
        paginate(move |marker: Option<String>| {
            let page_size = page_size.clone();
            async move {
                let mut pairs: Vec<(&str, &str)> = vec![
                    ("restype", "container"),
                    ("comp", "list"),
                    ("include", "metadata"),
                    ("maxresults", &page_size),
                ];
                if let Some(p) = options.prefix.as_deref().filter(|p| !p.is_empty()) {
                    pairs.push(("prefix", p));
                }
                if let Some(d) = options.delimiter.as_deref() {
                    pairs.push(("delimiter", d));
                }
                if let Some(m) = marker.as_deref() {
                    pairs.push(("marker", m));
                }
                let url = with_query(self.client.container_url(container), &pairs);
                let resp = self.client.send(request(LIST, Method::GET, url)).await?;
                let page = ctx(model::blobs_page(container, &resp.body), LIST)?;
                let mut entries: Vec<ListEntry> = page
                    .blobs
                    .into_iter()
                    .map(|b| ListEntry::Object(b.meta))
                    .chain(
                        page.prefixes
                            .into_iter()
                            .map(|prefix| ListEntry::Prefix { prefix }),
                    )
                    .collect();
                entries.sort_by(|a, b| name(a).cmp(name(b)));
                Ok(Page {
                    items: entries,
                    next: page.next_marker,
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
