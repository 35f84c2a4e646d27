//! Sizes (flavors) and the one fixed location.

use cloud_core::compute::{Location, Size};
use cloud_core::{BoxStream, Result};
use futures::StreamExt;

use crate::{SlicehostCompute, model};

impl SlicehostCompute {
    pub(crate) fn sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.api
            .list("list_sizes", "flavors.xml", model::parse_flavors)
    }

    /// The API had no locations: the one this driver reports, without a request.
    pub(crate) fn locations(&self) -> BoxStream<'_, Result<Location>> {
        futures::stream::iter([Ok(model::location())]).boxed()
    }
}
