//! The EC2 instance metadata service (IMDSv2): the role credentials of an instance.
//!
//! A session token comes from `PUT /latest/api/token`; with it, `GET
//! /latest/meta-data/iam/security-credentials/` names the instance's role and `GET
//! …/security-credentials/ROLE` returns its temporary credentials. Requests go
//! straight through reqwest (no retries, no proxy) with short timeouts, so a machine
//! that is not an EC2 instance falls through quickly.

use std::time::{Duration, SystemTime};

use cloud_core::http::{LOOPBACK_ONLY_ENV, is_loopback_host};
use cloud_core::{Error, ErrorKind, Result, Secret};
use reqwest::StatusCode;
use serde::Deserialize;
use url::Url;

use super::Lookup;
use crate::{AwsContext, Credentials};

/// Where the metadata service answers on an instance.
pub const DEFAULT_IMDS_ENDPOINT: &str = "http://169.254.169.254";
/// How long connecting may take.
pub const IMDS_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long each request may take in all.
pub const IMDS_TIMEOUT: Duration = Duration::from_secs(2);
/// The session token lifetime asked for, in seconds.
const TOKEN_TTL_SECONDS: &str = "21600";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "latest/meta-data/iam/security-credentials/";

/// The credentials document the service returns for a role.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialsDocument {
    code: String,
    access_key_id: String,
    secret_access_key: Secret,
    #[serde(default)]
    token: Option<Secret>,
    expiration: Option<String>,
}

/// Looks for instance role credentials, unless `AWS_EC2_METADATA_DISABLED=true`, or
/// `LIBCLOUD_LOOPBACK_ONLY=1` and the endpoint is not a loopback address.
pub(super) async fn from_imds(ctx: &AwsContext) -> Result<Lookup> {
    if ctx
        .var("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return Ok(Lookup::Nothing(
            "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)".to_string(),
        ));
    }
    let base = endpoint(ctx)?;
    if ctx.var(LOOPBACK_ONLY_ENV).is_some_and(|v| v == "1") && !is_loopback_host(&base) {
        return Ok(Lookup::Nothing(format!(
            "EC2 instance metadata at {base} (skipped: {LOOPBACK_ONLY_ENV}=1 allows loopback hosts only)"
        )));
    }
    let client = reqwest::Client::builder()
        .connect_timeout(IMDS_CONNECT_TIMEOUT)
        .timeout(IMDS_TIMEOUT)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!("cannot build the instance metadata client: {e}"),
            )
        })?;
    let nothing = |why: String| -> Result<Lookup> {
        Ok(Lookup::Nothing(format!(
            "EC2 instance metadata at {base} ({why})"
        )))
    };

    let token = match client
        .put(join(&base, "latest/api/token"))
        .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
        .send()
        .await
    {
        Err(e) => return nothing(format!("unreachable: {}", transport_reason(&e))),
        Ok(resp) if !resp.status().is_success() => {
            return nothing(format!(
                "token request answered HTTP {}",
                resp.status().as_u16()
            ));
        }
        Ok(resp) => read_text(resp, &base).await?.trim().to_string(),
    };
    if token.is_empty() {
        return nothing("empty session token".to_string());
    }

    let resp = get(&client, join(&base, CREDENTIALS_PATH), &token, &base).await?;
    if resp.status() == StatusCode::NOT_FOUND {
        return nothing("no IAM role attached".to_string());
    }
    let roles = read_text(check(resp, &base, "the role list")?, &base).await?;
    let Some(role) = roles.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return nothing("no IAM role attached".to_string());
    };
    let mut role_url = join(&base, CREDENTIALS_PATH);
    role_url
        .path_segments_mut()
        .map_err(|_| {
            Error::new(
                ErrorKind::Configuration,
                "metadata endpoint cannot hold a path",
            )
        })?
        .pop_if_empty()
        .push(role);
    let resp = get(&client, role_url, &token, &base).await?;
    let body = read_text(check(resp, &base, "the role's credentials")?, &base).await?;
    parse_document(&body, role).map(Lookup::Found)
}

/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the link-local default.
fn endpoint(ctx: &AwsContext) -> Result<Url> {
    let raw = ctx
        .var("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .unwrap_or_else(|| DEFAULT_IMDS_ENDPOINT.to_string());
    let url = Url::parse(&raw).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("AWS_EC2_METADATA_SERVICE_ENDPOINT {raw:?} is not a URL: {e}"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!("AWS_EC2_METADATA_SERVICE_ENDPOINT {raw:?} is not an http(s) URL"),
        ));
    }
    Ok(url)
}

fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{prefix}/{path}"));
    url
}

