//! Which URL to send an AWS service's requests to.

use cloud_core::http::Endpoint;
use cloud_core::{Error, ErrorKind, Result};
use url::Url;

use crate::AwsContext;

/// The service's endpoint: the caller's, else `AWS_ENDPOINT_URL_<SERVICE>`, else
/// `AWS_ENDPOINT_URL`, else `https://<service>.<region>.amazonaws.com` (`.com.cn` in
/// the China regions). Only the caller's URL and the variables may be plain `http://`.
///
/// `service` is the endpoint prefix (`ec2`, `s3`); the variable suffix is the same
/// name upper-cased with `-` turned into `_` (`AWS_ENDPOINT_URL_EC2`). For services
/// whose variable name differs from their host prefix, use [`resolve_endpoint_with`].
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` makes the variables ignored.
pub fn resolve_endpoint(
    ctx: &AwsContext,
    service: &str,
    region: &str,
    explicit: Option<&Url>,
) -> Result<Endpoint> {
    let suffix = service.to_ascii_uppercase().replace('-', "_");
    match overridden(ctx, &suffix, explicit)? {
        Some(endpoint) => Ok(endpoint),
        None => Endpoint::provider_default(&default_endpoint(service, region)?),
    }
}

/// Like [`resolve_endpoint`], with the variable suffix (`ROUTE_53`,
/// `ELASTIC_LOAD_BALANCING_V2`) and the default URL given.
pub fn resolve_endpoint_with(
    ctx: &AwsContext,
    env_suffix: &str,
    explicit: Option<&Url>,
    default_url: &str,
) -> Result<Endpoint> {
    match overridden(ctx, env_suffix, explicit)? {
        Some(endpoint) => Ok(endpoint),
        None => Endpoint::provider_default(default_url),
    }
}

/// The caller's URL, else the variables' one, as an overridden endpoint.
fn overridden(ctx: &AwsContext, suffix: &str, explicit: Option<&Url>) -> Result<Option<Endpoint>> {
    let url = match explicit {
        Some(url) => Some(url.clone()),
        None => env_override(ctx, suffix)?,
    };
    url.map(Endpoint::overridden).transpose()
}

/// `https://<service>.<region>.amazonaws.com`, or `.amazonaws.com.cn` for `cn-*`.
pub fn default_endpoint(service: &str, region: &str) -> Result<String> {
    let label_ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !label_ok(service) || !label_ok(region) {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!("cannot build an endpoint from service {service:?} and region {region:?}"),
        ));
    }
    let domain = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    Ok(format!("https://{service}.{region}.{domain}"))
}

fn env_override(ctx: &AwsContext, suffix: &str) -> Result<Option<Url>> {
    if ctx
        .var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return Ok(None);
    }
    for name in [
        format!("AWS_ENDPOINT_URL_{suffix}"),
        "AWS_ENDPOINT_URL".to_string(),
    ] {
        if let Some(raw) = ctx.var(&name) {
            let url = Url::parse(raw.trim()).map_err(|e| {
                Error::new(
                    ErrorKind::Configuration,
                    format!("{name} {raw:?} is not a URL: {e}"),
                )
            })?;
            return Ok(Some(url));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;
    use cloud_core::MapEnv;
    use std::sync::Arc;

    fn ctx(vars: MapEnv) -> AwsContext {
        AwsContext::new(Arc::new(vars), Arc::new(MemoryFiles::default()), None)
    }

    #[test]
    fn defaults_are_https_per_region() {
        let e = resolve_endpoint(&ctx(MapEnv::default()), "ec2", "eu-west-1", None).unwrap();
        assert_eq!(e.url().as_str(), "https://ec2.eu-west-1.amazonaws.com/");
        assert!(!e.is_overridden());
        assert_eq!(
            default_endpoint("s3", "cn-north-1").unwrap(),
            "https://s3.cn-north-1.amazonaws.com.cn"
        );
        assert!(default_endpoint("ec2", "us east").is_err());
        assert!(resolve_endpoint(&ctx(MapEnv::default()), "ec2", "", None).is_err());
    }

    #[test]
    fn overrides_in_order_and_may_be_http() {
        let vars = MapEnv::from([
            ("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:5000"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:6000"),
        ]);
        let e = resolve_endpoint(&ctx(vars.clone()), "ec2", "us-east-1", None).unwrap();
        assert_eq!(e.url().as_str(), "http://127.0.0.1:5000/");
        assert!(e.is_overridden());
        let e = resolve_endpoint(&ctx(vars.clone()), "s3", "us-east-1", None).unwrap();
        assert_eq!(e.url().as_str(), "http://127.0.0.1:6000/");
        let mine = Url::parse("http://127.0.0.1:7000/").unwrap();
        let e = resolve_endpoint(&ctx(vars.clone()), "ec2", "", Some(&mine)).unwrap();
        assert_eq!(e.url(), &mine);

        let mut ignored = vars;
        ignored.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        let e = resolve_endpoint(&ctx(ignored), "ec2", "us-east-1", None).unwrap();
        assert_eq!(e.url().as_str(), "https://ec2.us-east-1.amazonaws.com/");
    }

    #[test]
    fn bad_override_names_its_variable() {
        let vars = MapEnv::from([("AWS_ENDPOINT_URL_ROUTE_53", "not a url")]);
        let err = resolve_endpoint_with(
            &ctx(vars),
            "ROUTE_53",
            None,
            "https://route53.amazonaws.com",
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("AWS_ENDPOINT_URL_ROUTE_53"), "{err}");
        let vars = MapEnv::from([("AWS_ENDPOINT_URL", "ftp://127.0.0.1/")]);
        assert!(resolve_endpoint(&ctx(vars), "ec2", "us-east-1", None).is_err());
    }
}
