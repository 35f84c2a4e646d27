//! The credentials and options an Azure provider declares, and the environment
//! variables and well-known addresses they fall back to.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};

/// The Azure AD tenant (directory) id or domain.
pub const ENV_TENANT_ID: &str = "AZURE_TENANT_ID";
/// The application (client) id of a service principal, or of a user-assigned managed
/// identity.
pub const ENV_CLIENT_ID: &str = "AZURE_CLIENT_ID";
/// A service principal's client secret.
pub const ENV_CLIENT_SECRET: &str = "AZURE_CLIENT_SECRET";
/// A PEM file holding a service principal's certificate and its private key.
pub const ENV_CLIENT_CERTIFICATE_PATH: &str = "AZURE_CLIENT_CERTIFICATE_PATH";
/// The password of an encrypted certificate file. Not used: an encrypted key is an
/// `Unsupported` error, decrypt it first.
pub const ENV_CLIENT_CERTIFICATE_PASSWORD: &str = "AZURE_CLIENT_CERTIFICATE_PASSWORD";
/// The cloud: `public`, `china` or `usgov`.
pub const ENV_CLOUD: &str = "AZURE_CLOUD";
/// An Azure AD authority host in place of the cloud's own.
pub const ENV_AUTHORITY_HOST: &str = "AZURE_AUTHORITY_HOST";
/// The App Service (and Functions, Container Apps) managed identity endpoint.
pub const ENV_IDENTITY_ENDPOINT: &str = "IDENTITY_ENDPOINT";
/// The secret header value the App Service managed identity endpoint expects.
pub const ENV_IDENTITY_HEADER: &str = "IDENTITY_HEADER";
/// The Azure CLI's configuration folder, in place of `~/.azure`.
pub const ENV_AZURE_CONFIG_DIR: &str = "AZURE_CONFIG_DIR";

/// The Azure Instance Metadata Service's managed identity token endpoint.
pub const IMDS_TOKEN_URL: &str = "http://169.254.169.254/metadata/identity/oauth2/token";
/// The IMDS API version asked for.
pub const IMDS_API_VERSION: &str = "2018-02-01";
/// The App Service managed identity API version asked for.
pub const APP_SERVICE_API_VERSION: &str = "2019-08-01";
/// The file in the Azure CLI's folder holding its MSAL token cache.
pub const MSAL_CACHE_FILE: &str = "msal_token_cache.json";
/// The assertion type of a certificate credential's client assertion.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The spellings option `cloud` accepts: the short names, and the Azure CLI's names.
pub const CLOUD_CHOICES: &[&str] = &[
    "public",
    "china",
    "usgov",
    "AzureCloud",
    "AzureChinaCloud",
    "AzureUSGovernment",
];

/// The credentials an Azure provider takes for Azure AD. None is required: without a
/// client secret or certificate, the Azure CLI's cached tokens and then a managed
/// identity are tried.
pub const AZURE_CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::optional(
        "tenant_id",
        "the Azure AD tenant (directory) id of the service principal",
        &[ENV_TENANT_ID],
    ),
    CredentialSpec::optional(
        "client_id",
        "the service principal's application (client) id, or a user-assigned managed identity's client id",
        &[ENV_CLIENT_ID],
    ),
    CredentialSpec::optional(
        "client_secret",
        "the service principal's client secret",
        &[ENV_CLIENT_SECRET],
    ),
    CredentialSpec::optional(
        "client_certificate_path",
        "path of a PEM file with the service principal's certificate and unencrypted private key",
        &[ENV_CLIENT_CERTIFICATE_PATH],
    ),
    CredentialSpec::optional(
        "client_certificate_password",
        "the password of an encrypted certificate file (not used: encrypted keys are unsupported, decrypt the key first)",
        &[ENV_CLIENT_CERTIFICATE_PASSWORD],
    ),
];

/// The options an Azure provider takes (the cloud, the authority).
pub const AZURE_OPTIONS: &[OptionSpec] = &[
    OptionSpec::new(
        "cloud",
        OptionKind::Choice {
            choices: CLOUD_CHOICES,
        },
        "the Azure cloud: public (default), china or usgov",
    )
    .env(&[ENV_CLOUD]),
    OptionSpec::new(
        "authority_host",
        OptionKind::Text,
        "Azure AD authority host in place of the cloud's own (plain http only for a loopback test endpoint)",
    )
    .env(&[ENV_AUTHORITY_HOST]),
];

/// The `cloud` option.
pub(crate) const CLOUD_OPTION: &OptionSpec = &AZURE_OPTIONS[0];
/// The `authority_host` option.
pub(crate) const AUTHORITY_HOST_OPTION: &OptionSpec = &AZURE_OPTIONS[1];
