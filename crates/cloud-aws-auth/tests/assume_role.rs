//! `role_arn` profiles against an STS stand-in on 127.0.0.1: the `AssumeRole` request
//! (form fields, SigV4 scope, the signing key), chained roles, refusals, and the
//! loopback guard.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use cloud_aws_auth::{AwsContext, CredentialChain, MemoryFiles};
use cloud_core::{ErrorKind, MapEnv};
use wiremock::matchers::{body_string_contains, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An `AssumeRoleResponse` carrying `key_id` / `secret` / `token`.
fn answer(key_id: &str, secret: &str, token: &str) -> String {
    format!(
        r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>{key_id}</AccessKeyId>
      <SecretAccessKey>{secret}</SecretAccessKey>
      <SessionToken>{token}</SessionToken>
      <Expiration>2031-03-01T10:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#
    )
}

/// A context whose shared files are `config` and `credentials`, with `env` (plus the
/// metadata service off and the loopback guard on).
fn context(env: &[(&str, &str)], config: &str, credentials: &str) -> AwsContext {
    context_with_files(
        env,
        &[
            ("/home/user/.aws/config", config),
            ("/home/user/.aws/credentials", credentials),
        ],
    )
}

/// A context for `profile` of `config` / `credentials`, with STS at `sts`.
fn via_sts(sts: &MockServer, profile: &str, config: &str, credentials: &str) -> AwsContext {
    context(
        &[
            ("AWS_PROFILE", profile),
            ("AWS_ENDPOINT_URL_STS", &sts.uri()),
        ],
        config,
        credentials,
    )
}

/// The plain role profile `admin` (source `base`), with STS at `sts`.
fn admin_via(sts: &MockServer) -> AwsContext {
    let config = "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\n";
    via_sts(sts, "admin", config, BASE_KEYS)
}

const BASE_KEYS: &str =
    "[base]\naws_access_key_id = AKIABASEEXAMPLE00001\naws_secret_access_key = base-secret\n";

#[tokio::test]
async fn a_role_profile_assumes_its_role_with_its_source_profiles_keys() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        ))
        .and(body_string_contains("Action=AssumeRole&Version=2011-06-15"))
        .and(body_string_contains(
            "RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fadmin",
        ))
        .and(body_string_contains("RoleSessionName=ops-session"))
        .and(body_string_contains("ExternalId=partner-42"))
        .and(body_string_contains("DurationSeconds=1800"))
        .and(header_regex(
            "authorization",
            r"^AWS4-HMAC-SHA256 Credential=AKIABASEEXAMPLE00001/\d{8}/eu-west-1/sts/aws4_request, ",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(answer(
            "ASIAADMINEXAMPLE0001",
            "admin-secret",
            "admin-token",
        )))
        .expect(1)
        .mount(&sts)
        .await;
    let config = "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\n\
                  source_profile = base\nrole_session_name = ops-session\n\
                  external_id = partner-42\nduration_seconds = 1800\nregion = eu-west-1\n";
    let ctx = via_sts(&sts, "admin", config, BASE_KEYS);
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAADMINEXAMPLE0001");
    assert_eq!(creds.secret_access_key().expose(), "admin-secret");
    assert_eq!(creds.session_token().unwrap().expose(), "admin-token");
    let want = chrono::DateTime::parse_from_rfc3339("2031-03-01T10:00:00Z").unwrap();
    assert_eq!(creds.expires_at(), Some(SystemTime::from(want)));
}

