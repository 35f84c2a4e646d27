//! Tokens that expire and are fetched again: for providers that authenticate with a
//! short-lived bearer token obtained by logging in (OpenStack Keystone, Rackspace,
//! Google OAuth2, Azure AD).
//!
//! A provider implements [`TokenSource`] (its login), wraps it in a [`TokenCache`]
//! (reuse, refresh ahead of expiry, one login at a time) and hands the pipeline a
//! [`TokenSigner`], which puts the token in each request and logs in again once when
//! the server answers 401.
//!
//! [`pem`], [`rsa`] and [`jwt`] hold what signed OAuth2 assertions need: PEM keys and
//! certificates decoded to DER, RS256 signatures, and compact JWTs assembled around a
//! signature.

mod cache;
mod context;
pub mod jwt;
pub mod pem;
pub mod rsa;
mod signer;
mod token;

pub use cache::{DEFAULT_REFRESH_AHEAD, RETRY_PAUSE, TokenCache};
pub use context::CredentialContext;
pub use signer::TokenSigner;
pub use token::{AccessToken, TokenSource};
