//! GoGrid compute for libcloud-rs.
//!
//! GoGrid's API (version 1.8 here) is a set of calls at
//! `https://api.gogrid.com/api/<area>/<object>/<verb>` taking query parameters and
//! answering JSON envelopes (`{list, method, status, summary}`, see
//! [`model::envelope`]). Every call is signed ([`sign`]): `api_key`, `v=1.8`,
//! `format=json` and `sig`, the MD5 of the key, the shared secret and the Unix time,
//! taken from an injectable [`Clock`](cloud_core::Clock) on every attempt.
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
//! address, unless `CreateNode.options["ip"]` names one ([`GoGridCreateOptions`]). With
//! none free the create fails with `QuotaExceeded` before anything is added: the request
//! is fine, the account's allotment of addresses is used up.
//!
//! Lists are paged with `num_items` and `page`, following `summary` (`numpages`,
//! `returned`, `start`, `total`) through [`cloud_core::paginate`]. Errors come from the
//! failure envelope (`errorcode`, `message`) and the HTTP status
//! ([`model::envelope::kind_of`]).
//!
//! GoGrid was acquired by Datapipe in 2015 and with it by Rackspace in 2017, which
//! ended every GoGrid service on 2019-05-31; the provider is declared
//! [`Lifecycle::Defunct`](cloud_core::Lifecycle::Defunct).

mod client;
mod compute;
pub mod errors;
mod extras;
mod factory;
pub mod model;
mod ops;
mod options;
mod settings;
pub mod sign;
pub mod state;

pub use compute::GoGridCompute;
pub use errors::GoGridErrorParser;
pub use extras::{EditServer, IpFilter, NewLoadBalancer, ServerPassword};
pub use factory::GoGridFactory;
pub use model::{IpPort, LoadBalancer, PoolIp};
pub use ops::MAX_NAME_LEN;
pub use options::GoGridCreateOptions;
pub use settings::{API_KEY_ENV, DEFAULT_ENDPOINT, DEFAULT_PAGE_SIZE, SECRET_ENV};

/// The provider id.
pub const PROVIDER_ID: &str = "gogrid";
