//! Linode's paged list envelope: `{"data": [...], "page": 1, "pages": 3, "results": 51}`.

use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde::Deserialize;

use super::Convert;

/// One page of a list, as Linode sends it.
#[derive(Debug, Deserialize)]
pub(crate) struct RawPage<T> {
    data: Vec<T>,
    #[serde(default)]
    page: Option<u64>,
    pages: u64,
}

impl<T: Convert> RawPage<T> {
    /// The portable page for the request of page `requested`; its `next` token is the
    /// following page number while pages remain.
    pub(crate) fn into_page(self, requested: u64) -> Result<Page<T::Item>> {
        self.into_page_with(requested, Convert::convert)
    }
}

impl<T> RawPage<T> {
    /// Like [`RawPage::into_page`], each item converted by `convert`.
    pub(crate) fn into_page_with<U>(
        self,
        requested: u64,
        convert: impl FnMut(T) -> Result<U>,
    ) -> Result<Page<U>> {
        let page = self.page.unwrap_or(requested);
        if page != requested {
            return Err(Error::malformed(format!(
                "asked for page {requested} of a list, got page {page}"
            )));
        }
        let items = self
            .data
            .into_iter()
            .map(convert)
            .collect::<Result<Vec<_>>>()?;
        let next = (page < self.pages).then(|| (page + 1).to_string());
        Ok(Page { items, next })
    }
}
