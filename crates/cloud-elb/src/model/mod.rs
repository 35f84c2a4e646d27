//! Parsers of Elastic Load Balancing's (and the few EC2) answers the driver reads.
//!
//! Every answer is read with the bounded XML reader of `cloud_core::xml`, by local
//! element name. The root must be `<{Action}Response>` holding `<{Action}Result>` (EC2's
//! answers have no `Result` wrapper); anything else, and a document that is malformed,
//! truncated or lacks a required field, is a `MalformedResponse`. None of these functions
//! panics. They take the answer's bytes, so they can be fuzzed and used on stored answers.

mod balancers;
mod ec2;
mod listeners;
mod tags;
mod target_groups;
mod targets;

use cloud_aws_auth::query::response_root;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

pub use balancers::{LoadBalancerRecord, created_load_balancer, describe_load_balancers};
pub use ec2::{InstanceRecord, SubnetRecord, default_vpc, describe_instances, describe_subnets};
pub use listeners::{ListenerRecord, created_listener, describe_listeners};
pub use tags::{Pairs, describe_tags, target_group_attributes};
pub use target_groups::{
    HealthCheckRecord, TargetGroupRecord, created_target_group, describe_target_groups,
};
pub use targets::{TargetHealthRecord, describe_target_health};

/// One page of a `Describe*` listing: its items and the `NextMarker`, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The marker of the next page.
    pub next_marker: Option<String>,
}

/// The `<{action}Result>` of an answer to `action`, its root checked.
pub(crate) fn result<'d>(root: &'d Element<'d>, action: &str) -> Result<&'d Element<'d>> {
    root.require(&format!("{action}Result"))
}

/// A listing answer to `action`: each `<member>` of the result's `<{list}>` read with
/// `item`, and the result's `<NextMarker>`. A missing list is an empty page.
pub(crate) fn listing<T>(
    body: &[u8],
    action: &str,
    list: &str,
    item: fn(&Element<'_>) -> Result<T>,
) -> Result<Listing<T>> {
    let root = response_root(body, action)?;
    let result = result(&root, action)?;
    Ok(Listing {
        items: members(result, list)
            .map(item)
            .collect::<Result<Vec<T>>>()?,
        next_marker: result.child_value("NextMarker").map(str::to_string),
    })
}

/// The `<member>` children of `parent`'s `<{list}>`; none when it has no such list.
pub(crate) fn members<'s, 'd>(
    parent: &'s Element<'d>,
    list: &'s str,
) -> impl Iterator<Item = &'s Element<'d>> + 's {
    parent
        .child(list)
        .into_iter()
        .flat_map(|l| l.children_named("member"))
}

/// The values of the `<member>` children of `parent`'s `<{list}>`.
pub(crate) fn member_values(parent: &Element<'_>, list: &str) -> Vec<String> {
    members(parent, list)
        .map(|m| m.text.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// A required number child.
pub(crate) fn require_number<T: std::str::FromStr>(el: &Element<'_>, name: &str) -> Result<T> {
    let text = el.require_value(name)?;
    text.parse().map_err(|_| {
        Error::malformed(format!(
            "<{}> has <{name}> {:?}, not a number in range",
            el.name,
            text.chars().take(40).collect::<String>()
        ))
    })
}

/// An optional number child; present but not a number is malformed.
pub(crate) fn optional_number<T: std::str::FromStr>(
    el: &Element<'_>,
    name: &str,
) -> Result<Option<T>> {
    match el.child_value(name) {
        Some(_) => require_number(el, name).map(Some),
        None => Ok(None),
    }
}

/// An optional text child, owned.
pub(crate) fn text(el: &Element<'_>, name: &str) -> Option<String> {
    el.child_value(name).map(str::to_string)
}

#[cfg(test)]
mod tests;
