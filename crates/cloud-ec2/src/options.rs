//! EC2's own options for new nodes and volumes, passed in the portable requests'
//! `options` maps in JSON form.

use cloud_core::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Query;

/// EC2-specific options of a new node, in
/// [`CreateNode::options`](cloud_core::compute::CreateNode) as JSON (see
/// [`Ec2CreateOptions::into_options`]). Unknown option names are an `InvalidInput`
/// error, so a typo never goes unnoticed.
///
/// ```
/// use cloud_ec2::{BlockDevice, Ec2CreateOptions};
/// let options = Ec2CreateOptions {
///     security_group_ids: vec!["sg-0123456789abcdef0".into()],
///     subnet_id: Some("subnet-0123456789abcdef0".into()),
///     block_devices: vec![BlockDevice {
///         device_name: "/dev/xvda".into(),
///         volume_size_gib: Some(30),
///         volume_type: Some("gp3".into()),
///         ..Default::default()
///     }],
///     ..Default::default()
/// };
/// let mut request = cloud_core::compute::CreateNode::new("web-1", "t3.micro", "ami-0abcdef1234567890");
/// request.options = options.into_options();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ec2CreateOptions {
    /// Security group ids (`SecurityGroupId.N`).
    pub security_group_ids: Vec<String>,
    /// Security group names, for the default VPC (`SecurityGroup.N`).
    pub security_groups: Vec<String>,
    /// The subnet to launch into.
    pub subnet_id: Option<String>,
    /// A fixed private IPv4 address in the subnet.
    pub private_ip_address: Option<String>,
    /// Block device mappings (root volume size, extra volumes, …).
    pub block_devices: Vec<BlockDevice>,
    /// An instance profile, by name or ARN (`arn:…`).
    pub iam_instance_profile: Option<String>,
    /// EBS-optimised instance.
    pub ebs_optimized: Option<bool>,
    /// Detailed CloudWatch monitoring.
    pub monitoring: Option<bool>,
    /// Refuse `TerminateInstances` until this is turned off again.
    pub disable_api_termination: Option<bool>,
    /// `stop` or `terminate` when the OS shuts down.
    pub instance_initiated_shutdown_behavior: Option<String>,
    /// A placement group.
    pub placement_group: Option<String>,
    /// `default`, `dedicated` or `host`.
    pub tenancy: Option<String>,
    /// `required` for IMDSv2 only, `optional` to allow IMDSv1.
    pub metadata_http_tokens: Option<String>,
    /// Ask AWS whether the call would succeed without launching anything. The answer
    /// is an error whose code is `DryRunOperation` when it would (test it with
    /// [`is_dry_run_success`](crate::is_dry_run_success)), and the error that the real
    /// call would meet otherwise.
    pub dry_run: bool,
}

/// One block device mapping of a new node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlockDevice {
    /// Device name (`/dev/xvda`, `/dev/sdf`).
    pub device_name: String,
    /// EBS volume size in GiB.
    pub volume_size_gib: Option<u64>,
    /// EBS volume type (`gp3`, `gp2`, `io2`, `st1`, …).
    pub volume_type: Option<String>,
    /// Provisioned IOPS.
    pub iops: Option<u32>,
    /// Throughput in MiB/s (`gp3`).
    pub throughput: Option<u32>,
    /// Delete the volume with the instance.
    pub delete_on_termination: Option<bool>,
    /// Encrypt the volume.
    pub encrypted: Option<bool>,
    /// KMS key for the encryption.
    pub kms_key_id: Option<String>,
    /// Create the volume from this snapshot.
    pub snapshot_id: Option<String>,
    /// An instance store volume (`ephemeral0`).
    pub virtual_name: Option<String>,
    /// Suppress the AMI's mapping of this device.
    pub no_device: bool,
}

/// EC2-specific options of a new volume, in
/// [`CreateVolume::options`](cloud_core::compute::CreateVolume) as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ec2VolumeOptions {
    /// Volume type (`gp3`, `gp2`, `io2`, …; AWS picks `gp2` when unset).
    pub volume_type: Option<String>,
    /// Provisioned IOPS.
    pub iops: Option<u32>,
    /// Throughput in MiB/s (`gp3`).
    pub throughput: Option<u32>,
    /// Encrypt the volume.
    pub encrypted: Option<bool>,
    /// KMS key for the encryption.
    pub kms_key_id: Option<String>,
}

/// Reads an options map into `T`; `InvalidInput` naming the bad option.
fn from_map<T: DeserializeOwned>(options: &Map<String, Value>) -> Result<T> {
    serde_json::from_value(Value::Object(options.clone()))
        .map_err(|e| Error::invalid_input(format!("options: {e}")))
}

