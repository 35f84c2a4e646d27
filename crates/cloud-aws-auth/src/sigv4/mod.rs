//! AWS Signature Version 4.
//!
//! The core is sans-IO: [`sign`] reads a [`SignableRequest`] (method, URL, headers,
//! payload hash), credentials and a [`SigningScope`], and returns a [`SigningOutput`]
//! with the canonical request, the string to sign, the signature and the
//! `Authorization` header value. [`SigV4Signer`] applies it to an `OutgoingRequest` for
//! the HTTP pipeline; [`presign_url`] puts the signature in the query string instead.

mod canonical;
mod encode;
mod options;
mod presign;
mod signer;
mod signing;

pub use canonical::{EMPTY_PAYLOAD_SHA256, PayloadHash, SignableRequest, UNSIGNED_PAYLOAD};
pub use options::SigningOptions;
pub use presign::{MAX_PRESIGN_EXPIRY, presign_url};
pub use signer::SigV4Signer;
pub use signing::{ALGORITHM, SigningOutput, SigningScope, amz_date, sign};
