//! Roles: temporary credentials from STS `AssumeRole`, signed with the credentials of
//! a `role_arn` profile's `source_profile` or `credential_source`, and from
//! `AssumeRoleWithWebIdentity`, which is not signed but carries a web identity token
//! (an OIDC token a platform such as EKS writes to a file).
//!
//! The request is the query API's form POST (`Action`, `Version=2011-06-15`,
//! `RoleArn`, `RoleSessionName`, and `ExternalId` / `DurationSeconds` /
//! `WebIdentityToken` as they apply) to the STS endpoint of the region
//! (`https://sts.<region>.amazonaws.com`, `us-east-1` when no region is set), or to
//! `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL`. One attempt, with a 10 s connect and
//! a 30 s total timeout; the chain's cache refreshes the result before its
//! `Expiration`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cloud_core::http::{HeaderValue, LOOPBACK_ONLY_ENV, Method, OutgoingRequest, is_loopback_host};
use cloud_core::xml::Element;
use cloud_core::{Error, ErrorKind, Result, Secret};

use crate::endpoint::resolve_endpoint;
use crate::{AwsContext, Credentials, SigV4Signer, StaticCredentials};

/// How long connecting to STS may take.
pub const STS_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the whole `AssumeRole` request may take.
pub const STS_TIMEOUT: Duration = Duration::from_secs(30);
/// The STS API version of the query API.
const STS_VERSION: &str = "2011-06-15";
/// The region STS is called in when the profile names none.
const DEFAULT_STS_REGION: &str = "us-east-1";

/// What STS is asked for.
#[derive(Debug)]
pub(super) struct RoleRequest {
    /// Where the role was configured (`AWS profile "admin"`, `AWS_ROLE_ARN`), for
    /// messages.
    pub origin: String,
    pub role_arn: String,
    pub session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<String>,
    /// The region to call STS in.
    pub region: String,
}

impl RoleRequest {
    /// The request profile `name` (its merged settings `settings`) describes; `region`
    /// is the one the caller or the environment chose, if any.
    pub fn from_profile(
        name: &str,
        settings: &BTreeMap<String, String>,
        region: Option<String>,
        now: SystemTime,
    ) -> Result<Self> {
        let get = |key: &str| {
            settings
                .get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        if get("mfa_serial").is_some() {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "AWS profile {name:?} assumes its role with an MFA code (mfa_serial), \
                     which libcloud-rs does not support"
                ),
            ));
        }
        let role_arn = get("role_arn").unwrap_or_default();
        Ok(RoleRequest {
            origin: format!("AWS profile {name:?}"),
            role_arn,
            session_name: get("role_session_name").unwrap_or_else(|| default_session_name(now)),
            external_id: get("external_id"),
            duration_seconds: get("duration_seconds"),
            region: region
                .or_else(|| get("region"))
                .unwrap_or_else(|| DEFAULT_STS_REGION.to_string()),
        })
    }

    /// The request the environment describes for a web identity:
    /// `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`, and the region of `AWS_REGION` /
    /// `AWS_DEFAULT_REGION`.
    pub fn from_env(ctx: &AwsContext, role_arn: String, now: SystemTime) -> Self {
        RoleRequest {
            origin: "AWS_ROLE_ARN".to_string(),
            role_arn,
            session_name: ctx
                .var("AWS_ROLE_SESSION_NAME")
                .unwrap_or_else(|| default_session_name(now)),
            external_id: None,
            duration_seconds: None,
            region: env_region(ctx).unwrap_or_else(|| DEFAULT_STS_REGION.to_string()),
        }
    }

    /// The form body of the call.
    fn form(&self, call: &Call) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", call.action())
            .append_pair("Version", STS_VERSION)
            .append_pair("RoleArn", &self.role_arn)
            .append_pair("RoleSessionName", &self.session_name);
        match call {
            Call::AssumeRole(_) => {
                if let Some(id) = &self.external_id {
                    form.append_pair("ExternalId", id);
                }
            }
            Call::WithWebIdentity(token) => {
                form.append_pair("WebIdentityToken", token.expose());
            }
        }
        if let Some(seconds) = &self.duration_seconds {
            form.append_pair("DurationSeconds", seconds);
        }
        form.finish()
    }
}

/// The region the environment names (`AWS_REGION`, else `AWS_DEFAULT_REGION`), which
/// wins over a profile's `region` for the STS call.
pub(super) fn env_region(ctx: &AwsContext) -> Option<String> {
    ctx.var("AWS_REGION")
        .or_else(|| ctx.var("AWS_DEFAULT_REGION"))
}

/// `libcloud-rs-<unix time>`: the session name when none is configured.
fn default_session_name(now: SystemTime) -> String {
    let seconds = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("libcloud-rs-{seconds}")
}

/// The STS call, with what authenticates it.
enum Call {
    /// `AssumeRole`, signed with these credentials.
    AssumeRole(Credentials),
    /// `AssumeRoleWithWebIdentity`, unsigned, carrying this token.
    WithWebIdentity(Secret),
}

