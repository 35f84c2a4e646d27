//! What the driver reads from a `ProviderConfig`: the user name and API key (or
//! password), the region, and the catalog interface.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};

/// The identity endpoint of US accounts.
pub const US_IDENTITY_URL: &str = "https://identity.api.rackspacecloud.com/v2.0/";

/// The identity endpoint of UK accounts (those in region LON).
pub const UK_IDENTITY_URL: &str = "https://lon.identity.api.rackspacecloud.com/v2.0/";

/// The regions of Rackspace's public cloud.
pub const REGIONS: &[&str] = &["DFW", "ORD", "IAD", "LON", "HKG", "SYD"];

/// The options.
pub(crate) const OPTIONS: &[OptionSpec] = &[
    OptionSpec::new(
        "interface",
        OptionKind::Choice {
            choices: &["public", "internal"],
        },
        "which catalog endpoints to use (internal: ServiceNet, from inside Rackspace's network)",
    )
    .default_value("public"),
    crate::dns::settings::DNS_JOB_POLL,
    crate::dns::settings::DNS_JOB_TIMEOUT,
];

/// The secrets: an API key, or a password.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::optional(
        "username",
        "the account's user name",
        &["RACKSPACE_USERNAME"],
    ),
    CredentialSpec::optional("api_key", "the account's API key", &["RACKSPACE_API_KEY"]),
    CredentialSpec::optional(
        "password",
        "the account's password (instead of the API key)",
        &["RACKSPACE_PASSWORD"],
    ),
    CredentialSpec::optional(
        "temp_url_key",
        "the key Cloud Files temporary URLs are signed with [default: the account's]",
        &["LIBCLOUD_RACKSPACE_TEMP_URL_KEY"],
    ),
];
