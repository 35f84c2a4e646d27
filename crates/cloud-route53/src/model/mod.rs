//! Route 53's wire types: reading its XML answers (one function per answer, each
//! checking the document's root), writing its request documents, and turning record
//! sets into portable records. Elements are read by local name, so the documents parse
//! with or without the `https://route53.amazonaws.com/doc/2013-04-01/` namespace.
//!
//! Every parser returns a `MalformedResponse` error for a document it cannot read, never
//! a panic; the `parse_responses` fuzz target feeds them arbitrary bytes.

mod change;
mod record_id;
mod record_sets;
mod records;
pub mod values;
mod write;
mod zones;

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

pub use change::{ChangeInfo, change_resource_record_sets, delete_hosted_zone, get_change};
pub use record_id::RecordKey;
pub use record_sets::{
    AliasTarget, GeoLocation, NextRecord, RecordSetPage, ResourceRecordSet, Routing,
    list_resource_record_sets,
};
pub use records::{record_extra, records};
pub use write::{Change, ChangeAction, change_batch_document, create_hosted_zone_document};
pub use zones::{
    HostedZone, ZoneDetails, ZonePage, create_hosted_zone, get_hosted_zone, list_hosted_zones,
    list_hosted_zones_by_name,
};

/// The namespace of Route 53 documents.
pub const NAMESPACE: &str = "https://route53.amazonaws.com/doc/2013-04-01/";

/// The root of `body`, checked to be `<{name}>`.
pub(crate) fn root<'a>(body: &'a [u8], name: &str) -> Result<Element<'a>> {
    let root = Element::parse(body)?;
    if root.name != name {
        return Err(Error::malformed(format!(
            "expected a <{name}> document, got <{}>",
            root.name
        )));
    }
    Ok(root)
}

/// The trimmed text of an optional child, owned.
pub(crate) fn text(el: &Element<'_>, name: &str) -> Option<String> {
    el.child_value(name).map(str::to_string)
}

/// An optional child read as a number; a value that is not one is malformed.
pub(crate) fn number<T: std::str::FromStr>(el: &Element<'_>, name: &str) -> Result<Option<T>> {
    match el.child_value(name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            Error::malformed(format!("<{name}> of <{}> is not a number: {v:?}", el.name))
        }),
    }
}

/// An optional child read as `true`/`false`; anything else is malformed.
pub(crate) fn flag(el: &Element<'_>, name: &str) -> Result<Option<bool>> {
    match el.child_value(name) {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(Error::malformed(format!(
            "<{name}> of <{}> is not true or false: {v:?}",
            el.name
        ))),
    }
}

/// `<IsTruncated>`: absent is `false`.
pub(crate) fn truncated(root: &Element<'_>) -> Result<bool> {
    Ok(flag(root, "IsTruncated")?.unwrap_or(false))
}

#[cfg(test)]
mod tests;
