//! What the Linode provider reads from its configuration: declared options and
//! credentials, and the typed settings read from them.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;

/// The environment variable the token is read from when the configuration has none.
pub(crate) const TOKEN_ENV: &str = "LINODE_TOKEN";

/// Items per page on list calls unless the `page_size` option says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 500;

/// Items per page on list calls, within Linode's limits.
pub(crate) const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 25, max: 500 },
    "items per page on every list call",
)
.default_value("500");

/// The options Linode reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[PAGE_SIZE];

/// The credentials Linode takes.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[CredentialSpec::required(
    "token",
    "a personal access token, sent as a bearer token",
    &[TOKEN_ENV],
)];

/// The settings a Linode driver runs with, read from a [`ProviderConfig`].
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The personal access token.
    pub(crate) token: Secret,
    /// Items per page on list calls.
    pub(crate) page_size: u32,
    /// Where new nodes and volumes go when the request names no location.
    pub(crate) default_region: Option<String>,
}

impl Settings {
    /// Reads the token (`InvalidCredentials` when there is none), the `page_size` option
    /// (`InvalidInput` unless a number from 25 to 500) and the default region.
    pub(crate) fn read(config: &ProviderConfig) -> Result<Self> {
        let token = config.require_credential(PROVIDER_ID, "token", &[TOKEN_ENV])?;
        let page_size = config
            .option_number(PROVIDER_ID, &PAGE_SIZE)?
            .map_or(DEFAULT_PAGE_SIZE, |n| n as u32);
        Ok(Settings {
            token,
            page_size,
            default_region: config.region.clone().filter(|r| !r.is_empty()),
        })
    }
}
