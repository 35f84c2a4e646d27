//! Parsers of EC2's successful answers into the portable types.
//!
//! Every answer is read with the bounded XML reader of `cloud_core::xml` (or, for
//! `DescribeInstances`, an event loop with the same checks and limits), by local
//! element name, so namespace variants (AWS's `…/2016-11-15/`, moto's `…/2016-11-15`)
//! and prefixes make no difference. The root must be `<{Action}Response>`: anything
//! else (an S3 bucket list from a misrouted request, an HTML page) is a
//! `MalformedResponse`, as are malformed, truncated or impossible documents. None of
//! these functions panics.
//!
//! The functions taking `&[u8]` are public so the same code can be benchmarked, fuzzed
//! and used on stored answers.

mod catalog;
mod instance;
mod instance_extra;
mod instance_page;
mod instance_parts;
mod instance_reader;
mod instance_record;
mod instance_stream;
mod node_view;
mod spans;
mod storage;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloud_core::compute::{Image, KeyPair, Location, Node, Size, Snapshot, Volume};
use cloud_core::paginate::Page;
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

pub(crate) use catalog::{availability_zones_root, images_root, instance_types_root, regions_root};
#[cfg(test)]
pub(crate) use instance::instances_root;
pub(crate) use instance::reservation_nodes;
pub(crate) use storage::{
    console_output_root, key_pair_item, key_pairs_root, snapshot_item, snapshots_root, volume_item,
    volumes_root,
};

pub use catalog::region_country;
pub use instance_page::{InstanceJson, InstancePage};

pub use cloud_aws_auth::query::response_root;

/// One page of `DescribeInstances`: every instance of every reservation, and the
/// `nextToken`. The nodes are built while the document is read, without a tree.
pub fn describe_instances_page(body: &[u8]) -> Result<Page<Node>> {
    instance_stream::describe_instances(body)
}

/// One page of `DescribeInstances` like [`describe_instances_page`], checked whole:
/// its nodes are made one by one as they are taken.
pub fn describe_instances_lazily(body: &[u8]) -> Result<InstancePage> {
    instance_stream::describe_instances_lazily(body)
}

/// The instances a `RunInstances` answer reports (one reservation).
pub fn run_instances(body: &[u8]) -> Result<Vec<Node>> {
    reservation_nodes(&response_root(body, "RunInstances")?)
}

/// One page of `DescribeInstanceTypes`.
pub fn describe_instance_types_page(body: &[u8]) -> Result<Page<Size>> {
    instance_types_root(&response_root(body, "DescribeInstanceTypes")?)
}

/// One page of `DescribeImages`.
pub fn describe_images_page(body: &[u8]) -> Result<Page<Image>> {
    images_root(&response_root(body, "DescribeImages")?)
}

/// The zones of `DescribeAvailabilityZones`.
pub fn describe_availability_zones(body: &[u8]) -> Result<Vec<Location>> {
    availability_zones_root(&response_root(body, "DescribeAvailabilityZones")?)
}

/// The regions of `DescribeRegions`.
pub fn describe_regions(body: &[u8]) -> Result<Vec<Location>> {
    regions_root(&response_root(body, "DescribeRegions")?)
}

/// The key pairs of `DescribeKeyPairs`.
pub fn describe_key_pairs(body: &[u8]) -> Result<Vec<KeyPair>> {
    key_pairs_root(&response_root(body, "DescribeKeyPairs")?)
}

/// The key pair of a `CreateKeyPair` answer, private key included.
pub fn create_key_pair(body: &[u8]) -> Result<KeyPair> {
    key_pair_item(&response_root(body, "CreateKeyPair")?)
}

/// One page of `DescribeVolumes`.
pub fn describe_volumes_page(body: &[u8]) -> Result<Page<Volume>> {
    volumes_root(&response_root(body, "DescribeVolumes")?)
}

/// The volume of a `CreateVolume` answer.
pub fn create_volume(body: &[u8]) -> Result<Volume> {
    volume_item(&response_root(body, "CreateVolume")?)
}

