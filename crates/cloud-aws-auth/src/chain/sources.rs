//! The chain's local sources: environment variables and the shared files.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use cloud_core::{Error, ErrorKind, Result};

use super::assume_role::{RoleRequest, assume_role, assume_role_with_web_identity, env_region};
use super::{Lookup, imds, process};
use crate::profile::{ProfileChoice, SharedFiles};
use crate::{AwsContext, Credentials};

/// Settings that mean a profile gets credentials some way this crate does not support.
const UNSUPPORTED_PROFILE_KEYS: &[&str] = &["sso_session", "sso_start_url"];

/// Most `source_profile` steps followed from the profile asked for.
const MAX_ROLE_HOPS: usize = 5;

/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`.
pub(super) fn from_env(ctx: &AwsContext) -> Result<Lookup> {
    let id = ctx.var("AWS_ACCESS_KEY_ID");
    let secret = ctx.var("AWS_SECRET_ACCESS_KEY");
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let mut creds = Credentials::new(id, secret);
            if let Some(token) = ctx.var("AWS_SESSION_TOKEN") {
                creds = creds.with_session_token(token);
            }
            Ok(Lookup::Found(creds))
        }
        (Some(_), None) => Err(incomplete(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
        )),
        (None, Some(_)) => Err(incomplete(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        )),
        (None, None) => Ok(Lookup::Nothing(
            "environment (AWS_ACCESS_KEY_ID not set)".to_string(),
        )),
    }
}

/// `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` (and `AWS_ROLE_SESSION_NAME`):
/// the role assumed with the web identity token in that file, as EKS sets it up. A
/// token file without a role is an error; a role without a token file is left to the
/// other sources.
pub(super) async fn from_web_identity_env(ctx: &AwsContext) -> Result<Lookup> {
    match (
        ctx.var("AWS_WEB_IDENTITY_TOKEN_FILE"),
        ctx.var("AWS_ROLE_ARN"),
    ) {
        (Some(token_file), Some(role_arn)) => {
            let role = RoleRequest::from_env(ctx, role_arn, ctx.clock().now());
            assume_role_with_web_identity(ctx, &role, &token_file)
                .await
                .map(Lookup::Found)
        }
        (Some(_), None) => Err(incomplete(
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
        )),
        (None, _) => Ok(Lookup::Nothing(
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE not set)".to_string(),
        )),
    }
}

/// The selected profile of the shared files: see [`profile_credentials`].
pub(super) async fn from_profile(
    ctx: &AwsContext,
    explicit_profile: Option<&str>,
) -> Result<Lookup> {
    let choice = ProfileChoice::select(ctx, explicit_profile);
    let files = SharedFiles::load(ctx)?;
    let Some(profile) = files.selected(&choice)? else {
        return Ok(Lookup::Nothing(format!(
            "{} (no profile {:?})",
            files.describe(),
            choice.name
        )));
    };
    let name = &choice.name;
    match profile_credentials(ctx, &files, name, &profile, &mut Vec::new()).await? {
        Some(creds) => Ok(Lookup::Found(creds)),
        None => Ok(Lookup::Nothing(format!(
            "{} (profile {name:?} has no aws_access_key_id)",
            files.describe()
        ))),
    }
}

/// The credentials profile `name` (settings `profile`) gives, in the AWS tools'
/// order: the role its `role_arn` names, assumed with its `web_identity_token_file`
/// or else with its source's credentials; else
/// its key pair; else what its `credential_process` prints. `None` when it has none
/// of these. `roles` holds the profiles whose roles are being assumed, outermost
/// first: a profile met again is read for its own keys (a `source_profile` naming
/// itself), never assumed twice.
fn profile_credentials<'a>(
    ctx: &'a AwsContext,
    files: &'a SharedFiles,
    name: &'a str,
    profile: &'a BTreeMap<String, String>,
    roles: &'a mut Vec<String>,
) -> Pin<Box<dyn Future<Output = Result<Option<Credentials>>> + Send + 'a>> {
    Box::pin(async move {
        let get = |key: &str| profile.get(key).filter(|v| !v.is_empty()).cloned();
        if get("role_arn").is_some() && !roles.iter().any(|r| r == name) {
            let region = env_region(ctx);
            let role = RoleRequest::from_profile(name, profile, region, ctx.clock().now())?;
            if let Some(token_file) = get("web_identity_token_file") {
                return assume_role_with_web_identity(ctx, &role, &token_file)
                    .await
                    .map(Some);
            }
            let source = role_source(ctx, files, name, profile, roles).await?;
            return assume_role(ctx, &role, source).await.map(Some);
        }
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => {
                let mut creds = Credentials::new(id, secret);
                if let Some(token) = get("aws_session_token") {
                    creds = creds.with_session_token(token);
                }
                return Ok(Some(creds));
            }
            (Some(_), None) => {
                return Err(incomplete(&format!(
                    "AWS profile {name:?} has aws_access_key_id but no aws_secret_access_key ({})",
                    files.describe()
                )));
            }
            (None, Some(_)) => {
                return Err(incomplete(&format!(
                    "AWS profile {name:?} has aws_secret_access_key but no aws_access_key_id ({})",
                    files.describe()
                )));
            }
            (None, None) => {}
        }
        if get("web_identity_token_file").is_some() {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("AWS profile {name:?} has web_identity_token_file but no role_arn"),
            ));
        }
        if let Some(key) = UNSUPPORTED_PROFILE_KEYS
            .iter()
            .find(|k| profile.contains_key(**k))
        {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "AWS profile {name:?} gets credentials through {key}, which \
                     libcloud-rs does not support; give it aws_access_key_id and \
                     aws_secret_access_key, or use the environment variables"
                ),
            ));
        }
        match get("credential_process") {
            Some(command) => process::credentials(&command, name).await.map(Some),
            None => Ok(None),
        }
    })
}

/// The credentials a `role_arn` profile assumes its role with: those of its
/// `source_profile`, or of its `credential_source` (`Environment`,
/// `Ec2InstanceMetadata`).
async fn role_source(
    ctx: &AwsContext,
    files: &SharedFiles,
    name: &str,
    profile: &BTreeMap<String, String>,
    roles: &mut Vec<String>,
) -> Result<Credentials> {
    let get = |key: &str| profile.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
    let config = |message: String| Error::new(ErrorKind::Configuration, message);
    match (get("source_profile"), get("credential_source")) {
        (Some(_), Some(_)) => Err(config(format!(
            "AWS profile {name:?} sets both source_profile and credential_source; keep one"
        ))),
        (Some(source), None) => {
            if roles.len() >= MAX_ROLE_HOPS {
                return Err(config(format!(
                    "AWS profile {name:?} is more than {MAX_ROLE_HOPS} source_profile steps \
                     from the profile asked for"
                )));
            }
            let Some(settings) = files.profile(source) else {
                return Err(config(format!(
                    "AWS profile {source:?}, the source_profile of {name:?}, is not in {}",
                    files.describe()
                )));
            };
            roles.push(name.to_string());
            let found = profile_credentials(ctx, files, source, &settings, roles).await?;
            found.ok_or_else(|| {
                incomplete(&format!(
                    "AWS profile {source:?}, the source_profile of {name:?}, has no credentials"
                ))
            })
        }
        (None, Some("Environment")) => match from_env(ctx)? {
            Lookup::Found(creds) => Ok(creds),
            Lookup::Nothing(_) => Err(incomplete(&format!(
                "AWS profile {name:?} takes its source credentials from the environment \
                 (credential_source = Environment), but AWS_ACCESS_KEY_ID is not set"
            ))),
        },
        (None, Some("Ec2InstanceMetadata")) => match imds::from_imds(ctx).await? {
            Lookup::Found(creds) => Ok(creds),
            Lookup::Nothing(looked) => Err(incomplete(&format!(
                "AWS profile {name:?} takes its source credentials from the instance \
                 metadata, which had none: {looked}"
            ))),
        },
        (None, Some(other)) => Err(config(format!(
            "AWS profile {name:?} has credential_source {other:?}; libcloud-rs supports \
             Environment and Ec2InstanceMetadata"
        ))),
        (None, None) => Err(config(format!(
            "AWS profile {name:?} has role_arn but neither source_profile nor \
             credential_source"
        ))),
    }
}

fn incomplete(message: &str) -> Error {
    Error::new(ErrorKind::InvalidCredentials, message)
}
