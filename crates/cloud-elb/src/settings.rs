//! The driver's options from `ProviderConfig.options` (or their environment variables):
//! where balancers go (subnets, security groups, scheme), the certificate of HTTPS and
//! TLS listeners, the EC2 endpoint the driver asks about subnets and instances, and the
//! listing page size.

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{Error, ProviderConfig, Result};
use url::Url;

use crate::client::DEFAULT_PAGE_SIZE;

/// The tag key `lb create` puts on the target group it makes, with the balancer's name as
/// the value; `lb destroy` deletes exactly the target groups carrying it.
pub const CREATED_BY_TAG: &str = "libcloud:balancer";

/// What a balancer's target group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    /// EC2 instances, by instance id (members attached by node).
    Instance,
    /// Addresses (members attached by address).
    Ip,
}

impl TargetType {
    /// The `TargetType` word of the API.
    pub fn api_word(self) -> &'static str {
        match self {
            TargetType::Instance => "instance",
            TargetType::Ip => "ip",
        }
    }

    /// The target type of an API word; `None` for `lambda`, `alb` and other words.
    pub fn from_api_word(word: &str) -> Option<Self> {
        match word {
            "instance" => Some(TargetType::Instance),
            "ip" => Some(TargetType::Ip),
            _ => None,
        }
    }
}

/// What the driver's options say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The subnets of new balancers; empty for the default VPC's, one per zone.
    pub(crate) subnets: Vec<String>,
    /// The security groups of new application load balancers; empty for the VPC's
    /// default group.
    pub(crate) security_groups: Vec<String>,
    /// `internet-facing` or `internal`; `None` for the API's default (internet-facing).
    pub(crate) scheme: Option<String>,
    /// The certificate ARN of HTTPS and TLS listeners.
    pub(crate) certificate_arn: Option<String>,
    /// Where the driver's EC2 calls go, when not where the credential chain's
    /// environment and region say.
    pub(crate) ec2_endpoint: Option<Url>,
    /// Items per page of the `Describe*` calls.
    pub(crate) page_size: u32,
}

/// The subnets of new balancers.
const SUBNETS: OptionSpec = OptionSpec::new(
    "subnets",
    OptionKind::List,
    "subnet ids of new balancers (default: the default VPC's default subnet of every zone)",
)
.env(&["LIBCLOUD_ELB_SUBNETS"]);

/// The security groups of new application load balancers.
const SECURITY_GROUPS: OptionSpec = OptionSpec::new(
    "security_groups",
    OptionKind::List,
    "security group ids of new application load balancers (default: the VPC's default)",
)
.env(&["LIBCLOUD_ELB_SECURITY_GROUPS"]);

/// Whether new balancers face the internet.
const SCHEME: OptionSpec = OptionSpec::new(
    "scheme",
    OptionKind::Choice {
        choices: &["internet-facing", "internal"],
    },
    "whether new balancers get public addresses (internet-facing) or private ones (internal)",
)
.default_value("internet-facing")
.env(&["LIBCLOUD_ELB_SCHEME"]);

/// The certificate of HTTPS and TLS listeners.
const CERTIFICATE_ARN: OptionSpec = OptionSpec::new(
    "certificate_arn",
    OptionKind::Text,
    "ACM or IAM certificate ARN of new HTTPS and TLS listeners",
)
.env(&["LIBCLOUD_ELB_CERTIFICATE_ARN"]);

/// Where EC2 calls go.
const EC2_ENDPOINT: OptionSpec = OptionSpec::new(
    "ec2_endpoint",
    OptionKind::Text,
    "EC2 endpoint URL for the subnet and instance look-ups \
     (default: AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, else the region's)",
)
.env(&["LIBCLOUD_ELB_EC2_ENDPOINT"]);

/// Items per page of the listings.
const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 1, max: 400 },
    "load balancers and target groups per page of the Describe calls",
)
.default_value("400")
.env(&["LIBCLOUD_ELB_PAGE_SIZE"]);

/// The options the driver reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[
    SUBNETS,
    SECURITY_GROUPS,
    SCHEME,
    CERTIFICATE_ARN,
    EC2_ENDPOINT,
    PAGE_SIZE,
];

impl Settings {
    /// Reads every option; a bad one is an `InvalidInput` error naming it.
    pub(crate) fn from_config(config: &ProviderConfig) -> Result<Self> {
        let id = crate::PROVIDER_ID;
        let ec2_endpoint = match config.option_text(id, &EC2_ENDPOINT)? {
            Some(text) => Some(Url::parse(&text).map_err(|e| {
                Error::invalid_input(format!("option ec2_endpoint {text:?} is not a URL: {e}"))
            })?),
            None => None,
        };
        Ok(Settings {
            subnets: config.option_list(id, &SUBNETS)?.unwrap_or_default(),
            security_groups: config
                .option_list(id, &SECURITY_GROUPS)?
                .unwrap_or_default(),
            scheme: config.option_text(id, &SCHEME)?,
            certificate_arn: config.option_text(id, &CERTIFICATE_ARN)?,
            ec2_endpoint,
            page_size: config
                .option_number(id, &PAGE_SIZE)?
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(DEFAULT_PAGE_SIZE),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::{ErrorKind, MapEnv};

    use super::*;

    fn config(options: &[(&str, &str)], env: MapEnv) -> ProviderConfig {
        ProviderConfig {
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            env: Arc::new(env),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_options_and_environment() {
        let s = Settings::from_config(&config(&[], MapEnv::default())).unwrap();
        assert!(s.subnets.is_empty() && s.security_groups.is_empty());
        assert_eq!(s.page_size, 400);
        assert_eq!(s.ec2_endpoint, None);
        let s = Settings::from_config(&config(
            &[("subnets", "subnet-a, subnet-b"), ("scheme", "internal")],
            MapEnv::from([
                ("LIBCLOUD_ELB_EC2_ENDPOINT", "http://127.0.0.1:5000"),
                ("LIBCLOUD_ELB_PAGE_SIZE", "2"),
            ]),
        ))
        .unwrap();
        assert_eq!(s.subnets, ["subnet-a", "subnet-b"]);
        assert_eq!(s.scheme.as_deref(), Some("internal"));
        assert_eq!(s.page_size, 2);
        assert_eq!(s.ec2_endpoint.unwrap().as_str(), "http://127.0.0.1:5000/");
    }

    #[test]
    fn bad_values_name_the_option() {
        for (name, value) in [
            ("page_size", "0"),
            ("page_size", "401"),
            ("scheme", "public"),
            ("ec2_endpoint", "not a url"),
        ] {
            let err =
                Settings::from_config(&config(&[(name, value)], MapEnv::default())).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}={value}");
            assert!(err.message().contains(name), "{err}");
        }
    }

    #[test]
    fn target_type_words() {
        assert_eq!(TargetType::from_api_word("ip"), Some(TargetType::Ip));
        assert_eq!(TargetType::from_api_word("lambda"), None);
        assert_eq!(TargetType::Instance.api_word(), "instance");
    }
}
