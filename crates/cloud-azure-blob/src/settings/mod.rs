//! What the driver reads from a `ProviderConfig`: the credentials (in their order of
//! precedence), the account and its endpoint, and the upload sizes.

mod connection_string;
mod credentials;

use cloud_azure_auth::{AZURE_CREDENTIALS, AZURE_OPTIONS};
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result};
use url::Url;

pub use connection_string::ConnectionString;
pub use credentials::Credentials;
pub(crate) use credentials::account_of_endpoint;

use crate::PROVIDER_ID;

/// The REST API version sent in `x-ms-version` (and as `sv` in signed URLs).
pub const API_VERSION: &str = "2021-12-02";

/// The Azure AD scope of storage tokens.
pub const SCOPE: &str = "https://storage.azure.com/.default";

/// The storage emulator's account name (published by Microsoft for Azurite).
pub const DEVELOPMENT_ACCOUNT: &str = "devstoreaccount1";

/// The storage emulator's account key (published by Microsoft for Azurite; not a
/// secret).
pub const DEVELOPMENT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// Default size up to which a blob goes up in one `Put Blob`: 8 MiB.
pub const DEFAULT_UPLOAD_THRESHOLD: u64 = 8 * MIB;

/// Default size of each staged block: 8 MiB.
pub const DEFAULT_BLOCK_SIZE: u64 = 8 * MIB;

/// Default number of blocks sent at once.
pub const DEFAULT_CONCURRENCY: u64 = 4;

/// Most blocks one blob may be committed from.
pub const MAX_BLOCKS: u64 = 50_000;

/// Largest block (and single upload) this driver holds in memory: 256 MiB.
const MAX_BLOCK_SIZE: u64 = 256 * MIB;

/// The account name's environment variable.
const ACCOUNT_ENV: &[&str] = &["AZURE_STORAGE_ACCOUNT"];

/// `account`.
pub(crate) const ACCOUNT: OptionSpec = OptionSpec::new(
    "account",
    OptionKind::Text,
    "the storage account name (3 to 24 lowercase letters and digits)",
)
.env(ACCOUNT_ENV);

/// `upload_threshold`.
const UPLOAD_THRESHOLD: OptionSpec = OptionSpec::new(
    "upload_threshold",
    OptionKind::Bytes {
        min: 0,
        max: MAX_BLOCK_SIZE,
    },
    "blobs up to this size go up in one Put Blob; larger ones as staged blocks",
)
.default_value("8MiB");

/// `block_size`.
const BLOCK_SIZE: OptionSpec = OptionSpec::new(
    "block_size",
    OptionKind::Bytes {
        min: 64 * 1024,
        max: MAX_BLOCK_SIZE,
    },
    "size of each staged block (raised for a blob of known size that needs more than \
     50,000)",
)
.default_value("8MiB");

/// `upload_concurrency`.
const CONCURRENCY: OptionSpec = OptionSpec::new(
    "upload_concurrency",
    OptionKind::Count { min: 1, max: 64 },
    "blocks sent at once; an upload holds about this many blocks in memory",
)
.default_value("4");

/// Default size of each ranged request of a large download: 8 MiB.
pub const DEFAULT_DOWNLOAD_PART_SIZE: u64 = 8 * MIB;

/// Default number of requests a large download reads at once: one, which streams the
/// whole blob in one answer. Against a service that one connection cannot keep up with
/// (a distant region, a throttled connection) a few more read faster; against one
/// whose own CPU sets the pace (Azurite on the same two cores) they only add work.
pub const DEFAULT_DOWNLOAD_CONCURRENCY: u64 = 1;

/// `download_part_size`.
const DOWNLOAD_PART_SIZE: OptionSpec = OptionSpec::new(
    "download_part_size",
    OptionKind::Bytes {
        min: 64 * 1024,
        max: MAX_BLOCK_SIZE,
    },
    "size of each ranged Get Blob a large download is read in",
)
.default_value("8MiB");

/// `download_concurrency`.
const DOWNLOAD_CONCURRENCY: OptionSpec = OptionSpec::new(
    "download_concurrency",
    OptionKind::Count { min: 1, max: 64 },
    "ranged Get Blob requests a large download reads at once (1: one request streams \
     the whole blob); a download holds about this many parts in memory",
)
.default_value("1");

/// The driver's own options.
const OWN: [OptionSpec; 6] = [
    ACCOUNT,
    UPLOAD_THRESHOLD,
    BLOCK_SIZE,
    CONCURRENCY,
    DOWNLOAD_PART_SIZE,
    DOWNLOAD_CONCURRENCY,
];

/// `connection_string`.
pub(crate) const CONNECTION_STRING: CredentialSpec = CredentialSpec::optional(
    "connection_string",
    "a storage connection string (AccountName, AccountKey or SharedAccessSignature, \
     BlobEndpoint, EndpointSuffix, DefaultEndpointsProtocol; UseDevelopmentStorage=true); \
     used first when set",
    &["AZURE_STORAGE_CONNECTION_STRING"],
);

