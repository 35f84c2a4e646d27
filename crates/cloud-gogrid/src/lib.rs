//! GoGrid compute for libcloud-rs.
//!
//! GoGrid's API (version 1.8 here) is a set of calls at
//! `https://api.gogrid.com/api/<area>/<object>/<verb>` taking query parameters and
//! answering JSON envelopes (`{list, method, status, summary}`, see [`envelope`]).
//! Every call is signed ([`sign`]): `api_key`, `v=1.8`, `format=json` and `sig`, the MD5
//! of the key, the shared secret and the Unix time, taken from an injectable
//! [`Clock`](cloud_core::Clock) on every attempt.
//!
//! | GoGrid | libcloud-rs |
//! | --- | --- |
//! | `grid/server/list`, `get`, `add`, `power`, `delete` | nodes: list (paged), get, create, reboot/start/stop, destroy |
//! | `grid/image/list`, `get`, `save`, `delete` | images, `get_image`, `create_image`, `delete_image` |
//! | `common/lookup/list` (`server.ram`, `datacenter`) | sizes (id = RAM option name, `512MB`) and locations |
//! | `grid/ip/list` | the free public IP every new server needs ([`GoGridCompute::list_ips`]) |
//! | `support/password/list` | `extra["password"]` of listed nodes ([`GoGridCompute::list_passwords`]) |
//! | `grid/server/edit` | [`GoGridCompute::edit_node`] |
//! | `grid/loadbalancer/list`, `add`, `delete` | [`GoGridCompute::list_load_balancers`] and friends |
//!
//! Creating a server needs an unassigned public IP of the account's pool: the driver
//! lists the pool (in the requested location, when given) and takes the first free
//! address, unless `CreateNode.options["ip"]` names one. With none free the create fails
//! with `QuotaExceeded` before anything is added: the request is fine, the account's
//! allotment of addresses is used up.
//!
//! Lists are paged with `num_items` and `page`, following `summary` (`numpages`,
//! `returned`, `start`, `total`) through [`cloud_core::paginate`]. Errors come from the
//! failure envelope (`errorcode`, `message`) and the HTTP status ([`envelope::kind_of`]).
//!
//! GoGrid was acquired by Datapipe in 2015 and with it by Rackspace in 2017, which
//! ended every GoGrid service on 2019-05-31; the provider is declared
//! [`Lifecycle::Defunct`].

pub mod compute;
pub mod driver;
pub mod envelope;
pub mod errors;
pub mod extras;
pub mod loadbalancer;
pub mod model;
pub mod sign;

#[cfg(test)]
mod robustness;

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

pub use compute::CreateOptions;
pub use driver::GoGridCompute;
pub use extras::{EditServer, IpFilter, ServerPassword};
pub use loadbalancer::{IpPort, LoadBalancer, NewLoadBalancer};

/// The provider id.
pub const PROVIDER_ID: &str = "gogrid";

/// The API's own endpoint; calls go to `api/<area>/<object>/<verb>` below it.
pub const DEFAULT_ENDPOINT: &str = "https://api.gogrid.com/";

/// Environment variable read when no `api_key` credential is configured.
pub const API_KEY_ENV: &str = "GOGRID_API_KEY";

/// Environment variable read when no `secret` credential is configured.
pub const SECRET_ENV: &str = "GOGRID_SECRET";

/// Items asked for per page of a list call.
pub(crate) const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 1, max: 1000 },
    "items asked for per page of a list call",
)
.default_value("100");

/// The credentials GoGrid takes.
const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::required("api_key", "the API key", &[API_KEY_ENV]),
    CredentialSpec::required(
        "secret",
        "the shared secret the request signatures are made with",
        &[SECRET_ENV],
    ),
];

/// Builds GoGrid drivers for the registry.
#[derive(Debug, Default, Clone, Copy)]
pub struct GoGridFactory;

#[async_trait]
impl DriverFactory for GoGridFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "GoGrid".to_string(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Defunct {
                since: "2019-05-31".to_string(),
                note: "GoGrid was acquired by Datapipe (2015), then Rackspace (2017), which \
                       discontinued all GoGrid services"
                    .to_string(),
            },
            api_reference: "https://wiki.gogrid.com/index.php/API:Anatomy_of_a_GoGrid_API_Call"
                .to_string(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        std::slice::from_ref(&PAGE_SIZE)
    }

    fn credentials(&self) -> &'static [CredentialSpec] {
        CREDENTIALS
    }

    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_compute(Arc::new(GoGridCompute::new(
            config,
        )?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_declares_defunct() {
        let meta = GoGridFactory.meta();
        assert_eq!(meta.id, "gogrid");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert!(matches!(
            meta.lifecycle,
            Lifecycle::Defunct { ref since, .. } if since == "2019-05-31"
        ));
    }
}