#[tokio::test]
async fn chained_roles_are_assumed_from_the_innermost_out() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("role%2Fplatform"))
        .and(header_regex(
            "authorization",
            "Credential=AKIABASEEXAMPLE00001/",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(answer(
            "ASIAPLATFORMEXAMPLE1",
            "platform-secret",
            "platform-token",
        )))
        .expect(1)
        .mount(&sts)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("role%2Fdeploy"))
        .and(header_regex(
            "authorization",
            "Credential=ASIAPLATFORMEXAMPLE1/",
        ))
        .and(header("x-amz-security-token", "platform-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string(answer(
            "ASIADEPLOYEXAMPLE001",
            "deploy-secret",
            "deploy-token",
        )))
        .expect(1)
        .mount(&sts)
        .await;
    let config = "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = platform\n\
                  [profile platform]\nrole_arn = arn:aws:iam::1:role/platform\nsource_profile = base\n";
    let ctx = via_sts(&sts, "deploy", config, BASE_KEYS);
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIADEPLOYEXAMPLE001");
}

#[tokio::test]
async fn a_profile_can_be_its_own_source() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header_regex(
            "authorization",
            "Credential=AKIASELFEXAMPLE00001/",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(answer(
            "ASIASELFROLEEXAMPLE1",
            "s",
            "t",
        )))
        .expect(1)
        .mount(&sts)
        .await;
    let credentials = "[me]\naws_access_key_id = AKIASELFEXAMPLE00001\naws_secret_access_key = me-secret\n\
                       role_arn = arn:aws:iam::1:role/me\nsource_profile = me\n";
    let ctx = context(
        &[("AWS_PROFILE", "me"), ("AWS_ENDPOINT_URL_STS", &sts.uri())],
        "",
        credentials,
    );
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIASELFROLEEXAMPLE1");
}

#[tokio::test]
async fn a_refusal_is_invalid_credentials_naming_the_role_and_code() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r</RequestId></ErrorResponse>"#,
        ))
        .expect(1)
        .mount(&sts)
        .await;
    let err = CredentialChain::new(admin_via(&sts))
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    let text = err.to_string();
    assert!(
        text.contains("AccessDenied") && text.contains("role/admin") && text.contains("403"),
        "{text}"
    );
    assert!(!text.contains("base-secret"), "{text}");
}

#[tokio::test]
async fn a_garbled_answer_is_a_malformed_response() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<AssumeRoleResponse><AssumeRo"))
        .expect(1)
        .mount(&sts)
        .await;
    let err = CredentialChain::new(admin_via(&sts))
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
}

#[tokio::test]
async fn the_real_sts_is_never_called_under_the_loopback_guard() {
    let config = "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\n";
    let ctx = context(&[("AWS_PROFILE", "admin")], config, BASE_KEYS);
    let err = CredentialChain::new(ctx).resolve().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    let text = err.to_string();
    assert!(
        text.contains("LIBCLOUD_LOOPBACK_ONLY") && text.contains("sts.us-east-1.amazonaws.com"),
        "{text}"
    );
}

#[tokio::test]
async fn misconfigured_role_profiles_are_configuration_errors() {
    let cases = [
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\n",
            "neither source_profile nor credential_source",
        ),
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\ncredential_source = Environment\n",
            "both source_profile and credential_source",
        ),
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = EcsContainer\n",
            "EcsContainer",
        ),
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n",
            "mfa_serial",
        ),
    ];
    for (config, said) in cases {
        let ctx = context(&[("AWS_PROFILE", "a")], config, BASE_KEYS);
        let err = CredentialChain::new(ctx).resolve().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration, "{config}");
        assert!(err.to_string().contains(said), "{err}");
    }
}

#[tokio::test]
async fn a_source_without_credentials_or_a_loop_is_reported() {
    let looped = "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
                  [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n";
    let ctx = context(&[("AWS_PROFILE", "a")], looped, "");
    let err = CredentialChain::new(ctx).resolve().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.to_string().contains("has no credentials"), "{err}");

    let from_env =
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Environment\n";
    let ctx = context(&[("AWS_PROFILE", "a")], from_env, "");
    let err = CredentialChain::new(ctx).resolve().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.to_string().contains("AWS_ACCESS_KEY_ID"), "{err}");
}

