//! `DescribeTags` and `DescribeTargetGroupAttributes` answers: key-value lists.

use cloud_aws_auth::query::response_root;
use cloud_core::Result;

use super::{members, result};

/// Key-value pairs, in the order the answer gave them.
pub type Pairs = Vec<(String, String)>;

/// The tags of each resource of a `DescribeTags` answer: `(arn, [(key, value)])`.
pub fn describe_tags(body: &[u8]) -> Result<Vec<(String, Pairs)>> {
    let root = response_root(body, "DescribeTags")?;
    let result = result(&root, "DescribeTags")?;
    members(result, "TagDescriptions")
        .map(|d| {
            let arn = d.require_value("ResourceArn")?.to_string();
            let tags = members(d, "Tags")
                .map(|t| {
                    Ok((
                        t.require_value("Key")?.to_string(),
                        t.child_value("Value").unwrap_or_default().to_string(),
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((arn, tags))
        })
        .collect()
}

/// The `(key, value)` attributes of a `DescribeTargetGroupAttributes` answer.
pub fn target_group_attributes(body: &[u8]) -> Result<Pairs> {
    let root = response_root(body, "DescribeTargetGroupAttributes")?;
    let result = result(&root, "DescribeTargetGroupAttributes")?;
    members(result, "Attributes")
        .map(|a| {
            Ok((
                a.require_value("Key")?.to_string(),
                a.child_value("Value").unwrap_or_default().to_string(),
            ))
        })
        .collect()
}
