//! What the Slicehost provider reads from its configuration: one credential, the API key.

use cloud_core::options::CredentialSpec;
use cloud_core::{ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;

/// The environment variable read when no `api_key` credential is configured.
pub const API_KEY_ENV: &str = "SLICEHOST_API_KEY";

/// The credentials Slicehost takes.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[CredentialSpec::required(
    "api_key",
    "the account's API key, sent as the Basic auth user name",
    &[API_KEY_ENV],
)];

/// The API key: the `api_key` credential, else `SLICEHOST_API_KEY`;
/// `InvalidCredentials` naming both when neither is set.
pub(crate) fn api_key(config: &ProviderConfig) -> Result<Secret> {
    config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])
}
