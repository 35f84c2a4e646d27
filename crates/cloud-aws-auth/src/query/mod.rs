//! The AWS Query protocol shared by EC2, Elastic Load Balancing and other form-encoded
//! services: [`Query`] parameters, [`QueryClient`] sending them as `POST /` through the
//! pipeline, [`response_root`] checking an answer's root element, and the error documents
//! and codes they share ([`parse_query_error`], [`classify_query_error`]).

mod client;
mod errors;
mod params;

pub use client::{QueryClient, response_root};
pub use errors::{classify_query_error, parse_query_error};
pub use params::{Filter, Query};