/// `T` in the JSON form the options maps hold.
fn to_map<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn flag(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

fn check_choice(what: &str, value: &Option<String>, allowed: &[&str]) -> Result<()> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => Err(Error::invalid_input(format!(
            "options: {what} must be one of {}, got {v:?}",
            allowed.join(", ")
        ))),
        _ => Ok(()),
    }
}

impl Ec2CreateOptions {
    /// Reads the options of a create request; `InvalidInput` naming the bad option.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        let parsed: Self = from_map(options)?;
        parsed.validate()?;
        Ok(parsed)
    }

    /// The options in the JSON form `CreateNode::options` holds.
    pub fn into_options(self) -> Map<String, Value> {
        to_map(&self)
    }

    fn validate(&self) -> Result<()> {
        check_choice(
            "instance_initiated_shutdown_behavior",
            &self.instance_initiated_shutdown_behavior,
            &["stop", "terminate"],
        )?;
        check_choice("tenancy", &self.tenancy, &["default", "dedicated", "host"])?;
        check_choice(
            "metadata_http_tokens",
            &self.metadata_http_tokens,
            &["required", "optional"],
        )?;
        for d in &self.block_devices {
            if d.device_name.trim().is_empty() {
                return Err(Error::invalid_input(
                    "options: every block device needs a device_name",
                ));
            }
        }
        Ok(())
    }

    /// Adds these options to a `RunInstances` query.
    pub(crate) fn apply(&self, mut q: Query) -> Query {
        q = q
            .list("SecurityGroupId", self.security_group_ids.iter().cloned())
            .list("SecurityGroup", self.security_groups.iter().cloned())
            .opt("SubnetId", self.subnet_id.clone())
            .opt("PrivateIpAddress", self.private_ip_address.clone())
            .opt("EbsOptimized", self.ebs_optimized.map(flag))
            .opt("Monitoring.Enabled", self.monitoring.map(flag))
            .opt(
                "DisableApiTermination",
                self.disable_api_termination.map(flag),
            )
            .opt(
                "InstanceInitiatedShutdownBehavior",
                self.instance_initiated_shutdown_behavior.clone(),
            )
            .opt("Placement.GroupName", self.placement_group.clone())
            .opt("Placement.Tenancy", self.tenancy.clone())
            .opt(
                "MetadataOptions.HttpTokens",
                self.metadata_http_tokens.clone(),
            );
        if let Some(profile) = &self.iam_instance_profile {
            let key = if profile.starts_with("arn:") {
                "IamInstanceProfile.Arn"
            } else {
                "IamInstanceProfile.Name"
            };
            q = q.param(key, profile.clone());
        }
        for (i, d) in self.block_devices.iter().enumerate() {
            q = d.apply(q, i + 1);
        }
        if self.dry_run {
            q = q.param("DryRun", "true");
        }
        q
    }
}

impl BlockDevice {
    fn apply(&self, q: Query, n: usize) -> Query {
        let p = format!("BlockDeviceMapping.{n}");
        let e = format!("{p}.Ebs");
        let q = q
            .param(format!("{p}.DeviceName"), self.device_name.clone())
            .opt(&format!("{p}.VirtualName"), self.virtual_name.clone())
            .opt(
                &format!("{e}.VolumeSize"),
                self.volume_size_gib.map(|s| s.to_string()),
            )
            .opt(&format!("{e}.VolumeType"), self.volume_type.clone())
            .opt(&format!("{e}.Iops"), self.iops.map(|n| n.to_string()))
            .opt(
                &format!("{e}.Throughput"),
                self.throughput.map(|n| n.to_string()),
            )
            .opt(
                &format!("{e}.DeleteOnTermination"),
                self.delete_on_termination.map(flag),
            )
            .opt(&format!("{e}.Encrypted"), self.encrypted.map(flag))
            .opt(&format!("{e}.KmsKeyId"), self.kms_key_id.clone())
            .opt(&format!("{e}.SnapshotId"), self.snapshot_id.clone());
        if self.no_device {
            q.param(format!("{p}.NoDevice"), "")
        } else {
            q
        }
    }
}

impl Ec2VolumeOptions {
    /// Reads the options of a volume request; `InvalidInput` naming the bad option.
    pub fn from_options(options: &Map<String, Value>) -> Result<Self> {
        from_map(options)
    }

    /// The options in the JSON form `CreateVolume::options` holds.
    pub fn into_options(self) -> Map<String, Value> {
        to_map(&self)
    }

