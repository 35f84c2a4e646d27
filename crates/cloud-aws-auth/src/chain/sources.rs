//! The chain's local sources: environment variables and the shared files.

use cloud_core::{Error, ErrorKind, Result};

use super::{Lookup, process};
use crate::profile::{ProfileChoice, SharedFiles};
use crate::{AwsContext, Credentials};

/// Settings that mean a profile gets credentials some way this crate does not support.
const UNSUPPORTED_PROFILE_KEYS: &[&str] = &[
    "role_arn",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
];

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

/// The selected profile of the shared files: its key pair, else the credentials its
/// `credential_process` prints.
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
    let get = |key: &str| profile.get(key).filter(|v| !v.is_empty()).cloned();
    let name = &choice.name;
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let mut creds = Credentials::new(id, secret);
            if let Some(token) = get("aws_session_token") {
                creds = creds.with_session_token(token);
            }
            Ok(Lookup::Found(creds))
        }
        (Some(_), None) => Err(incomplete(&format!(
            "AWS profile {name:?} has aws_access_key_id but no aws_secret_access_key ({})",
            files.describe()
        ))),
        (None, Some(_)) => Err(incomplete(&format!(
            "AWS profile {name:?} has aws_secret_access_key but no aws_access_key_id ({})",
            files.describe()
        ))),
        (None, None) => {
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
            if let Some(command) = get("credential_process") {
                return process::credentials(&command, name)
                    .await
                    .map(Lookup::Found);
            }
            Ok(Lookup::Nothing(format!(
                "{} (profile {name:?} has no aws_access_key_id)",
                files.describe()
            )))
        }
    }
}

fn incomplete(message: &str) -> Error {
    Error::new(ErrorKind::InvalidCredentials, message)
}
