//! AWS Query API parameters: `Action`, `Version`, and the 1-based list, filter and tag
//! encodings (`InstanceId.1`, `Subnets.member.1`, `Filter.1.Name`,
//! `TagSpecification.1.Tag.1.Key`).

use std::collections::BTreeMap;

/// One filter of a `Describe*` call: a name and the values any of which may match
/// (`*` and `?` are wildcards on AWS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Filter name (`name`, `architecture`, `tag:Name`, …).
    pub name: String,
    /// Accepted values.
    pub values: Vec<String>,
}

impl Filter {
    /// A filter matching any of `values`.
    pub fn new(
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Filter {
            name: name.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// The form parameters of one Query API request (EC2, Elastic Load Balancing, …), in
/// insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    action: String,
    params: Vec<(String, String)>,
}

impl Query {
    /// A request for `action` (`DescribeInstances`, `CreateLoadBalancer`, …) of the API
    /// version `version` (`2016-11-15` for EC2, `2015-12-01` for ELBv2).
    pub fn new(action: &str, version: &str) -> Self {
        Query {
            action: action.to_string(),
            params: vec![
                ("Action".into(), action.into()),
                ("Version".into(), version.into()),
            ],
        }
    }

    /// The action name.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Every parameter, `Action` and `Version` first.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The value of a parameter, when set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Adds one parameter.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(key, value);
        self
    }

    /// Adds one parameter when `value` is `Some`.
    pub fn opt(self, key: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.param(key, v),
            None => self,
        }
    }

    /// Adds a parameter in place.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.params.push((key.into(), value.into()));
    }

    /// Adds `prefix.1`, `prefix.2`, … for each value.
    pub fn list<I, S>(mut self, prefix: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for (i, v) in values.into_iter().enumerate() {
            self.push(format!("{prefix}.{}", i + 1), v);
        }
        self
    }

    /// Adds `prefix.member.1`, `prefix.member.2`, … for each value (the list encoding of
    /// Elastic Load Balancing and other newer Query APIs).
    pub fn members<I, S>(self, prefix: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.list(&format!("{prefix}.member"), values)
    }

    /// Adds `Filter.N.Name` and `Filter.N.Value.M` for each filter.
    pub fn filters(mut self, filters: &[Filter]) -> Self {
        for (i, f) in filters.iter().enumerate() {
            let n = i + 1;
            self.push(format!("Filter.{n}.Name"), f.name.clone());
            for (j, v) in f.values.iter().enumerate() {
                self.push(format!("Filter.{n}.Value.{}", j + 1), v.clone());
            }
        }
        self
    }

    /// Adds a `TagSpecification` for `resource_type` with these tags (nothing when
    /// there are none). `index` is the specification's 1-based number.
    pub fn tag_specification(
        mut self,
        index: usize,
        resource_type: &str,
        tags: &BTreeMap<String, String>,
    ) -> Self {
        if tags.is_empty() {
            return self;
        }
        let p = format!("TagSpecification.{index}");
        self.push(format!("{p}.ResourceType"), resource_type);
        for (i, (k, v)) in tags.iter().enumerate() {
            self.push(format!("{p}.Tag.{}.Key", i + 1), k.clone());
            self.push(format!("{p}.Tag.{}.Value", i + 1), v.clone());
        }
        self
    }

    /// Adds `Tag.N.Key` and `Tag.N.Value` (CreateTags); a `None` value sends the key
    /// alone (DeleteTags: any value).
    pub fn tags<'a>(mut self, tags: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        for (i, (k, v)) in tags.into_iter().enumerate() {
            self.push(format!("Tag.{}.Key", i + 1), k);
            if let Some(v) = v {
                self.push(format!("Tag.{}.Value", i + 1), v);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_filters_and_tags_are_one_based() {
        let mut tags = BTreeMap::new();
        tags.insert("Name".to_string(), "web-1".to_string());
        tags.insert("env".to_string(), "test".to_string());
        let q = Query::new("RunInstances", "2016-11-15")
            .list("SecurityGroupId", ["sg-1", "sg-2"])
            .filters(&[Filter::new("name", ["a*", "b*"])])
            .tag_specification(1, "instance", &tags)
            .opt("SubnetId", None::<String>)
            .opt("KeyName", Some("k"));
        let got: Vec<String> = q.params().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            got,
            [
                "Action=RunInstances",
                "Version=2016-11-15",
                "SecurityGroupId.1=sg-1",
                "SecurityGroupId.2=sg-2",
                "Filter.1.Name=name",
                "Filter.1.Value.1=a*",
                "Filter.1.Value.2=b*",
                "TagSpecification.1.ResourceType=instance",
                "TagSpecification.1.Tag.1.Key=Name",
                "TagSpecification.1.Tag.1.Value=web-1",
                "TagSpecification.1.Tag.2.Key=env",
                "TagSpecification.1.Tag.2.Value=test",
                "KeyName=k",
            ]
        );
        assert_eq!(q.action(), "RunInstances");
        assert_eq!(q.get("KeyName"), Some("k"));
        assert_eq!(q.get("SubnetId"), None);
    }

    #[test]
    fn member_lists_are_one_based_too() {
        let q = Query::new("RegisterTargets", "2015-12-01")
            .members("Subnets", ["subnet-1", "subnet-2"]);
        let got: Vec<String> = q.params().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            got,
            [
                "Action=RegisterTargets",
                "Version=2015-12-01",
                "Subnets.member.1=subnet-1",
                "Subnets.member.2=subnet-2",
            ]
        );
    }

    #[test]
    fn empty_tags_add_nothing_and_delete_tags_may_omit_values() {
        let q = Query::new("X", "2016-11-15").tag_specification(1, "volume", &BTreeMap::new());
        assert_eq!(q.params().len(), 2);
        let q = Query::new("DeleteTags", "2016-11-15").tags([("a", None), ("b", Some("v"))]);
        let keys: Vec<&str> = q.params().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["Action", "Version", "Tag.1.Key", "Tag.2.Key", "Tag.2.Value"]
        );
    }
}
