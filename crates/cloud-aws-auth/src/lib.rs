//! AWS authentication for libcloud-rs: Signature Version 4 and the credential chain.
//!
//! - **Signing** ([`sigv4`]): a sans-IO core ([`sign`]) from a [`SignableRequest`] to the
//!   canonical request, string to sign, signature and `Authorization` header;
//!   [`SigV4Signer`], the [`cloud_core::http::Signer`] that signs pipeline requests in
//!   place; [`presign_url`] for query-string signatures. Checked against every vector of
//!   AWS's published SigV4 test suite that applies to non-S3 services.
//! - **Credentials**: [`Credentials`] (secrets never print), the async
//!   [`CredentialsProvider`] trait, [`StaticCredentials`], and [`CredentialChain`]:
//!   explicit → environment → shared files → EC2 instance metadata (IMDSv2), cached and
//!   refreshed five minutes before expiry.
//! - **Where and which**: [`resolve_region`] and [`resolve_endpoint`], reading the usual
//!   `AWS_*` variables and profile settings; [`ServiceTarget`] both at once for a
//!   driver's configuration, with [`DEFAULT_REGION`] when nothing names a region.
//! - **The Query protocol** ([`query`]): the form-encoded `Action`/`Version` requests
//!   of EC2 and Elastic Load Balancing, their answers' roots and error documents.
//!
//! Everything that reads the machine (environment, files, home directory, clock) goes
//! through an [`AwsContext`], so tests run against fixed inputs.

mod chain;
mod context;
mod credential_specs;
mod credentials;
mod endpoint;
mod error_answer;
mod profile;
pub mod query;
mod region;
mod service_target;
pub mod sigv4;

pub use chain::{
    CREDENTIAL_PROCESS_TIMEOUT, CredentialChain, DEFAULT_IMDS_ENDPOINT, IMDS_CONNECT_TIMEOUT,
    IMDS_TIMEOUT, REFRESH_MARGIN, STS_CONNECT_TIMEOUT, STS_TIMEOUT,
};
pub use context::{AwsContext, FileSource, MemoryFiles, RealFiles};
pub use credential_specs::{AWS_CREDENTIALS, AWS_REQUEST_ID_HEADERS};
pub use credentials::{Credentials, CredentialsProvider, StaticCredentials};
pub use endpoint::{default_endpoint, resolve_endpoint, resolve_endpoint_with};
pub use error_answer::{AwsErrorParts, aws_error_answer};
pub use region::resolve_region;
pub use service_target::{DEFAULT_REGION, ServiceTarget};
pub use sigv4::{
    PayloadHash, SigV4Signer, SignableRequest, SigningOptions, SigningOutput, SigningScope,
    presign_url, sign,
};
