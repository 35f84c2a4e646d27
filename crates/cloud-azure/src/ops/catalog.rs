//! The catalog: VM sizes of a location, the subscription's locations.

use cloud_core::compute::{Location, Size};
use cloud_core::paginate::error_stream;
use cloud_core::{BoxStream, Result};

use super::names::check_location;
use crate::client::ApiVersion;
use crate::{AzureCompute, model};

impl AzureCompute {
    /// The sizes of the default location.
    pub(crate) fn sizes(&self) -> BoxStream<'static, Result<Size>> {
        match self.location_for(None, "list_sizes") {
            Ok(location) => self.sizes_of(location, "list_sizes"),
            Err(e) => error_stream(e),
        }
    }

    /// The sizes of `location`.
    pub(crate) fn sizes_in(&self, location: &str) -> BoxStream<'static, Result<Size>> {
        match check_location(location, "list_sizes_in") {
            Ok(location) => self.sizes_of(location, "list_sizes_in"),
            Err(e) => error_stream(e),
        }
    }

    fn sizes_of(
        &self,
        location: String,
        operation: &'static str,
    ) -> BoxStream<'static, Result<Size>> {
        let url = self.api.subscription_url(
            &format!("providers/Microsoft.Compute/locations/{location}/vmSizes"),
            ApiVersion::Compute,
            operation,
        );
        self.api.list(operation, url, model::vm_sizes)
    }

    /// The subscription's physical locations.
    pub(crate) fn locations(&self) -> BoxStream<'static, Result<Location>> {
        const OP: &str = "list_locations";
        let url = self
            .api
            .subscription_url("locations", ApiVersion::Subscriptions, OP);
        self.api.list(OP, url, model::locations)
    }
}