impl Call {
    /// The `Action` name.
    fn action(&self) -> &'static str {
        match self {
            Call::AssumeRole(_) => "AssumeRole",
            Call::WithWebIdentity(_) => "AssumeRoleWithWebIdentity",
        }
    }
}

/// Calls STS `AssumeRole` for `role` with `source`'s credentials.
pub(super) async fn assume_role(
    ctx: &AwsContext,
    role: &RoleRequest,
    source: Credentials,
) -> Result<Credentials> {
    call_sts(ctx, role, Call::AssumeRole(source)).await
}

/// Calls STS `AssumeRoleWithWebIdentity` for `role` with the token in `token_file`.
pub(super) async fn assume_role_with_web_identity(
    ctx: &AwsContext,
    role: &RoleRequest,
    token_file: &str,
) -> Result<Credentials> {
    let unreadable = |what: String| {
        Error::new(
            ErrorKind::InvalidCredentials,
            format!(
                "the web identity token file {token_file} named by {} {what}",
                role.origin
            ),
        )
    };
    let Some(path) = ctx.expand_home(token_file) else {
        return Err(unreadable(
            "starts with ~ and the home directory is unknown".into(),
        ));
    };
    let token = match ctx.files().read_to_string(&path) {
        Ok(Some(text)) => text.trim().to_string(),
        Ok(None) => return Err(unreadable("does not exist".into())),
        Err(e) => return Err(unreadable(format!("cannot be read ({e})"))),
    };
    if token.is_empty() {
        return Err(unreadable("is empty".into()));
    }
    call_sts(ctx, role, Call::WithWebIdentity(Secret::new(token))).await
}

/// Where STS is for `role`: `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL`, else the
/// regional endpoint.
fn sts_url(ctx: &AwsContext, role: &RoleRequest) -> Result<url::Url> {
    Ok(resolve_endpoint(ctx, "sts", &role.region, None)?
        .url()
        .clone())
}

/// Sends `call` for `role` and reads the credentials STS answers with.
async fn call_sts(ctx: &AwsContext, role: &RoleRequest, call: Call) -> Result<Credentials> {
    let url = sts_url(ctx, role)?;
    if ctx.var(LOOPBACK_ONLY_ENV).is_some_and(|v| v == "1") && !is_loopback_host(&url) {
        return Err(failed(
            role,
            &format!(
                "was not sent: {LOOPBACK_ONLY_ENV}=1 allows loopback hosts only, and STS is at {url}"
            ),
        ));
    }
    let client = reqwest::Client::builder()
        .connect_timeout(STS_CONNECT_TIMEOUT)
        .timeout(STS_TIMEOUT)
        .no_proxy()
        .build()
        .map_err(|e| failed(role, &format!("could not be prepared ({e})")))?;
    let form = role.form(&call);
    let mut outgoing = OutgoingRequest::new(Method::POST, url.clone()).with_body(form.clone());
    outgoing.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
    );
    if let Call::AssumeRole(source) = &call {
        let provider = Arc::new(StaticCredentials::new(source.clone()));
        SigV4Signer::new(provider, role.region.clone(), "sts").sign_with(&mut outgoing, source)?;
    }
    let request = client
        .post(outgoing.url().clone())
        .headers(outgoing.headers().clone())
        .body(form)
        .build()
        .map_err(|e| failed(role, &format!("could not be prepared ({e})")))?;
    let resp = client.execute(request).await.map_err(|e| {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transport
        };
        Error::new(
            kind,
            format!(
                "assuming role {} for {}: STS at {url} did not answer",
                role.role_arn, role.origin
            ),
        )
    })?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|_| {
        Error::new(
            ErrorKind::Transport,
            format!(
                "assuming role {} for {}: the STS answer was cut short",
                role.role_arn, role.origin
            ),
        )
    })?;
    if !status.is_success() {
        return Err(refused(role, status.as_u16(), &body));
    }
    parse_credentials(role, call.action(), &body)
}

/// The credentials of an `<action>Response`. Messages name elements, never values.
fn parse_credentials(role: &RoleRequest, action: &str, body: &[u8]) -> Result<Credentials> {
    let malformed = |what: &str| {
        Error::malformed(format!(
            "assuming role {} for {}: the STS answer {what}",
            role.role_arn, role.origin
        ))
    };
    let root = Element::parse(body).map_err(|_| malformed("is not XML"))?;
    if root.name != format!("{action}Response") {
        return Err(malformed(&format!("is not an {action}Response")));
    }
    let creds = root
        .path(&[&format!("{action}Result"), "Credentials"])
        .ok_or_else(|| malformed("has no Credentials"))?;
    let value = |name: &str| {
        creds
            .child_value(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| malformed(&format!("has no {name}")))
    };
    let expiration = value("Expiration")?;
    let expires_at = chrono::DateTime::parse_from_rfc3339(expiration)
        .map(SystemTime::from)
        .map_err(|_| malformed("has an Expiration that is not an RFC 3339 time"))?;
    Ok(
        Credentials::new(value("AccessKeyId")?, value("SecretAccessKey")?.to_string())
            .with_session_token(value("SessionToken")?.to_string())
            .with_expiry(expires_at),
    )
}

