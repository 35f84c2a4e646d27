//! The credentials and options a Google provider declares, and the environment
//! variables and well-known addresses they fall back to.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};

/// Names a service-account key or authorized-user JSON file.
pub const ENV_APPLICATION_CREDENTIALS: &str = "GOOGLE_APPLICATION_CREDENTIALS";
/// An OAuth2 access token, used as is.
pub const ENV_ACCESS_TOKEN: &str = "GOOGLE_OAUTH_ACCESS_TOKEN";
/// The project, first choice.
pub const ENV_PROJECT: &str = "GOOGLE_CLOUD_PROJECT";
/// The project as the Cloud SDK names it, second choice.
pub const ENV_CLOUDSDK_PROJECT: &str = "CLOUDSDK_CORE_PROJECT";
/// The Cloud SDK configuration folder holding `application_default_credentials.json`.
pub const ENV_CLOUDSDK_CONFIG: &str = "CLOUDSDK_CONFIG";
/// A `host[:port]` answering in place of the metadata server.
pub const ENV_METADATA_HOST: &str = "GCE_METADATA_HOST";

/// Google's OAuth2 token endpoint: refresh tokens are exchanged here, and it is the
/// default `token_uri` of a service-account key.
pub const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// The metadata server's host name on Compute Engine.
pub const METADATA_HOST: &str = "metadata.google.internal";
/// The metadata server's link-local address.
pub const METADATA_IP: &str = "169.254.169.254";
/// The path of the default service account's token on the metadata server.
pub const METADATA_TOKEN_PATH: &str = "/computeMetadata/v1/instance/service-accounts/default/token";
/// The path of the project id on the metadata server.
pub const METADATA_PROJECT_PATH: &str = "/computeMetadata/v1/project/project-id";
/// The file name of application-default credentials in the Cloud SDK folder.
pub const ADC_FILE_NAME: &str = "application_default_credentials.json";

/// The credentials a Google provider takes. None is required: without any, the
/// application-default credentials file and then the metadata server are tried.
pub const GOOGLE_CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::optional(
        "access_token",
        "an OAuth2 access token, used as is until the server refuses it",
        &[ENV_ACCESS_TOKEN],
    ),
    CredentialSpec::optional(
        "credentials_json",
        "the JSON of a service-account key or authorized-user credentials file itself",
        &[],
    ),
    CredentialSpec::optional(
        "credentials_file",
        "path of a service-account key or authorized-user credentials JSON file",
        &[ENV_APPLICATION_CREDENTIALS],
    ),
];

/// The options a Google provider takes.
pub const GOOGLE_OPTIONS: &[OptionSpec] = &[
    OptionSpec::new(
        "project",
        OptionKind::Text,
        "the project id (else the key file's project_id, else ADC's quota_project_id)",
    )
    .env(&[ENV_PROJECT, ENV_CLOUDSDK_PROJECT]),
    OptionSpec::new(
        "token_uri",
        OptionKind::Text,
        "OAuth2 token endpoint in place of the credentials' own (plain http only for a loopback test endpoint)",
    ),
];

/// The `project` option.
pub(crate) const PROJECT_OPTION: &OptionSpec = &GOOGLE_OPTIONS[0];
/// The `token_uri` option.
pub(crate) const TOKEN_URI_OPTION: &OptionSpec = &GOOGLE_OPTIONS[1];
