//! The EC2 answers the driver reads: the default VPC, its subnets, and instances (to
//! check that a member's node exists and find its private address).

use cloud_aws_auth::query::response_root;
use cloud_core::Result;
use cloud_core::paginate::Page;
use cloud_core::xml::Element;

use super::text;

/// One subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetRecord {
    /// `subnetId`.
    pub id: String,
    /// `vpcId`.
    pub vpc_id: String,
    /// `availabilityZone`.
    pub zone: String,
    /// `defaultForAz`.
    pub default_for_zone: bool,
}

/// One instance, as far as the driver needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRecord {
    /// `instanceId`.
    pub id: String,
    /// `privateIpAddress`, when it has one.
    pub private_ip: Option<String>,
    /// `instanceState/name`.
    pub state: String,
}

/// The `<item>`s of `parent`'s `<{set}>`.
fn items<'s, 'd>(
    parent: &'s Element<'d>,
    set: &'s str,
) -> impl Iterator<Item = &'s Element<'d>> + 's {
    parent
        .child(set)
        .into_iter()
        .flat_map(|s| s.children_named("item"))
}

/// The id of the default VPC in a `DescribeVpcs` answer (asked with the `isDefault`
/// filter); `None` when the region has none.
pub fn default_vpc(body: &[u8]) -> Result<Option<String>> {
    let root = response_root(body, "DescribeVpcs")?;
    for vpc in items(&root, "vpcSet") {
        let default = vpc
            .child_value("isDefault")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if default {
            return Ok(Some(vpc.require_value("vpcId")?.to_string()));
        }
    }
    Ok(None)
}

/// One page of `DescribeSubnets`.
pub fn describe_subnets(body: &[u8]) -> Result<Page<SubnetRecord>> {
    let root = response_root(body, "DescribeSubnets")?;
    let items = items(&root, "subnetSet")
        .map(|s| {
            Ok(SubnetRecord {
                id: s.require_value("subnetId")?.to_string(),
                vpc_id: s.require_value("vpcId")?.to_string(),
                zone: s.require_value("availabilityZone")?.to_string(),
                default_for_zone: s
                    .child_value("defaultForAz")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next: text(&root, "nextToken"),
    })
}

/// One page of `DescribeInstances`: every instance of every reservation.
pub fn describe_instances(body: &[u8]) -> Result<Page<InstanceRecord>> {
    let root = response_root(body, "DescribeInstances")?;
    let mut found = Vec::new();
    for reservation in items(&root, "reservationSet") {
        for instance in items(reservation, "instancesSet") {
            found.push(InstanceRecord {
                id: instance.require_value("instanceId")?.to_string(),
                private_ip: text(instance, "privateIpAddress"),
                state: instance
                    .path(&["instanceState", "name"])
                    .map(|n| n.text.trim().to_string())
                    .unwrap_or_default(),
            });
        }
    }
    Ok(Page {
        items: found,
        next: text(&root, "nextToken"),
    })
}