    /// Adds these options to a `CreateVolume` query.
    pub(crate) fn apply(&self, q: Query) -> Query {
        q.opt("VolumeType", self.volume_type.clone())
            .opt("Iops", self.iops.map(|n| n.to_string()))
            .opt("Throughput", self.throughput.map(|n| n.to_string()))
            .opt("Encrypted", self.encrypted.map(flag))
            .opt("KmsKeyId", self.kms_key_id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::query;
    use cloud_core::ErrorKind;
    use serde_json::json;

    fn params(q: &Query) -> Vec<String> {
        q.params()
            .iter()
            .skip(2)
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    #[test]
    fn every_option_becomes_a_parameter() {
        let opts = Ec2CreateOptions::from_options(
            json!({
                "security_group_ids": ["sg-1"],
                "security_groups": ["default"],
                "subnet_id": "subnet-1",
                "private_ip_address": "10.0.0.5",
                "iam_instance_profile": "arn:aws:iam::123456789012:instance-profile/web",
                "ebs_optimized": true,
                "monitoring": false,
                "disable_api_termination": true,
                "instance_initiated_shutdown_behavior": "terminate",
                "placement_group": "pg",
                "tenancy": "dedicated",
                "metadata_http_tokens": "required",
                "block_devices": [
                    {"device_name": "/dev/xvda", "volume_size_gib": 30, "volume_type": "gp3",
                     "iops": 3000, "throughput": 125, "delete_on_termination": true,
                     "encrypted": true, "kms_key_id": "k", "snapshot_id": "snap-1"},
                    {"device_name": "/dev/sdb", "virtual_name": "ephemeral0"},
                    {"device_name": "/dev/sdc", "no_device": true}
                ],
                "dry_run": true
            })
            .as_object()
            .unwrap(),
        )
        .unwrap();
        let q = opts.apply(query("RunInstances"));
        assert_eq!(
            params(&q),
            [
                "SecurityGroupId.1=sg-1",
                "SecurityGroup.1=default",
                "SubnetId=subnet-1",
                "PrivateIpAddress=10.0.0.5",
                "EbsOptimized=true",
                "Monitoring.Enabled=false",
                "DisableApiTermination=true",
                "InstanceInitiatedShutdownBehavior=terminate",
                "Placement.GroupName=pg",
                "Placement.Tenancy=dedicated",
                "MetadataOptions.HttpTokens=required",
                "IamInstanceProfile.Arn=arn:aws:iam::123456789012:instance-profile/web",
                "BlockDeviceMapping.1.DeviceName=/dev/xvda",
                "BlockDeviceMapping.1.Ebs.VolumeSize=30",
                "BlockDeviceMapping.1.Ebs.VolumeType=gp3",
                "BlockDeviceMapping.1.Ebs.Iops=3000",
                "BlockDeviceMapping.1.Ebs.Throughput=125",
                "BlockDeviceMapping.1.Ebs.DeleteOnTermination=true",
                "BlockDeviceMapping.1.Ebs.Encrypted=true",
                "BlockDeviceMapping.1.Ebs.KmsKeyId=k",
                "BlockDeviceMapping.1.Ebs.SnapshotId=snap-1",
                "BlockDeviceMapping.2.DeviceName=/dev/sdb",
                "BlockDeviceMapping.2.VirtualName=ephemeral0",
                "BlockDeviceMapping.3.DeviceName=/dev/sdc",
                "BlockDeviceMapping.3.NoDevice=",
                "DryRun=true",
            ]
        );
        let round = Ec2CreateOptions::from_options(&opts.clone().into_options()).unwrap();
        assert_eq!(round, opts);
    }

    #[test]
    fn profile_names_and_empty_options() {
        let opts = Ec2CreateOptions {
            iam_instance_profile: Some("web".into()),
            ..Default::default()
        };
        assert_eq!(
            params(&opts.apply(query("R"))),
            ["IamInstanceProfile.Name=web"]
        );
        assert!(params(&Ec2CreateOptions::default().apply(query("R"))).is_empty());
    }

    #[test]
    fn typos_and_bad_values_are_invalid_input() {
        for bad in [
            json!({"subnet": "x"}),
            json!({"dry_run": "yes"}),
            json!({"tenancy": "shared"}),
            json!({"instance_initiated_shutdown_behavior": "hibernate"}),
            json!({"metadata_http_tokens": "v2"}),
            json!({"block_devices": [{"volume_size_gib": 8}]}),
            json!({"block_devices": [{"device_name": "/dev/xvda", "size": 8}]}),
        ] {
            let err = Ec2CreateOptions::from_options(bad.as_object().unwrap()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
        let err = Ec2VolumeOptions::from_options(json!({"type": "gp3"}).as_object().unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn volume_options_become_parameters() {
        let opts = Ec2VolumeOptions {
            volume_type: Some("io2".into()),
            iops: Some(4000),
            throughput: None,
            encrypted: Some(true),
            kms_key_id: Some("k".into()),
        };
        assert_eq!(
            params(&opts.apply(query("CreateVolume"))),
            [
                "VolumeType=io2",
                "Iops=4000",
                "Encrypted=true",
                "KmsKeyId=k"
            ]
        );
        let round = Ec2VolumeOptions::from_options(&opts.clone().into_options()).unwrap();
        assert_eq!(round, opts);
    }
}
