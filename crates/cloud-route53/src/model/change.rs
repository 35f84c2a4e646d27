//! Changes: the `<ChangeInfo>` that `ChangeResourceRecordSets`, `GetChange` and
//! `DeleteHostedZone` answer with.

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::{root, text};

/// The prefix Route 53 puts before change ids.
const CHANGE_PREFIX: &str = "/change/";

/// A submitted change and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    /// The change id without the `/change/` prefix (`C2682N5HXP0BZ4`).
    pub id: String,
    /// `PENDING` until every Route 53 name server has the change, then `INSYNC`.
    pub status: String,
    /// When it was submitted (ISO 8601, as Route 53 writes it).
    pub submitted_at: Option<String>,
    /// The batch's comment, if it had one.
    pub comment: Option<String>,
}

/// A change id without the `/change/` prefix.
pub(crate) fn bare_change_id(id: &str) -> &str {
    id.strip_prefix(CHANGE_PREFIX).unwrap_or(id)
}

/// Reads one `<ChangeInfo>`.
pub(crate) fn read_change_info(el: &Element<'_>) -> Result<ChangeInfo> {
    let id = bare_change_id(el.require_value("Id")?).to_string();
    if id.is_empty() {
        return Err(Error::malformed("a change has an empty <Id>"));
    }
    Ok(ChangeInfo {
        id,
        status: el.require_value("Status")?.to_string(),
        submitted_at: text(el, "SubmittedAt"),
        comment: text(el, "Comment"),
    })
}

fn change_answer(body: &[u8], name: &str) -> Result<ChangeInfo> {
    read_change_info(root(body, name)?.require("ChangeInfo")?)
}

/// A `ChangeResourceRecordSetsResponse`.
pub fn change_resource_record_sets(body: &[u8]) -> Result<ChangeInfo> {
    change_answer(body, "ChangeResourceRecordSetsResponse")
}

/// A `GetChangeResponse`.
pub fn get_change(body: &[u8]) -> Result<ChangeInfo> {
    change_answer(body, "GetChangeResponse")
}

/// A `DeleteHostedZoneResponse`.
pub fn delete_hosted_zone(body: &[u8]) -> Result<ChangeInfo> {
    change_answer(body, "DeleteHostedZoneResponse")
}