/// `account_key`.
pub(crate) const ACCOUNT_KEY: CredentialSpec = CredentialSpec::optional(
    "account_key",
    "the storage account's access key (base64), signing requests with Shared Key",
    &["AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCESS_KEY"],
);

/// `sas_token`.
pub(crate) const SAS_TOKEN: CredentialSpec = CredentialSpec::optional(
    "sas_token",
    "a shared access signature (the query string, with or without its leading ?), used \
     when there is no account key",
    &["AZURE_STORAGE_SAS_TOKEN"],
);

/// The driver's own credentials, before Azure AD's.
const OWN_CREDENTIALS: [CredentialSpec; 3] = [CONNECTION_STRING, ACCOUNT_KEY, SAS_TOKEN];

/// `own` followed by `shared`.
const fn joined<T: Copy, const N: usize>(own: &[T], shared: &[T]) -> [T; N] {
    let mut out = [own[0]; N];
    let mut i = 0;
    while i < own.len() {
        out[i] = own[i];
        i += 1;
    }
    let mut j = 0;
    while j < shared.len() {
        out[own.len() + j] = shared[j];
        j += 1;
    }
    out
}

static ALL_OPTIONS: [OptionSpec; OWN.len() + AZURE_OPTIONS.len()] = joined(&OWN, AZURE_OPTIONS);
static ALL_CREDENTIALS: [CredentialSpec; OWN_CREDENTIALS.len() + AZURE_CREDENTIALS.len()] =
    joined(&OWN_CREDENTIALS, AZURE_CREDENTIALS);

/// Every option the driver reads (its own, then the Azure AD ones).
pub(crate) static OPTIONS: &[OptionSpec] = &ALL_OPTIONS;

/// Every credential the driver takes, in the order they are tried: the connection
/// string, the account key, the SAS token, then Azure AD's.
pub(crate) static CREDENTIALS: &[CredentialSpec] = &ALL_CREDENTIALS;

/// The driver's settings, read from a configuration. Reading them sends nothing.
#[derive(Debug, Clone)]
pub struct AzureBlobSettings {
    /// The Blob service endpoint: `https://{account}.blob.{suffix}/`, a connection
    /// string's `BlobEndpoint`, or the configuration's endpoint override (path-style,
    /// `http://127.0.0.1:10000/devstoreaccount1` for Azurite).
    pub endpoint: Url,
    /// Whether `endpoint` was chosen by the user (plain `http://` is allowed then).
    pub overridden: bool,
    /// The account name, when known.
    pub account: Option<String>,
    /// How requests are authorised.
    pub credentials: Credentials,
    /// Blobs up to this size go up in one `Put Blob` (option `upload_threshold`).
    pub upload_threshold: u64,
    /// Size of each staged block (option `block_size`).
    pub block_size: u64,
    /// Blocks sent at once (option `upload_concurrency`).
    pub concurrency: usize,
    /// Size of each ranged request of a large download (option `download_part_size`).
    pub download_part_size: u64,
    /// Requests a large download reads at once (option `download_concurrency`).
    pub download_concurrency: usize,
}

impl AzureBlobSettings {
    /// Reads the settings from `config`: the credentials in their order of precedence
    /// (see [`Credentials`]), the endpoint, and the upload sizes.
    pub fn from_config(config: &ProviderConfig) -> Result<Self> {
        Self::read(config, None)
    }

    /// The settings with `given` credentials instead of the configured ones.
    pub(crate) fn read(config: &ProviderConfig, given: Option<Credentials>) -> Result<Self> {
        let resolved = credentials::resolve(config, given)?;
        let upload_threshold = config
            .option_number(PROVIDER_ID, &UPLOAD_THRESHOLD)?
            .unwrap_or(DEFAULT_UPLOAD_THRESHOLD);
        let block_size = config
            .option_number(PROVIDER_ID, &BLOCK_SIZE)?
            .unwrap_or(DEFAULT_BLOCK_SIZE);
        let concurrency = config
            .option_number(PROVIDER_ID, &CONCURRENCY)?
            .unwrap_or(DEFAULT_CONCURRENCY);
        let download_part_size = config
            .option_number(PROVIDER_ID, &DOWNLOAD_PART_SIZE)?
            .unwrap_or(DEFAULT_DOWNLOAD_PART_SIZE);
        let download_concurrency = config
            .option_number(PROVIDER_ID, &DOWNLOAD_CONCURRENCY)?
            .unwrap_or(DEFAULT_DOWNLOAD_CONCURRENCY);
        Ok(AzureBlobSettings {
            endpoint: resolved.endpoint,
            overridden: resolved.overridden,
            account: resolved.account,
            credentials: resolved.credentials,
            upload_threshold,
            block_size,
            concurrency: usize::try_from(concurrency).unwrap_or(1).max(1),
            download_part_size,
            download_concurrency: usize::try_from(download_concurrency).unwrap_or(1).max(1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
        let before = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), before);
        let mut names: Vec<&str> = CREDENTIALS.iter().map(|c| c.name).collect();
        let before = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), before);
    }
}