/// The error for an `AssumeRole` call STS refused: its `Code` and `Message` when the
/// answer is an `ErrorResponse`.
fn refused(role: &RoleRequest, status: u16, body: &[u8]) -> Error {
    let detail = Element::parse(body).ok().and_then(|root| {
        let error = root.child("Error")?;
        let code = error.child_value("Code")?.trim().to_string();
        let message = error.child_value("Message").unwrap_or_default().trim();
        Some(if message.is_empty() {
            code
        } else {
            format!("{code}: {message}")
        })
    });
    let kind = match status {
        400..=499 => ErrorKind::InvalidCredentials,
        _ => ErrorKind::Provider,
    };
    Error::new(
        kind,
        format!(
            "assuming role {} for {}: STS answered {status}{}",
            role.role_arn,
            role.origin,
            detail.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
    )
}

/// The error for a call that could not be made.
fn failed(role: &RoleRequest, what: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!(
            "assuming role {} for {}: the STS request {what}",
            role.role_arn, role.origin
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;

    fn role() -> RoleRequest {
        RoleRequest {
            origin: "AWS profile \"admin\"".into(),
            role_arn: "arn:aws:iam::123456789012:role/admin".into(),
            session_name: "s".into(),
            external_id: None,
            duration_seconds: None,
            region: "eu-west-1".into(),
        }
    }

    const ANSWER: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAROLEEXAMPLE00001</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-token</SessionToken>
      <Expiration>2031-07-15T23:28:33.359Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/admin/s</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:s</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

    #[test]
    fn the_answer_gives_temporary_credentials() {
        let creds = parse_credentials(&role(), "AssumeRole", ANSWER.as_bytes()).unwrap();
        assert_eq!(creds.access_key_id(), "ASIAROLEEXAMPLE00001");
        assert_eq!(creds.secret_access_key().expose(), "role-secret");
        assert_eq!(creds.session_token().unwrap().expose(), "role-token");
        let want = chrono::DateTime::parse_from_rfc3339("2031-07-15T23:28:33.359Z").unwrap();
        assert_eq!(creds.expires_at(), Some(SystemTime::from(want)));
    }

    #[test]
    fn broken_answers_are_malformed_without_showing_values() {
        let cut = &ANSWER[..ANSWER.find("<SessionToken>").unwrap()];
        let no_token = ANSWER.replace("<SessionToken>role-token</SessionToken>", "");
        let bad_time = ANSWER.replace("2031-07-15T23:28:33.359Z", "tomorrow");
        for body in [cut, &no_token, &bad_time, "<Other/>", "role-secret"] {
            let err = parse_credentials(&role(), "AssumeRole", body.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body}");
            assert!(!err.to_string().contains("role-secret"), "{err}");
        }
    }

    #[test]
    fn refusals_carry_the_sts_code() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;
        let err = refused(&role(), 403, body.as_bytes());
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        let text = err.to_string();
        assert!(
            text.contains("AccessDenied") && text.contains("role/admin"),
            "{text}"
        );
        assert_eq!(refused(&role(), 503, b"busy").kind(), ErrorKind::Provider);
    }

    #[test]
    fn the_form_and_the_profile_settings() {
        let settings: BTreeMap<String, String> = [
            ("role_arn", "arn:aws:iam::1:role/r"),
            ("external_id", "ext id"),
            ("duration_seconds", "900"),
            ("region", "ap-south-1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let role = RoleRequest::from_profile("p", &settings, None, now).unwrap();
        assert_eq!(role.region, "ap-south-1");
        assert_eq!(role.session_name, "libcloud-rs-1700000000");
        let source = Credentials::new("AKID", "s".to_string());
        assert_eq!(
            role.form(&Call::AssumeRole(source)),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr\
             &RoleSessionName=libcloud-rs-1700000000&ExternalId=ext+id&DurationSeconds=900"
        );
        let chosen = RoleRequest::from_profile("p", &settings, Some("us-west-2".into()), now);
        assert_eq!(chosen.unwrap().region, "us-west-2");
        let mut mfa = settings.clone();
        mfa.insert("mfa_serial".into(), "arn:aws:iam::1:mfa/me".into());
        let err = RoleRequest::from_profile("p", &mfa, None, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.to_string().contains("mfa_serial"), "{err}");
    }

    #[test]
    fn sts_is_regional_unless_overridden() {
        let ctx = AwsContext::new(
            Arc::new(MapEnv::default()),
            Arc::new(crate::MemoryFiles::default()),
            None,
        );
        assert_eq!(
            sts_url(&ctx, &role()).unwrap().as_str(),
            "https://sts.eu-west-1.amazonaws.com/"
        );
        let mut env = MapEnv::default();
        env.set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566");
        let ctx = AwsContext::new(Arc::new(env), Arc::new(crate::MemoryFiles::default()), None);
        assert_eq!(
            sts_url(&ctx, &role()).unwrap().as_str(),
            "http://127.0.0.1:4566/"
        );
    }
}
