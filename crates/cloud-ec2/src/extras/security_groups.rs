//! Security groups and their ingress rules.

use cloud_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::Ec2Compute;
use crate::client::{Query, query};
use crate::ops::validate::{id, local};

/// One ingress rule: a protocol, a port range and where traffic may come from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub protocol: String,
    /// First port (ICMP: the type; `-1` for all).
    pub from_port: i32,
    /// Last port (ICMP: the code; `-1` for all).
    pub to_port: i32,
    /// IPv4 source ranges (`203.0.113.0/24`).
    pub cidr_ipv4: Vec<String>,
    /// IPv6 source ranges.
    pub cidr_ipv6: Vec<String>,
    /// Security groups whose members may connect.
    pub source_group_ids: Vec<String>,
}

impl IngressRule {
    /// TCP on one port from IPv4 ranges.
    pub fn tcp(port: u16, cidrs: impl IntoIterator<Item = impl Into<String>>) -> Self {
        IngressRule {
            protocol: "tcp".into(),
            from_port: i32::from(port),
            to_port: i32::from(port),
            cidr_ipv4: cidrs.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }

    fn apply(&self, q: Query, operation: &str) -> Result<Query> {
        if self.protocol.trim().is_empty() {
            return Err(local(
                Error::invalid_input("the rule needs a protocol"),
                operation,
            ));
        }
        if self.cidr_ipv4.is_empty()
            && self.cidr_ipv6.is_empty()
            && self.source_group_ids.is_empty()
        {
            return Err(local(
                Error::invalid_input("the rule needs a source: a CIDR range or a security group"),
                operation,
            ));
        }
        let p = "IpPermissions.1";
        let mut q = q
            .param(format!("{p}.IpProtocol"), self.protocol.clone())
            .param(format!("{p}.FromPort"), self.from_port.to_string())
            .param(format!("{p}.ToPort"), self.to_port.to_string());
        for (i, c) in self.cidr_ipv4.iter().enumerate() {
            q = q.param(format!("{p}.IpRanges.{}.CidrIp", i + 1), c.clone());
        }
        for (i, c) in self.cidr_ipv6.iter().enumerate() {
            q = q.param(format!("{p}.Ipv6Ranges.{}.CidrIpv6", i + 1), c.clone());
        }
        for (i, g) in self.source_group_ids.iter().enumerate() {
            q = q.param(format!("{p}.Groups.{}.GroupId", i + 1), g.clone());
        }
        Ok(q)
    }
}

impl Ec2Compute {
    /// Creates a security group (in `vpc_id`, else the default VPC); returns its id.
    pub async fn create_security_group(
        &self,
        name: &str,
        description: &str,
        vpc_id: Option<&str>,
    ) -> Result<String> {
        const OP: &str = "create_security_group";
        let name = id("group name", name, OP)?;
        let description = id("description", description, OP)?;
        let query = query("CreateSecurityGroup")
            .param("GroupName", name)
            .param("GroupDescription", description)
            .opt("VpcId", vpc_id.map(|v| id("VPC id", v, OP)).transpose()?);
        let root = self.api.call(query).await?;
        root.require_value("groupId")
            .map(str::to_string)
            .map_err(|e| e.in_context(self.api.provider(), "CreateSecurityGroup"))
    }

    /// Allows traffic matching `rule` into the group.
    pub async fn authorize_ingress(&self, group_id: &str, rule: &IngressRule) -> Result<()> {
        const OP: &str = "authorize_ingress";
        let group_id = id("group id", group_id, OP)?;
        let query = rule.apply(
            query("AuthorizeSecurityGroupIngress").param("GroupId", group_id),
            OP,
        )?;
        self.api.action(query).await
    }

    /// Removes a rule added by [`Ec2Compute::authorize_ingress`].
    pub async fn revoke_ingress(&self, group_id: &str, rule: &IngressRule) -> Result<()> {
        const OP: &str = "revoke_ingress";
        let group_id = id("group id", group_id, OP)?;
        let query = rule.apply(
            query("RevokeSecurityGroupIngress").param("GroupId", group_id),
            OP,
        )?;
        self.api.action(query).await
    }

    /// Deletes a security group (a `Conflict` while instances still use it).
    pub async fn delete_security_group(&self, group_id: &str) -> Result<()> {
        let group_id = id("group id", group_id, "delete_security_group")?;
        self.api
            .action(query("DeleteSecurityGroup").param("GroupId", group_id))
            .await
    }
}