/// An `AssumeRoleWithWebIdentityResponse` carrying `key_id`.
fn web_identity_answer(key_id: &str) -> String {
    answer(key_id, "web-secret", "web-token")
        .replace("AssumeRoleResponse", "AssumeRoleWithWebIdentityResponse")
        .replace("AssumeRoleResult", "AssumeRoleWithWebIdentityResult")
}

/// A context with `env` and these files (the metadata service off, the loopback guard
/// on), home `/home/user`.
fn context_with_files(env: &[(&str, &str)], files: &[(&str, &str)]) -> AwsContext {
    let mut vars = MapEnv::default();
    vars.set("AWS_EC2_METADATA_DISABLED", "true");
    vars.set("LIBCLOUD_LOOPBACK_ONLY", "1");
    for (name, value) in env {
        vars.set(*name, *value);
    }
    let mut memory = MemoryFiles::default();
    for (path, text) in files {
        memory.insert(*path, *text);
    }
    AwsContext::new(
        Arc::new(vars),
        Arc::new(memory),
        Some(PathBuf::from("/home/user")),
    )
}

#[tokio::test]
async fn the_environments_web_identity_is_exchanged_unsigned() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15",
        ))
        .and(body_string_contains(
            "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fpod",
        ))
        .and(body_string_contains("RoleSessionName=pod-7"))
        .and(body_string_contains("WebIdentityToken=eyJ.pod-token.sig"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(web_identity_answer("ASIAPODEXAMPLE000001")),
        )
        .expect(1)
        .mount(&sts)
        .await;
    let ctx = context_with_files(
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod"),
            ("AWS_ROLE_SESSION_NAME", "pod-7"),
            ("AWS_ENDPOINT_URL_STS", &sts.uri()),
        ],
        &[("/var/run/secrets/token", "eyJ.pod-token.sig\n")],
    );
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAPODEXAMPLE000001");
    assert_eq!(creds.session_token().unwrap().expose(), "web-token");
    let received = sts.received_requests().await.unwrap();
    assert!(
        received[0].headers.get("authorization").is_none(),
        "AssumeRoleWithWebIdentity is not signed"
    );
}

#[tokio::test]
async fn a_profile_with_a_web_identity_token_file_uses_it() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("Action=AssumeRoleWithWebIdentity"))
        .and(body_string_contains("WebIdentityToken=profile-token"))
        .and(body_string_contains("RoleSessionName=ci"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(web_identity_answer("ASIACIEXAMPLE0000001")),
        )
        .expect(1)
        .mount(&sts)
        .await;
    let config = "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\n\
                  web_identity_token_file = ~/tokens/ci\nrole_session_name = ci\n";
    let ctx = context_with_files(
        &[("AWS_PROFILE", "ci"), ("AWS_ENDPOINT_URL_STS", &sts.uri())],
        &[
            ("/home/user/.aws/config", config),
            ("/home/user/tokens/ci", "profile-token"),
        ],
    );
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIACIEXAMPLE0000001");
}

#[tokio::test]
async fn web_identity_misconfigurations_are_reported_before_any_call() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&sts)
        .await;
    let missing = context_with_files(
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/absent"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod"),
            ("AWS_ENDPOINT_URL_STS", &sts.uri()),
        ],
        &[],
    );
    let err = CredentialChain::new(missing).resolve().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(
        err.to_string().contains("/var/run/secrets/absent")
            && err.to_string().contains("does not exist"),
        "{err}"
    );

    let no_role = context_with_files(
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"),
            ("AWS_ENDPOINT_URL_STS", &sts.uri()),
        ],
        &[("/var/run/secrets/token", "t")],
    );
    let err = CredentialChain::new(no_role).resolve().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");

    let profile_without_role = context_with_files(
        &[("AWS_PROFILE", "ci"), ("AWS_ENDPOINT_URL_STS", &sts.uri())],
        &[(
            "/home/user/.aws/config",
            "[profile ci]\nweb_identity_token_file = /t\n",
        )],
    );
    let err = CredentialChain::new(profile_without_role)
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.to_string().contains("no role_arn"), "{err}");
}
