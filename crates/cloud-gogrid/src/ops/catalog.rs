//! Sizes and locations, from GoGrid's `common/lookup/list` lookups.

use cloud_core::compute::{Location, Size};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Result};

use crate::PROVIDER_ID;
use crate::client::GoGridClient;
use crate::model;

/// The `server.ram` options; an option whose RAM cannot be read is left out.
pub(crate) fn sizes(client: &GoGridClient) -> BoxStream<'_, Result<Size>> {
    stream_of_list(async move {
        let options = client.lookup("list_sizes", "server.ram").await?;
        let mut sizes = Vec::new();
        for option in &options {
            match model::size_from(option).map_err(|e| e.in_context(PROVIDER_ID, "list_sizes"))? {
                Some(size) => sizes.push(size),
                None => tracing::debug!("skipping a RAM option without a readable size"),
            }
        }
        Ok(sizes)
    })
}

/// The `datacenter` options.
pub(crate) fn locations(client: &GoGridClient) -> BoxStream<'_, Result<Location>> {
    stream_of_list(async move {
        let options = client.lookup("list_locations", "datacenter").await?;
        options
            .iter()
            .map(|o| {
                model::location_from(o).map_err(|e| e.in_context(PROVIDER_ID, "list_locations"))
            })
            .collect::<Result<Vec<_>>>()
    })
}
