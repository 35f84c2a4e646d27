//! Where Route 53 requests go and which region signs them. Route 53 is a global service:
//! one endpoint per AWS partition, signed for that partition's first region.

use cloud_aws_auth::{AwsContext, resolve_endpoint_with, resolve_region};
use cloud_core::http::Endpoint;
use cloud_core::{ProviderConfig, Result};

/// The endpoint of the commercial partition.
pub const DEFAULT_ENDPOINT: &str = "https://route53.amazonaws.com";

/// The region Route 53 requests of the commercial partition are signed for.
pub const SIGNING_REGION: &str = "us-east-1";

/// The suffix of the endpoint variable: `AWS_ENDPOINT_URL_ROUTE_53`.
const ENV_SUFFIX: &str = "ROUTE_53";

/// The endpoint and signing region of one partition.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Where requests go.
    pub(crate) endpoint: Endpoint,
    /// The region SigV4 signs for.
    pub(crate) signing_region: &'static str,
}

/// The partition's default endpoint and signing region for a configured region: China
/// (`cn-*`) and GovCloud (`us-gov-*`) have their own, every other region uses the global
/// endpoint and `us-east-1`.
fn partition(region: Option<&str>) -> (&'static str, &'static str) {
    match region {
        Some(r) if r.starts_with("cn-") => ("https://route53.amazonaws.com.cn", "cn-northwest-1"),
        Some(r) if r.starts_with("us-gov-") => {
            ("https://route53.us-gov.amazonaws.com", "us-gov-west-1")
        }
        _ => (DEFAULT_ENDPOINT, SIGNING_REGION),
    }
}

/// The target `config` names: `config.endpoint`, else `AWS_ENDPOINT_URL_ROUTE_53`, else
/// `AWS_ENDPOINT_URL`, else the partition's endpoint (the region, from the configuration,
/// the environment or the profile, only picks the partition).
pub(crate) fn resolve(ctx: &AwsContext, config: &ProviderConfig) -> Result<Target> {
    let region = resolve_region(ctx, config.region.as_deref(), config.profile.as_deref())?;
    let (default_url, signing_region) = partition(region.as_deref());
    let endpoint = resolve_endpoint_with(ctx, ENV_SUFFIX, config.endpoint.as_ref(), default_url)?;
    Ok(Target {
        endpoint,
        signing_region,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::MapEnv;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> MapEnv {
        let mut env = MapEnv::default();
        for (name, value) in pairs {
            env.set(*name, *value);
        }
        env
    }

    fn target(region: Option<&str>, env: &[(&str, &str)]) -> Target {
        let config = ProviderConfig {
            region: region.map(str::to_string),
            env: Arc::new(vars(env)),
            ..Default::default()
        };
        resolve(&AwsContext::from_config(&config), &config).unwrap()
    }

    #[test]
    fn global_endpoint_signed_for_us_east_1() {
        for region in [None, Some("eu-west-1"), Some("ap-southeast-2")] {
            let t = target(region, &[]);
            assert_eq!(t.endpoint.url().as_str(), "https://route53.amazonaws.com/");
            assert!(!t.endpoint.is_overridden());
            assert_eq!(t.signing_region, "us-east-1");
        }
        let t = target(Some("cn-north-1"), &[]);
        assert_eq!(
            t.endpoint.url().as_str(),
            "https://route53.amazonaws.com.cn/"
        );
        assert_eq!(t.signing_region, "cn-northwest-1");
        let t = target(Some("us-gov-east-1"), &[]);
        assert_eq!(t.signing_region, "us-gov-west-1");
    }

    #[test]
    fn overrides_in_order() {
        let both = [
            ("AWS_ENDPOINT_URL_ROUTE_53", "http://127.0.0.1:5301"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:5302"),
        ];
        let t = target(None, &both);
        assert_eq!(t.endpoint.url().as_str(), "http://127.0.0.1:5301/");
        assert!(t.endpoint.is_overridden());
        assert_eq!(t.signing_region, "us-east-1");
        let t = target(None, &both[1..]);
        assert_eq!(t.endpoint.url().as_str(), "http://127.0.0.1:5302/");
        let config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:5303/".parse().unwrap()),
            env: Arc::new(vars(&both)),
            ..Default::default()
        };
        let t = resolve(&AwsContext::from_config(&config), &config).unwrap();
        assert_eq!(t.endpoint.url().as_str(), "http://127.0.0.1:5303/");
    }
}
