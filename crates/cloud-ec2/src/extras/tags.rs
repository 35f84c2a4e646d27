//! Tags on any EC2 resource.

use std::collections::BTreeMap;

use cloud_core::{Error, Result};

use crate::Ec2Compute;
use crate::client::query;
use crate::ops::validate::{self, id, local};

fn resources(ids: &[&str], operation: &str) -> Result<Vec<String>> {
    if ids.is_empty() {
        return Err(local(
            Error::invalid_input("name at least one resource id"),
            operation,
        ));
    }
    ids.iter()
        .map(|r| id("resource id", r, operation).map(str::to_string))
        .collect()
}

impl Ec2Compute {
    /// Adds (or overwrites) tags on instances, volumes, snapshots, images, …
    pub async fn create_tags(
        &self,
        resource_ids: &[&str],
        tags: &BTreeMap<String, String>,
    ) -> Result<()> {
        const OP: &str = "create_tags";
        let ids = resources(resource_ids, OP)?;
        if tags.is_empty() {
            return Err(local(Error::invalid_input("name at least one tag"), OP));
        }
        validate::tags(tags).map_err(|e| local(e, OP))?;
        let query = query("CreateTags")
            .list("ResourceId", ids)
            .tags(tags.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))));
        self.api.action(query).await
    }

    /// Removes the tags with these keys, whatever their values.
    pub async fn delete_tags(&self, resource_ids: &[&str], keys: &[&str]) -> Result<()> {
        const OP: &str = "delete_tags";
        let ids = resources(resource_ids, OP)?;
        if keys.is_empty() {
            return Err(local(Error::invalid_input("name at least one tag key"), OP));
        }
        for k in keys {
            id("tag key", k, OP)?;
        }
        let query = query("DeleteTags")
            .list("ResourceId", ids)
            .tags(keys.iter().map(|k| (*k, None)));
        self.api.action(query).await
    }
}
