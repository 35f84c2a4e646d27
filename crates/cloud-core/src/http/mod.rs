//! The HTTP pipeline every provider sends its requests through.
//!
//! A provider plugs in a base URL ([`Endpoint`]), a [`Signer`] and an [`ErrorParser`];
//! the pipeline ([`HttpClient`]) owns retries, timeouts, the user agent, tracing spans
//! and the redaction of credentials.

mod auth;
mod client;
mod config;
mod endpoint;
mod errors;
mod redact;
mod request;
mod retry;

pub use auth::{BasicAuth, BearerToken};
pub use client::{HttpClient, HttpResponse, NoAuth, Signer};
pub use config::{HTTP_OPTIONS, HttpConfig};
pub use endpoint::{Endpoint, LOOPBACK_ONLY_ENV, is_loopback_host};
pub use errors::{ErrorParser, StatusErrorParser, kind_for_status};
pub use redact::{REDACTED_QUERY_KEYS, redact_url};
pub use request::{BodyFactory, HttpRequest, RequestBody};
pub use retry::{RetryPolicy, parse_retry_after};

pub use reqwest::{Method, StatusCode, header};
