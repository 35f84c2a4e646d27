//! Instances (`DescribeInstances`, `RunInstances`) as nodes.

use cloud_core::Result;
use cloud_core::compute::{Extra, Node};
use cloud_core::xml::Element;
use serde_json::{Value, json};

use super::{copy_bool, copy_text, items, optional_items, tags, time};
use crate::state::node_state;

/// Instance fields copied into `extra` as text.
pub(super) const TEXT_FIELDS: &[(&str, &str)] = &[
    ("keyName", "key_name"),
    ("privateDnsName", "private_dns_name"),
    ("dnsName", "public_dns_name"),
    ("vpcId", "vpc_id"),
    ("subnetId", "subnet_id"),
    ("architecture", "architecture"),
    ("platform", "platform"),
    ("rootDeviceType", "root_device_type"),
    ("rootDeviceName", "root_device_name"),
    ("hypervisor", "hypervisor"),
    ("virtualizationType", "virtualization_type"),
    ("instanceLifecycle", "instance_lifecycle"),
    ("clientToken", "client_token"),
    ("amiLaunchIndex", "launch_index"),
    ("reason", "state_transition_reason"),
];

/// Instance fields copied into `extra` as booleans.
pub(super) const BOOL_FIELDS: &[(&str, &str)] = &[
    ("ebsOptimized", "ebs_optimized"),
    ("sourceDestCheck", "source_dest_check"),
];

/// A `DescribeInstances` page: every instance of every reservation. The reference the
/// streaming parser (`instance_stream`) is tested against.
#[cfg(test)]
pub(crate) fn instances_root(root: &Element<'_>) -> Result<cloud_core::paginate::Page<Node>> {
    let mut nodes = Vec::new();
    for reservation in items(root, "reservationSet")? {
        nodes.extend(reservation_nodes(reservation)?);
    }
    Ok(cloud_core::paginate::Page {
        items: nodes,
        next: super::next_token(root),
    })
}

/// The instances of one reservation (a `reservationSet` item, or a `RunInstances`
/// answer, which has the same shape).
pub(crate) fn reservation_nodes(reservation: &Element<'_>) -> Result<Vec<Node>> {
    let reservation_id = reservation.child_value("reservationId");
    let owner_id = reservation.child_value("ownerId");
    items(reservation, "instancesSet")?
        .map(|item| {
            let mut node = node(item)?;
            if let Some(id) = reservation_id {
                node.extra.insert("reservation_id".into(), json!(id));
            }
            if let Some(owner) = owner_id {
                node.extra.insert("owner_id".into(), json!(owner));
            }
            Ok(node)
        })
        .collect()
}

/// One instance item.
pub(crate) fn node(item: &Element<'_>) -> Result<Node> {
    let id = item.require_value("instanceId")?.to_string();
    let state_el = item.require("instanceState")?;
    let state_name = state_el.require_value("name")?;
    let tags = tags(item);
    let name = tags.get("Name").cloned().unwrap_or_else(|| id.clone());

    let mut public_ips = Vec::new();
    let mut private_ips = Vec::new();
    push_unique(&mut public_ips, item.child_value("ipAddress"));
    push_unique(&mut private_ips, item.child_value("privateIpAddress"));
    for nic in optional_items(item, "networkInterfaceSet") {
        push_unique(
            &mut public_ips,
            nic.path(&["association", "publicIp"])
                .map(|e| e.text.trim())
                .filter(|t| !t.is_empty()),
        );
        push_unique(&mut private_ips, nic.child_value("privateIpAddress"));
        for addr in optional_items(nic, "privateIpAddressesSet") {
            push_unique(&mut private_ips, addr.child_value("privateIpAddress"));
        }
    }

    let mut extra = Extra::new();
    copy_text(&mut extra, item, TEXT_FIELDS);
    copy_bool(&mut extra, item, BOOL_FIELDS);
    if let Some(code) = state_el.child_value("code") {
        extra.insert("state_code".into(), json!(code));
    }
    let groups: Vec<Value> = optional_items(item, "groupSet")
        .filter_map(|g| {
            let id = g.child_value("groupId")?;
            Some(json!({"id": id, "name": g.child_value("groupName")}))
        })
        .collect();
    if !groups.is_empty() {
        extra.insert("security_groups".into(), Value::Array(groups));
    }
    let devices: Vec<Value> = optional_items(item, "blockDeviceMapping")
        .filter_map(|d| {
            let name = d.child_value("deviceName")?;
            let volume = d.path(&["ebs", "volumeId"]).map(|v| v.text.trim());
            Some(json!({"device_name": name, "volume_id": volume}))
        })
        .collect();
    if !devices.is_empty() {
        extra.insert("block_devices".into(), Value::Array(devices));
    }
    if let Some(arn) = item.path(&["iamInstanceProfile", "arn"]) {
        extra.insert("iam_instance_profile".into(), json!(arn.text.trim()));
    }

    Ok(Node {
        name,
        state: node_state(state_name),
        public_ips,
        private_ips,
        size: item.child_value("instanceType").map(str::to_string),
        image: item.child_value("imageId").map(str::to_string),
        location: item
            .path(&["placement", "availabilityZone"])
            .map(|e| e.text.trim().to_string())
            .filter(|z| !z.is_empty()),
        created_at: time(item, "launchTime"),
        tags,
        extra,
        id,
        operation: None,
    })
}

/// Adds `value` to `list` unless it is absent or already there.
pub(super) fn push_unique(list: &mut Vec<String>, value: Option<&str>) {
    if let Some(v) = value
        && !list.iter().any(|x| x == v)
    {
        list.push(v.to_string());
    }
}
