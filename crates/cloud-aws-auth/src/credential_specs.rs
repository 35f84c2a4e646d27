//! What every AWS provider declares: the credentials it takes, and the headers its
//! answers carry request ids in.

use cloud_core::options::CredentialSpec;

/// The credentials every AWS provider (EC2, S3, …) reads: an explicit key pair, else the
/// credential chain (environment, shared files and profiles, roles, web identity,
/// `credential_process`, instance metadata), so none is required.
pub const AWS_CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::optional(
        "access_key_id",
        "access key id (with secret_access_key); else the AWS credential chain",
        &["AWS_ACCESS_KEY_ID"],
    ),
    CredentialSpec::optional(
        "secret_access_key",
        "secret access key (with access_key_id)",
        &["AWS_SECRET_ACCESS_KEY"],
    ),
    CredentialSpec::optional(
        "session_token",
        "session token of temporary credentials",
        &["AWS_SESSION_TOKEN"],
    ),
];

/// The response headers AWS services carry their request id in, in the order they are
/// tried (S3 and EC2 use the first, newer JSON services the second).
pub const AWS_REQUEST_ID_HEADERS: &[&str] = &["x-amz-request-id", "x-amzn-requestid"];
