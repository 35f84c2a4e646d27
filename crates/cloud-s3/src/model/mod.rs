//! Parsers for S3's answers: XML documents (listings, multipart results, batch delete
//! results) and object headers. Public so the fuzz target can reach them; every parser
//! returns `MalformedResponse` for what it cannot read and never panics.

mod buckets;
mod headers;
mod objects;
mod results;
mod uploads;

#[cfg(test)]
mod robustness;

use chrono::{DateTime, Utc};
use cloud_core::http::StatusCode;
use cloud_core::http::header::HeaderMap;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

pub use buckets::{BucketPage, buckets};
pub use headers::{META_PREFIX, content_range_total, object_meta};
pub use objects::{ObjectPage, objects};
pub use results::{DeleteFailure, copied, delete_failures};
pub use uploads::{PendingUpload, UploadsPage, completed, upload_id, uploads};

/// Parses a document whose root must be `expected`. An `<Error>` root (S3 sends some
/// errors with status 200) becomes that error; any other root is malformed.
pub(crate) fn document<'a>(body: &'a [u8], expected: &str) -> Result<Element<'a>> {
    let root = Element::parse(body)?;
    if root.name == "Error" {
        return Err(crate::errors::from_document(
            StatusCode::OK,
            &HeaderMap::new(),
            &root,
        ));
    }
    if root.name != expected {
        return Err(Error::malformed(format!(
            "expected a <{expected}> document, got <{}>",
            root.name
        )));
    }
    Ok(root)
}

/// An ISO 8601 timestamp (`2009-10-12T17:50:30.000Z`); `None` when absent or not one.
pub(crate) fn timestamp(text: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text?.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
}

/// An entity tag without its quotes.
pub(crate) fn etag(text: &str) -> String {
    text.trim().trim_matches('"').to_string()
}

/// A required, non-negative integer child.
pub(crate) fn require_u64(el: &Element<'_>, name: &str) -> Result<u64> {
    let text = el.require_value(name)?;
    text.parse().map_err(|_| {
        Error::malformed(format!(
            "<{}> has a <{name}> that is not a size: {:?}",
            el.name,
            text.chars().take(40).collect::<String>()
        ))
    })
}

/// Whether a `true`/`false` child says true.
pub(crate) fn flag(el: &Element<'_>, name: &str) -> Result<bool> {
    match el.child_value(name) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(Error::malformed(format!(
            "<{name}> is neither true nor false: {:?}",
            v.chars().take(20).collect::<String>()
        ))),
    }
}
