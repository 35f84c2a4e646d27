//! Zones and regions (locations) and machine types (sizes).

use cloud_core::compute::{Location, Size};
use cloud_core::paginate::error_stream;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::StreamExt;

use crate::settings::is_zone;
use crate::{GceCompute, PROVIDER_ID, model};

impl GceCompute {
    /// Every zone, then every region.
    pub(crate) fn locations(&self) -> BoxStream<'static, Result<Location>> {
        let project = self.api.project();
        let zones = self.api.list(
            "list_locations",
            format!("projects/{project}/zones"),
            model::zones,
        );
        let regions = self.api.list(
            "list_locations",
            format!("projects/{project}/regions"),
            model::regions,
        );
        zones.chain(regions).boxed()
    }

    /// The machine types of the default zone.
    pub(crate) fn sizes(&self) -> BoxStream<'static, Result<Size>> {
        match self.zone.as_deref() {
            Some(zone) => self.machine_types(zone),
            None => error_stream(
                Error::new(
                    ErrorKind::Configuration,
                    "machine types are per zone: set the zone option, or list the sizes of one location",
                )
                .with_provider(PROVIDER_ID)
                .with_operation("list_sizes"),
            ),
        }
    }

    /// The machine types of `location` (a zone); `NotFound` for anything else.
    pub(crate) fn sizes_in(&self, location: &str) -> BoxStream<'static, Result<Size>> {
        if !is_zone(location) {
            return error_stream(
                Error::not_found(format!(
                    "no zone {:?}: machine types are listed per zone (like us-central1-a)",
                    location.chars().take(64).collect::<String>()
                ))
                .with_provider(PROVIDER_ID)
                .with_operation("list_sizes_in"),
            );
        }
        self.machine_types(location)
    }

    fn machine_types(&self, zone: &str) -> BoxStream<'static, Result<Size>> {
        let path = format!("projects/{}/zones/{zone}/machineTypes", self.api.project());
        self.api.list("list_sizes", path, model::machine_types)
    }
}