async fn get(
    client: &reqwest::Client,
    url: Url,
    token: &str,
    base: &Url,
) -> Result<reqwest::Response> {
    client
        .get(url)
        .header(TOKEN_HEADER, token)
        .send()
        .await
        .map_err(|e| {
            failed(
                base,
                &format!("stopped answering: {}", transport_reason(&e)),
            )
        })
}

fn check(resp: reqwest::Response, base: &Url, what: &str) -> Result<reqwest::Response> {
    if resp.status().is_success() {
        Ok(resp)
    } else {
        Err(failed(
            base,
            &format!("answered HTTP {} for {what}", resp.status().as_u16()),
        ))
    }
}

async fn read_text(resp: reqwest::Response, base: &Url) -> Result<String> {
    resp.text().await.map_err(|e| {
        failed(
            base,
            &format!("broke off an answer: {}", transport_reason(&e)),
        )
    })
}

fn failed(base: &Url, what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidCredentials,
        format!("EC2 instance metadata at {base} {what}"),
    )
}

fn transport_reason(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "transport error"
    }
}

/// Parses the credentials document. Messages name fields, never values.
fn parse_document(body: &str, role: &str) -> Result<Credentials> {
    let doc: CredentialsDocument = serde_json::from_str(body).map_err(|e| {
        Error::malformed(format!(
            "the instance metadata credentials of role {role:?} are not the expected JSON \
             ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    if doc.code != "Success" {
        return Err(Error::new(
            ErrorKind::InvalidCredentials,
            format!(
                "the instance metadata has no credentials for role {role:?}: Code {:?}",
                doc.code
            ),
        ));
    }
    if doc.access_key_id.is_empty() || doc.secret_access_key.is_empty() {
        return Err(Error::malformed(format!(
            "the instance metadata credentials of role {role:?} lack AccessKeyId or SecretAccessKey"
        )));
    }
    let mut creds = Credentials::new(doc.access_key_id, doc.secret_access_key);
    if let Some(token) = doc.token {
        creds = creds.with_session_token(token);
    }
    if let Some(expiration) = doc.expiration {
        creds = creds.with_expiry(parse_time(&expiration, role)?);
    }
    Ok(creds)
}

fn parse_time(value: &str, role: &str) -> Result<SystemTime> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(SystemTime::from)
        .map_err(|_| {
            Error::malformed(format!(
                "the instance metadata credentials of role {role:?} have an Expiration \
                 {value:?} that is not an RFC 3339 time"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_parsing() {
        let ok = r#"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAEXAMPLEEXAMPLE12",
            "SecretAccessKey":"sss","Token":"ttt","Expiration":"2030-01-01T00:00:00Z"}"#;
        let c = parse_document(ok, "r").unwrap();
        assert_eq!(c.access_key_id(), "ASIAEXAMPLEEXAMPLE12");
        assert_eq!(c.session_token().unwrap().expose(), "ttt");
        assert_eq!(
            c.expires_at(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );

        let failed =
            r#"{"Code":"AssumeRoleUnauthorizedAccess","AccessKeyId":"","SecretAccessKey":""}"#;
        let e = parse_document(failed, "r").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
        assert!(e.message().contains("AssumeRoleUnauthorizedAccess"));

        let secret_in_bad_json = r#"{"Code":"Success","SecretAccessKey":"hunter2","#;
        let e = parse_document(secret_in_bad_json, "r").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedResponse);
        assert!(!e.to_string().contains("hunter2"));

        let bad_time =
            r#"{"Code":"Success","AccessKeyId":"a","SecretAccessKey":"s","Expiration":"soon"}"#;
        let e = parse_document(bad_time, "r").unwrap_err();
        assert!(e.message().contains("soon"), "{e}");
    }

    #[tokio::test]
    async fn loopback_only_skips_the_link_local_address() {
        use crate::MemoryFiles;
        use cloud_core::MapEnv;
        use std::sync::Arc;
        let ctx = AwsContext::new(
            Arc::new(MapEnv::from([(LOOPBACK_ONLY_ENV, "1")])),
            Arc::new(MemoryFiles::default()),
            None,
        );
        match from_imds(&ctx).await.unwrap() {
            Lookup::Nothing(note) => {
                assert!(note.contains("169.254.169.254"), "{note}");
                assert!(note.contains("loopback hosts only"), "{note}");
            }
            Lookup::Found(_) => panic!("found credentials without asking anyone"),
        }
    }

    #[test]
    fn join_keeps_base_path() {
        let base = Url::parse("http://127.0.0.1:9/prefix/").unwrap();
        assert_eq!(
            join(&base, "latest/api/token").as_str(),
            "http://127.0.0.1:9/prefix/latest/api/token"
        );
        let bare = Url::parse("http://169.254.169.254").unwrap();
        assert_eq!(
            join(&bare, CREDENTIALS_PATH).as_str(),
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
        );
    }
}
