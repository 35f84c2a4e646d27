//! What the Linode provider reads from its configuration: declared options and
//! credentials.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};

/// The environment variable the token is read from when the configuration has none.
pub(crate) const TOKEN_ENV: &str = "LINODE_TOKEN";

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
