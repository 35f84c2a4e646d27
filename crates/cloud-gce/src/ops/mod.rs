//! The calls, one file per resource; each adds methods to
//! [`GceCompute`](crate::GceCompute).

mod catalog;
mod images;
pub(crate) mod names;
mod nodes;
mod operations;
mod snapshots;
mod volumes;

/// The zone a new resource goes in: the request's location (which must be a zone), or
/// the driver's default zone.
pub(crate) fn zone_for(
    location: Option<&str>,
    default_zone: Option<&str>,
    operation: &str,
) -> cloud_core::Result<String> {
    match location.or(default_zone) {
        Some(zone) => crate::settings::checked_zone(zone)
            .map_err(|e| e.in_context(crate::PROVIDER_ID, operation)),
        None => Err(cloud_core::Error::invalid_input(
            "no zone: name one as the location, or set the zone option",
        )
        .with_provider(crate::PROVIDER_ID)
        .with_operation(operation)),
    }
}
