//! A `role_arn` profile against moto's STS (`LIBCLOUD_TEST_MOTO_ENDPOINT`, set by
//! `cargo xtask test`): the `AssumeRole` request this crate sends is one a real STS
//! implementation accepts, and its answer is read.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cloud_aws_auth::{
    AwsContext, CredentialChain, Credentials, MemoryFiles, SigV4Signer, StaticCredentials,
};
use cloud_core::MapEnv;
use cloud_core::http::{HeaderValue, Method, OutgoingRequest};
use url::Url;

/// A context with `config` as the shared config file, the source keys in the
/// credentials file, and STS at `sts`.
fn context(sts: &Url, config: &str) -> AwsContext {
    let mut env = MapEnv::default();
    env.set("AWS_PROFILE", "admin");
    env.set("AWS_EC2_METADATA_DISABLED", "true");
    env.set("LIBCLOUD_LOOPBACK_ONLY", "1");
    env.set("AWS_ENDPOINT_URL_STS", sts.as_str());
    let home = PathBuf::from("/home/user");
    let mut files = MemoryFiles::default();
    files.insert(home.join(".aws/config"), config);
    files.insert(
        home.join(".aws/credentials"),
        "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
         aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    AwsContext::new(Arc::new(env), Arc::new(files), Some(home))
}

#[tokio::test]
async fn moto_sts_assumes_the_profiles_role() {
    let Some(sts) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/libcloud-live\n\
                  source_profile = base\nrole_session_name = libcloud-live-test\n\
                  duration_seconds = 900\nregion = eu-central-1\n";
    let creds = CredentialChain::new(context(&sts, config))
        .resolve()
        .await
        .unwrap();
    assert!(
        creds.access_key_id().starts_with("ASIA"),
        "{}",
        creds.access_key_id()
    );
    assert_ne!(creds.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
    assert!(!creds.secret_access_key().is_empty());
    assert!(creds.session_token().is_some_and(|t| !t.is_empty()));
    let expires = creds.expires_at().expect("assumed-role credentials expire");
    let now = SystemTime::now();
    assert!(expires > now, "already expired");
    assert!(
        expires <= now + Duration::from_secs(900 + 120),
        "DurationSeconds=900 was not honoured"
    );

    assert_identity(
        &sts,
        &creds,
        "assumed-role/libcloud-live/libcloud-live-test",
    )
    .await;
}

#[tokio::test]
async fn moto_sts_exchanges_a_web_identity_token() {
    let Some(sts) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let mut env = MapEnv::default();
    env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token");
    env.set(
        "AWS_ROLE_ARN",
        "arn:aws:iam::123456789012:role/libcloud-pod",
    );
    env.set("AWS_ROLE_SESSION_NAME", "libcloud-pod-session");
    env.set("AWS_EC2_METADATA_DISABLED", "true");
    env.set("LIBCLOUD_LOOPBACK_ONLY", "1");
    env.set("AWS_ENDPOINT_URL_STS", sts.as_str());
    let mut files = MemoryFiles::default();
    files.insert(
        "/var/run/secrets/token",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln\n",
    );
    let ctx = AwsContext::new(Arc::new(env), Arc::new(files), None);
    let creds = CredentialChain::new(ctx).resolve().await.unwrap();
    assert!(creds.session_token().is_some_and(|t| !t.is_empty()));
    assert!(creds.expires_at().is_some_and(|t| t > SystemTime::now()));
    assert_identity(
        &sts,
        &creds,
        "assumed-role/libcloud-pod/libcloud-pod-session",
    )
    .await;
}

/// Asks moto who `creds` are (`GetCallerIdentity`, signed with them): moto knows a key
/// it issued as the assumed role's, so the answer names the role and the session.
async fn assert_identity(sts: &Url, creds: &Credentials, expected: &str) {
    const FORM: &str = "Action=GetCallerIdentity&Version=2011-06-15";
    let mut request = OutgoingRequest::new(Method::POST, sts.clone()).with_body(FORM);
    request.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    let provider = Arc::new(StaticCredentials::new(creds.clone()));
    SigV4Signer::new(provider, "eu-central-1", "sts")
        .sign_with(&mut request, creds)
        .unwrap();
    let resp = reqwest::Client::new()
        .post(request.url().clone())
        .headers(request.headers().clone())
        .body(FORM)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let body = resp.text().await.unwrap();
    assert!(body.contains(expected), "{body}");
}
