//! The HTTP pipeline every provider sends its requests through.
//!
//! A provider plugs in a base URL ([`Endpoint`]), a [`Signer`] and an [`ErrorParser`];
//! the pipeline ([`HttpClient`]) owns retries, timeouts, the user agent, tracing spans
//! and the redaction of credentials.
//!
//! Drivers and signers see only this module's types and the `http` crate's vocabulary
//! types ([`Method`], [`StatusCode`], [`HeaderMap`], …, stable since `http` 1.0), never
//! the HTTP client library's own, so a driver crate does not break when the client
//! library changes major version.

mod auth;
mod client;
mod config;
mod endpoint;
mod errors;
mod outgoing;
mod redact;
mod request;
mod retry;

pub use auth::{BasicAuth, BearerToken};
pub use client::{HttpClient, HttpResponse, NoAuth, Signer, StreamingResponse};
pub use config::{HTTP_OPTION_SPECS, HttpConfig};
pub use endpoint::{Endpoint, LOOPBACK_ONLY_ENV, is_loopback_host};
pub use errors::{ErrorParser, StatusErrorParser, first_text_line, kind_for_status};
pub use outgoing::{OutgoingRequest, Payload};
pub use redact::{REDACTED_QUERY_KEYS, redact_url};
pub use request::{BodyFactory, HttpRequest, RequestBody, StreamedBody};
pub use retry::{RetryPolicy, parse_retry_after};

pub use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