/// One page of `DescribeSnapshots`.
pub fn describe_snapshots_page(body: &[u8]) -> Result<Page<Snapshot>> {
    snapshots_root(&response_root(body, "DescribeSnapshots")?)
}

/// The snapshot of a `CreateSnapshot` answer.
pub fn create_snapshot(body: &[u8]) -> Result<Snapshot> {
    snapshot_item(&response_root(body, "CreateSnapshot")?)
}

/// The decoded console text of a `GetConsoleOutput` answer (empty when there is none
/// yet).
pub fn console_output(body: &[u8]) -> Result<String> {
    console_output_root(&response_root(body, "GetConsoleOutput")?)
}

/// The `<item>`s of the set `name` under `parent`; the set must be there (an empty
/// one is fine), since a missing set would silently read as an empty list.
pub(crate) fn items<'a, 'd>(
    parent: &'a Element<'d>,
    name: &str,
) -> Result<impl Iterator<Item = &'a Element<'d>> + 'a> {
    Ok(parent.require(name)?.children_named("item"))
}

/// The `<item>`s of an optional set.
pub(crate) fn optional_items<'a, 'd>(
    parent: &'a Element<'d>,
    name: &str,
) -> impl Iterator<Item = &'a Element<'d>> + 'a {
    parent
        .child(name)
        .into_iter()
        .flat_map(|set| set.children_named("item"))
}

/// The page's `nextToken`, when there is one.
pub(crate) fn next_token(root: &Element<'_>) -> Option<String> {
    root.child_value("nextToken").map(str::to_string)
}

/// The `tagSet` as a map.
pub(crate) fn tags(el: &Element<'_>) -> BTreeMap<String, String> {
    optional_items(el, "tagSet")
        .filter_map(|t| {
            let key = t.child_text("key")?;
            Some((
                key.to_string(),
                t.child_text("value").unwrap_or("").to_string(),
            ))
        })
        .collect()
}

/// A timestamp child (`2024-03-01T10:00:00.000Z`); `None` when absent or unreadable.
pub(crate) fn time(el: &Element<'_>, name: &str) -> Option<DateTime<Utc>> {
    el.child_value(name).and_then(timestamp)
}

/// A timestamp (`2024-03-01T10:00:00.000Z`); `None` when unreadable.
pub(crate) fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A required whole-number child.
pub(crate) fn number(el: &Element<'_>, name: &str) -> Result<u64> {
    let text = el.require_value(name)?;
    text.parse::<u64>().map_err(|_| {
        let shown: String = text.chars().take(40).collect();
        Error::malformed(format!("<{name}> is not a whole number: {shown:?}"))
    })
}

/// An optional whole-number child; present but unreadable is an error.
pub(crate) fn optional_number(el: &Element<'_>, name: &str) -> Result<Option<u64>> {
    match el.child_value(name) {
        None => Ok(None),
        Some(_) => number(el, name).map(Some),
    }
}

/// Text children copied into `extra` under snake-case names, where present.
pub(crate) fn copy_text(
    extra: &mut BTreeMap<String, serde_json::Value>,
    el: &Element<'_>,
    fields: &[(&str, &str)],
) {
    for (xml, key) in fields {
        if let Some(v) = el.child_value(xml) {
            extra.insert((*key).to_string(), serde_json::Value::String(v.to_string()));
        }
    }
}

/// Boolean children copied into `extra`, where present and readable.
pub(crate) fn copy_bool(
    extra: &mut BTreeMap<String, serde_json::Value>,
    el: &Element<'_>,
    fields: &[(&str, &str)],
) {
    for (xml, key) in fields {
        match el.child_value(xml) {
            Some("true") => extra.insert((*key).to_string(), true.into()),
            Some("false") => extra.insert((*key).to_string(), false.into()),
            _ => None,
        };
    }
}

#[cfg(test)]
mod sample_page;
#[cfg(test)]
mod stream_tests;
#[cfg(test)]
mod tests;
