//! Elastic IP addresses.

use cloud_core::Result;
use serde::{Deserialize, Serialize};

use crate::Ec2Compute;
use crate::client::query;
use crate::ops::validate::id;

/// An allocated Elastic IP address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElasticIp {
    /// The allocation id (`eipalloc-…`), which the other address calls take.
    pub allocation_id: String,
    /// The public address.
    pub public_ip: String,
}

impl Ec2Compute {
    /// Allocates an Elastic IP address for use in a VPC.
    pub async fn allocate_address(&self) -> Result<ElasticIp> {
        let root = self
            .api
            .call(query("AllocateAddress").param("Domain", "vpc"))
            .await?;
        let read = |name: &str| {
            root.require_value(name)
                .map(str::to_string)
                .map_err(|e| e.in_context(self.api.provider(), "AllocateAddress"))
        };
        Ok(ElasticIp {
            allocation_id: read("allocationId")?,
            public_ip: read("publicIp")?,
        })
    }

    /// Associates an allocated address with an instance; returns the association id
    /// (`eipassoc-…`) that [`Ec2Compute::disassociate_address`] takes.
    pub async fn associate_address(
        &self,
        allocation_id: &str,
        instance_id: &str,
    ) -> Result<String> {
        const OP: &str = "associate_address";
        let allocation_id = id("allocation id", allocation_id, OP)?;
        let instance_id = id("instance id", instance_id, OP)?;
        let root = self
            .api
            .call(
                query("AssociateAddress")
                    .param("AllocationId", allocation_id)
                    .param("InstanceId", instance_id),
            )
            .await?;
        root.require_value("associationId")
            .map(str::to_string)
            .map_err(|e| e.in_context(self.api.provider(), "AssociateAddress"))
    }

    /// Removes an association, leaving the address allocated.
    pub async fn disassociate_address(&self, association_id: &str) -> Result<()> {
        let association_id = id("association id", association_id, "disassociate_address")?;
        self.api
            .action(query("DisassociateAddress").param("AssociationId", association_id))
            .await
    }

    /// Gives an allocated address back.
    pub async fn release_address(&self, allocation_id: &str) -> Result<()> {
        let allocation_id = id("allocation id", allocation_id, "release_address")?;
        self.api
            .action(query("ReleaseAddress").param("AllocationId", allocation_id))
            .await
    }
}
