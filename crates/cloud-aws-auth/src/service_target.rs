//! Where a driver of one AWS service sends its requests: the region and the endpoint a
//! `ProviderConfig` (or the environment and profile) names.

use cloud_core::http::Endpoint;
use cloud_core::{ProviderConfig, Result};

use crate::{AwsContext, resolve_endpoint, resolve_region};

/// The region used when neither the configuration, the environment nor the AWS profile
/// names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The region and endpoint of one AWS service for a driver's configuration.
#[derive(Debug, Clone)]
pub struct ServiceTarget {
    /// `config.region`, else `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's
    /// `region`, else [`DEFAULT_REGION`].
    pub region: String,
    /// `config.endpoint`, else `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`, else
    /// the service's own endpoint in that region.
    pub endpoint: Endpoint,
}

impl ServiceTarget {
    /// The region and endpoint of `service` (the endpoint prefix: `ec2`, `s3`) for
    /// `config`, reading the environment and shared files through `ctx` (a credential
    /// chain's context, so both read the same profile). A region that does not look
    /// like one, or a bad endpoint, is an error.
    pub fn resolve(ctx: &AwsContext, config: &ProviderConfig, service: &str) -> Result<Self> {
        let region = resolve_region(ctx, config.region.as_deref(), config.profile.as_deref())?
            .unwrap_or_else(|| DEFAULT_REGION.to_string());
        let endpoint = resolve_endpoint(ctx, service, &region, config.endpoint.as_ref())?;
        Ok(ServiceTarget { region, endpoint })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::MapEnv;

    use super::*;

    fn target(region: Option<&str>, env: &[(&str, &str)], service: &str) -> Result<ServiceTarget> {
        let mut vars = MapEnv::default();
        for (name, value) in env {
            vars.set(*name, *value);
        }
        let config = ProviderConfig {
            region: region.map(str::to_string),
            env: Arc::new(vars),
            ..Default::default()
        };
        ServiceTarget::resolve(&AwsContext::from_config(&config), &config, service)
    }

    #[test]
    fn caller_then_environment_then_default() {
        let env = [
            ("AWS_REGION", "eu-west-3"),
            ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9/"),
        ];
        for (region, env, service, want_region, want_url) in [
            (
                None,
                &[][..],
                "ec2",
                DEFAULT_REGION,
                "https://ec2.us-east-1.amazonaws.com/",
            ),
            (None, &env[..], "s3", "eu-west-3", "http://127.0.0.1:9/"),
            (
                Some("ap-southeast-2"),
                &env[..],
                "ec2",
                "ap-southeast-2",
                "https://ec2.ap-southeast-2.amazonaws.com/",
            ),
        ] {
            let t = target(region, env, service).unwrap();
            assert_eq!(
                (t.region.as_str(), t.endpoint.url().as_str()),
                (want_region, want_url)
            );
            assert_eq!(t.endpoint.is_overridden(), want_url.starts_with("http:"));
        }
        assert!(target(Some("not a region"), &[], "ec2").is_err());
    }
}
