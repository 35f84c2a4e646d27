//! `DescribeTargetGroups` and `CreateTargetGroup` answers.

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::{Listing, listing, member_values, optional_number, text};

/// A target group's health check settings as the API describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheckRecord {
    /// `HealthCheckEnabled` (true when absent).
    pub enabled: bool,
    /// `HealthCheckProtocol`.
    pub protocol: Option<String>,
    /// `HealthCheckPort`: a number, or `traffic-port` for the target's own port.
    pub port: Option<String>,
    /// `HealthCheckPath`.
    pub path: Option<String>,
    /// `HealthCheckIntervalSeconds`.
    pub interval_secs: Option<u32>,
    /// `HealthCheckTimeoutSeconds`.
    pub timeout_secs: Option<u32>,
    /// `HealthyThresholdCount`.
    pub healthy_threshold: Option<u32>,
    /// `UnhealthyThresholdCount`.
    pub unhealthy_threshold: Option<u32>,
}

/// One target group as the API describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroupRecord {
    /// `TargetGroupArn`.
    pub arn: String,
    /// `TargetGroupName`.
    pub name: String,
    /// `Protocol`.
    pub protocol: Option<String>,
    /// `Port`.
    pub port: Option<u16>,
    /// `VpcId`.
    pub vpc_id: Option<String>,
    /// `TargetType`: `instance`, `ip`, `lambda` or `alb` (`instance` when absent).
    pub target_type: String,
    /// The health check.
    pub health_check: HealthCheckRecord,
    /// `LoadBalancerArns`.
    pub load_balancer_arns: Vec<String>,
}

/// One page of `DescribeTargetGroups`.
pub fn describe_target_groups(body: &[u8]) -> Result<Listing<TargetGroupRecord>> {
    listing(body, "DescribeTargetGroups", "TargetGroups", target_group)
}

/// The target group a `CreateTargetGroup` answer describes.
pub fn created_target_group(body: &[u8]) -> Result<TargetGroupRecord> {
    let page = listing(body, "CreateTargetGroup", "TargetGroups", target_group)?;
    page.items
        .into_iter()
        .next()
        .ok_or_else(|| Error::malformed("CreateTargetGroup answered no target group"))
}

fn target_group(el: &Element<'_>) -> Result<TargetGroupRecord> {
    Ok(TargetGroupRecord {
        arn: el.require_value("TargetGroupArn")?.to_string(),
        name: el.require_value("TargetGroupName")?.to_string(),
        protocol: text(el, "Protocol"),
        port: optional_number(el, "Port")?,
        vpc_id: text(el, "VpcId"),
        target_type: text(el, "TargetType").unwrap_or_else(|| "instance".into()),
        health_check: HealthCheckRecord {
            enabled: el
                .child_value("HealthCheckEnabled")
                .is_none_or(|v| v.eq_ignore_ascii_case("true")),
            protocol: text(el, "HealthCheckProtocol"),
            port: text(el, "HealthCheckPort"),
            path: text(el, "HealthCheckPath"),
            interval_secs: optional_number(el, "HealthCheckIntervalSeconds")?,
            timeout_secs: optional_number(el, "HealthCheckTimeoutSeconds")?,
            healthy_threshold: optional_number(el, "HealthyThresholdCount")?,
            unhealthy_threshold: optional_number(el, "UnhealthyThresholdCount")?,
        },
        load_balancer_arns: member_values(el, "LoadBalancerArns"),
    })
}
