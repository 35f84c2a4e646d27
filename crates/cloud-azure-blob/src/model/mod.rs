//! The Blob service's wire formats and their parsing: container and blob listings
//! (XML), blob properties (headers), error documents, user delegation keys and block
//! lists. Every parser takes arbitrary bytes: garbage or a truncated document is a
//! `MalformedResponse` error, never a panic.

mod blobs;
mod containers;
mod delegation;
mod error_doc;
mod headers;

pub use blobs::{BlobItem, BlobsPage, blobs_page, block_list_xml};
pub use containers::{ContainersPage, container_of_headers, containers_page};
pub use delegation::{key_info_xml, user_delegation_key};
pub use error_doc::error_document;
pub use headers::{
    copy_status, crc64_of_header, md5_of_header, meta_of_headers, metadata_headers, total_size,
};

use chrono::{DateTime, Utc};

/// An RFC 1123 date (`Sun, 06 Dec 2026 18:00:00 GMT`), as the service writes them.
pub(crate) fn http_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}
