//! Which AWS region to use.

use cloud_core::{Error, ErrorKind, Result};

use crate::AwsContext;
use crate::profile::{ProfileChoice, SharedFiles};

/// The region: the caller's, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the
/// `region` setting of the profile (`profile`, else `AWS_PROFILE`, else `default`) in
/// the shared files. `Ok(None)` when none of them says.
///
/// The files are read only when the earlier sources are silent; then a malformed file
/// or a chosen profile that does not exist is an error. A region must look like one
/// (`[a-z0-9-]+`), since it becomes part of host names.
pub fn resolve_region(
    ctx: &AwsContext,
    explicit: Option<&str>,
    profile: Option<&str>,
) -> Result<Option<String>> {
    let from_caller_or_env = [
        (
            "the caller",
            explicit.filter(|r| !r.is_empty()).map(str::to_string),
        ),
        ("AWS_REGION", ctx.var("AWS_REGION")),
        ("AWS_DEFAULT_REGION", ctx.var("AWS_DEFAULT_REGION")),
    ];
    for (source, region) in from_caller_or_env {
        if let Some(region) = region {
            return validate(region, source).map(Some);
        }
    }
    let choice = ProfileChoice::select(ctx, profile);
    let files = SharedFiles::load(ctx)?;
    match files
        .selected(&choice)?
        .and_then(|p| p.get("region").filter(|r| !r.is_empty()).cloned())
    {
        Some(region) => validate(region, &format!("AWS profile {:?}", choice.name)).map(Some),
        None => Ok(None),
    }
}

fn validate(region: String, source: &str) -> Result<String> {
    let region = region.trim().to_string();
    let ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(region)
    } else {
        Err(Error::new(
            ErrorKind::Configuration,
            format!("region {region:?} from {source} is not a valid AWS region name"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;
    use cloud_core::MapEnv;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn ctx(vars: MapEnv) -> AwsContext {
        let mut files = MemoryFiles::default();
        files.insert(
            "/h/.aws/config",
            "[default]\nregion = eu-west-3\n[profile x]\nregion = BAD region\n",
        );
        AwsContext::new(Arc::new(vars), Arc::new(files), Some(PathBuf::from("/h")))
    }

    #[test]
    fn order_of_sources() {
        let env = MapEnv::from([
            ("AWS_REGION", "us-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(
            resolve_region(&ctx(env.clone()), Some("ca-central-1"), None)
                .unwrap()
                .as_deref(),
            Some("ca-central-1")
        );
        assert_eq!(
            resolve_region(&ctx(env), None, None).unwrap().as_deref(),
            Some("us-west-1")
        );
        let env = MapEnv::from([("AWS_DEFAULT_REGION", "us-west-2")]);
        assert_eq!(
            resolve_region(&ctx(env), None, None).unwrap().as_deref(),
            Some("us-west-2")
        );
        assert_eq!(
            resolve_region(&ctx(MapEnv::default()), None, None)
                .unwrap()
                .as_deref(),
            Some("eu-west-3")
        );
    }

    #[test]
    fn bad_names_and_missing_profiles() {
        let err = resolve_region(&ctx(MapEnv::default()), None, Some("x")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("BAD region"), "{err}");
        let err = resolve_region(&ctx(MapEnv::default()), Some("us east"), None).unwrap_err();
        assert!(err.message().contains("the caller"), "{err}");
        assert!(resolve_region(&ctx(MapEnv::default()), None, Some("nope")).is_err());
        let none = AwsContext::new(
            Arc::new(MapEnv::default()),
            Arc::new(MemoryFiles::default()),
            None,
        );
        assert_eq!(resolve_region(&none, None, None).unwrap(), None);
    }
}
