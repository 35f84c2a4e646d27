//! Microsoft Azure credentials for libcloud-rs, shared by the Resource Manager compute
//! driver and the Blob storage driver: which cloud (public, China, US Government) and
//! its endpoints, and Azure AD (Entra ID) access tokens from a client secret, a client
//! certificate, a managed identity or the Azure CLI, cached and refreshed through
//! `cloud_core::auth::TokenCache`.
//!
//! The sources, in the order they are tried, are listed in the crate's README: a client
//! secret, a client certificate, the Azure CLI's cached tokens, and a managed identity
//! (never reached under the project's loopback guard unless its endpoint is loopback).

mod assertion;
mod auth;
mod certificate;
mod cli_cache;
mod cloud;
mod context;
mod endpoint;
mod error_answer;
mod resolve;
mod sources;
mod specs;
mod token_answer;

pub use assertion::{ASSERTION_LIFETIME_SECS, client_assertion};
pub use auth::AzureAuth;
pub use certificate::ClientCertificate;
pub use cli_cache::{
    CLI_TOKEN_MARGIN_SECS, CachedAccessToken, CliLookup, CliTokenQuery, covers, find_cli_token,
    parse_msal_cache,
};
pub use cloud::{AzureCloud, authority_url, cloud_of};
pub use context::AzureContext;
pub use endpoint::{TokenEndpoint, check_tenant, token_endpoint_url};
pub use error_answer::{AadErrorParser, parse_error_answer};
pub use sources::{
    AzureCliSource, ClientCertificateSource, ClientSecretSource, IdentityEndpoint,
    MANAGED_IDENTITY_CONNECT_TIMEOUT, MANAGED_IDENTITY_REQUEST_TIMEOUT, ManagedIdentitySource,
    resource_of,
};
pub use specs::{
    APP_SERVICE_API_VERSION, AZURE_CREDENTIALS, AZURE_OPTIONS, CLIENT_ASSERTION_TYPE,
    CLOUD_CHOICES, ENV_AUTHORITY_HOST, ENV_AZURE_CONFIG_DIR, ENV_CLIENT_CERTIFICATE_PASSWORD,
    ENV_CLIENT_CERTIFICATE_PATH, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_CLOUD,
    ENV_IDENTITY_ENDPOINT, ENV_IDENTITY_HEADER, ENV_TENANT_ID, IMDS_API_VERSION, IMDS_TOKEN_URL,
    MSAL_CACHE_FILE,
};
pub use token_answer::{Expiry, TokenAnswer, parse_token_answer};
