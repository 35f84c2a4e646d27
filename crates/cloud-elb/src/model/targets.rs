//! `DescribeTargetHealth` answers.

use cloud_aws_auth::query::response_root;
use cloud_core::Result;
use cloud_core::xml::Element;

use super::{members, require_number, result, text};

/// One registered target and what its health checks say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetHealthRecord {
    /// `Target/Id`: an instance id or an address.
    pub id: String,
    /// `Target/Port`.
    pub port: u16,
    /// `Target/AvailabilityZone`, when given.
    pub zone: Option<String>,
    /// `TargetHealth/State`: `initial`, `healthy`, `unhealthy`, `unused`, `draining`, …
    pub state: String,
    /// `TargetHealth/Reason`, when there is one (`Target.NotRegistered`, …).
    pub reason: Option<String>,
}

/// The targets of a `DescribeTargetHealth` answer (the call has no paging).
pub fn describe_target_health(body: &[u8]) -> Result<Vec<TargetHealthRecord>> {
    let root = response_root(body, "DescribeTargetHealth")?;
    let result = result(&root, "DescribeTargetHealth")?;
    members(result, "TargetHealthDescriptions")
        .map(target)
        .collect()
}

fn target(el: &Element<'_>) -> Result<TargetHealthRecord> {
    let target = el.require("Target")?;
    let health = el.child("TargetHealth");
    Ok(TargetHealthRecord {
        id: target.require_value("Id")?.to_string(),
        port: require_number(target, "Port")?,
        zone: text(target, "AvailabilityZone"),
        state: health
            .and_then(|h| h.child_value("State"))
            .unwrap_or("unknown")
            .to_string(),
        reason: health.and_then(|h| text(h, "Reason")),
    })
}
