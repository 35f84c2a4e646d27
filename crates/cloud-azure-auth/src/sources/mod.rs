//! The logins behind the token cache: one [`TokenSource`](cloud_core::auth::TokenSource)
//! per kind of credential.

mod azure_cli;
mod certificate;
mod client_secret;
mod managed_identity;

pub use azure_cli::AzureCliSource;
pub use certificate::ClientCertificateSource;
pub use client_secret::ClientSecretSource;
pub use managed_identity::{
    IdentityEndpoint, MANAGED_IDENTITY_CONNECT_TIMEOUT, MANAGED_IDENTITY_REQUEST_TIMEOUT,
    ManagedIdentitySource, resource_of,
};
