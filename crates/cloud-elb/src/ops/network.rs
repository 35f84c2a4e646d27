//! What the driver asks EC2: where new balancers go (the configured subnets, else the
//! default VPC's default subnet of every zone), and which member nodes exist and at
//! which private address.

use std::collections::BTreeMap;

use cloud_aws_auth::query::Filter;
use cloud_core::{Error, ErrorKind, Result};
use futures::TryStreamExt;

use crate::client::Api;
use crate::model::{self, InstanceRecord, SubnetRecord};

/// The subnets a new balancer goes in, and their VPC (where its target group lives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// One subnet per zone.
    pub(crate) subnets: Vec<String>,
    /// The VPC all of them are in.
    pub(crate) vpc_id: String,
}

/// Where a new balancer goes: the `configured` subnets (which must exist and share one
/// VPC), else the default VPC's default subnet of each zone.
pub(crate) async fn placement(api: &Api, configured: &[String]) -> Result<Placement> {
    if !configured.is_empty() {
        let query = Api::ec2_query("DescribeSubnets").list("SubnetId", configured.iter().cloned());
        let found: Vec<SubnetRecord> = api
            .ec2_listing(query, model::describe_subnets)
            .try_collect()
            .await?;
        return configured_placement(configured, &found);
    }
    let query = Api::ec2_query("DescribeVpcs").filters(&[Filter::new("isDefault", ["true"])]);
    let vpc = api.ec2(query, model::default_vpc).await?.ok_or_else(|| {
        Error::new(
            ErrorKind::Configuration,
            "the region has no default VPC: name the subnets of new balancers with the \
             subnets option (LIBCLOUD_ELB_SUBNETS)",
        )
    })?;
    let query = Api::ec2_query("DescribeSubnets").filters(&[Filter::new("vpc-id", [vpc.clone()])]);
    let subnets: Vec<SubnetRecord> = api
        .ec2_listing(query, model::describe_subnets)
        .try_collect()
        .await?;
    default_placement(vpc, &subnets)
}

/// The configured subnets checked against what EC2 found.
fn configured_placement(configured: &[String], found: &[SubnetRecord]) -> Result<Placement> {
    let mut vpc: Option<&str> = None;
    for id in configured {
        let subnet = found.iter().find(|s| &s.id == id).ok_or_else(|| {
            Error::not_found(format!(
                "subnet {id} (from the subnets option) does not exist"
            ))
        })?;
        match vpc {
            Some(v) if v != subnet.vpc_id => {
                return Err(Error::invalid_input(format!(
                    "the subnets option names subnets of two VPCs ({v} and {})",
                    subnet.vpc_id
                )));
            }
            _ => vpc = Some(&subnet.vpc_id),
        }
    }
    Ok(Placement {
        subnets: configured.to_vec(),
        vpc_id: vpc.unwrap_or_default().to_string(),
    })
}

/// The default subnet of each zone of `vpc` (or its first subnet in a zone without a
/// default one), ordered by zone.
fn default_placement(vpc: String, subnets: &[SubnetRecord]) -> Result<Placement> {
    let mut by_zone: BTreeMap<&str, &SubnetRecord> = BTreeMap::new();
    for subnet in subnets.iter().filter(|s| s.vpc_id == vpc) {
        let better = by_zone
            .get(subnet.zone.as_str())
            .is_none_or(|held| subnet.default_for_zone && !held.default_for_zone);
        if better {
            by_zone.insert(&subnet.zone, subnet);
        }
    }
    if by_zone.is_empty() {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!(
                "the default VPC {vpc} has no subnets: name the subnets of new balancers with \
                 the subnets option (LIBCLOUD_ELB_SUBNETS)"
            ),
        ));
    }
    Ok(Placement {
        subnets: by_zone.values().map(|s| s.id.clone()).collect(),
        vpc_id: vpc,
    })
}

/// The instances `ids` name, in that order: `NotFound` naming the first that does not
/// exist (or is terminated).
pub(crate) async fn existing_nodes(api: &Api, ids: &[String]) -> Result<Vec<InstanceRecord>> {
    let found = instances(api, ids).await?;
    ids.iter()
        .map(|id| {
            found
                .iter()
                .find(|i| &i.id == id && i.state != "terminated")
                .cloned()
                .ok_or_else(|| {
                    Error::not_found(format!("node {id} does not exist"))
                        .with_provider(crate::PROVIDER_ID)
                })
        })
        .collect()
}

/// The instances among `ids` that exist. Asked with an `instance-id` filter, which
/// (unlike `InstanceId.N`) leaves unknown and malformed ids out instead of failing.
pub(crate) async fn instances(api: &Api, ids: &[String]) -> Result<Vec<InstanceRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = Api::ec2_query("DescribeInstances")
        .filters(&[Filter::new("instance-id", ids.iter().cloned())]);
    api.ec2_listing(query, model::describe_instances)
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(id: &str, vpc: &str, zone: &str, default: bool) -> SubnetRecord {
        SubnetRecord {
            id: id.into(),
            vpc_id: vpc.into(),
            zone: zone.into(),
            default_for_zone: default,
        }
    }

    #[test]
    fn one_default_subnet_per_zone() {
        let subnets = [
            subnet("subnet-b2", "vpc-1", "us-east-1b", false),
            subnet("subnet-b1", "vpc-1", "us-east-1b", true),
            subnet("subnet-a1", "vpc-1", "us-east-1a", true),
            subnet("subnet-x", "vpc-2", "us-east-1c", true),
        ];
        let p = default_placement("vpc-1".into(), &subnets).unwrap();
        assert_eq!(p.subnets, ["subnet-a1", "subnet-b1"]);
        assert_eq!(p.vpc_id, "vpc-1");
        let err = default_placement("vpc-9".into(), &subnets).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("subnets option"), "{err}");
    }

    #[test]
    fn configured_subnets_must_exist_in_one_vpc() {
        let found = [
            subnet("subnet-1", "vpc-1", "a", true),
            subnet("subnet-2", "vpc-1", "b", true),
            subnet("subnet-3", "vpc-2", "c", true),
        ];
        let p = configured_placement(&["subnet-2".into(), "subnet-1".into()], &found).unwrap();
        assert_eq!(p.subnets, ["subnet-2", "subnet-1"]);
        assert_eq!(p.vpc_id, "vpc-1");
        let err = configured_placement(&["subnet-9".into()], &found).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let err =
            configured_placement(&["subnet-1".into(), "subnet-3".into()], &found).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
}
