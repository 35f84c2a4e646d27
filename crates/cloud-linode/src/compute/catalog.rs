//! Sizes (Linode types) and locations (regions).

use cloud_core::compute::{Location, Size};
use cloud_core::{BoxStream, Result};

use crate::LinodeCompute;
use crate::model;

impl LinodeCompute {
    pub(crate) fn sizes(&self) -> BoxStream<'static, Result<Size>> {
        self.api
            .list("list_sizes", "linode/types", None, model::sizes)
    }

    pub(crate) fn locations(&self) -> BoxStream<'static, Result<Location>> {
        self.api
            .list("list_locations", "regions", None, model::locations)
    }
}
