//! The calls, one file per resource; each adds methods to
//! [`AzureCompute`](crate::AzureCompute).

mod catalog;
mod images;
mod keys;
pub(crate) mod names;
mod network;
mod nodes;
mod operations;
mod snapshots;
mod vm_body;
mod volumes;

use cloud_core::Result;

use crate::AzureCompute;

impl AzureCompute {
    /// The location a new resource goes in: the request's, or the driver's default;
    /// `InvalidInput` when neither is set or the name is not a location's.
    pub(crate) fn location_for(&self, location: Option<&str>, operation: &str) -> Result<String> {
        match location.or(self.location.as_deref()) {
            Some(location) => names::check_location(location, operation),
            None => Err(names::invalid(
                "no location: name one in the request, or set the region (like westeurope)".into(),
                operation,
            )),
        }
    }
}
