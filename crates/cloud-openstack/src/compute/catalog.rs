//! Flavors as sizes and availability zones as locations.

use cloud_core::compute::{Location, Size};
use cloud_core::http::Method;
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, ErrorKind, Result};

use super::OpenStackCompute;
use super::call::{Call, Caller, PAGE_SIZE, paged};
use super::model;
use crate::PROVIDER_ID;

impl OpenStackCompute {
    /// `GET /flavors/detail`, page after page.
    pub(crate) fn sizes(&self) -> BoxStream<'static, Result<Size>> {
        paged(
            self.nova.clone(),
            "list_sizes",
            "flavors/detail".into(),
            Some(PAGE_SIZE),
            model::flavors_page,
        )
    }

    /// `GET /os-availability-zone`: the zones this project may use. A cloud without
    /// the availability-zone extension (Rackspace's) answers 404: its one location is
    /// the region.
    pub(crate) fn locations(&self) -> BoxStream<'static, Result<Location>> {
        const OP: &str = "list_locations";
        let nova = self.nova.clone();
        let identity = self.identity.clone();
        stream_of_list(async move {
            match nova
                .call(Call::new(OP, Method::GET, "os-availability-zone"))
                .await
            {
                Ok(resp) => model::zones(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP)),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(identity
                    .region()
                    .map(|region| Location {
                        id: region.clone(),
                        name: region,
                        country: None,
                        extra: Default::default(),
                    })
                    .into_iter()
                    .collect()),
                Err(e) => Err(e),
            }
        })
    }
}
