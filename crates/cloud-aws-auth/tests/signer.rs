//! How `SigV4Signer` edits a request, and how `presign_url` treats its inputs.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use cloud_aws_auth::{
    Credentials, CredentialsProvider, SigV4Signer, StaticCredentials, presign_url,
};
use cloud_core::http::{Method, OutgoingRequest, Signer};
use cloud_core::{Error, ErrorKind, FixedClock};
use url::Url;

const WHEN: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLE/token+with=chars";

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
}

fn signer(service: &str, credentials: Credentials) -> (SigV4Signer, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at_unix(WHEN));
    let s = SigV4Signer::new(
        Arc::new(StaticCredentials::new(credentials)),
        "us-east-1",
        service,
    )
    .with_clock(clock.clone());
    (s, clock)
}

fn get(url: &str) -> OutgoingRequest {
    OutgoingRequest::new(Method::GET, Url::parse(url).unwrap())
}

fn streamed(url: &str) -> OutgoingRequest {
    OutgoingRequest::new(Method::PUT, Url::parse(url).unwrap()).with_streamed_body()
}

fn header<'a>(r: &'a OutgoingRequest, name: &str) -> Option<&'a str> {
    r.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn adds_date_host_and_authorization_for_a_standard_service() {
    let (s, _) = signer("ec2", creds());
    let mut r = get("http://127.0.0.1:8080/?Action=DescribeRegions&Version=2016-11-15");
    s.sign(&mut r).await.unwrap();
    assert_eq!(header(&r, "x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(header(&r, "host"), Some("127.0.0.1:8080"));
    assert_eq!(header(&r, "x-amz-content-sha256"), None);
    assert_eq!(header(&r, "x-amz-security-token"), None);
    let auth = header(&r, "authorization").unwrap();
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature="
        ),
        "{auth}"
    );
    assert!(r.headers()["authorization"].is_sensitive());
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let (s, _) = signer("ec2", creds().with_session_token(TOKEN));
    let mut r = get("https://ec2.us-east-1.amazonaws.com/");
    s.sign(&mut r).await.unwrap();
    assert_eq!(header(&r, "x-amz-security-token"), Some(TOKEN));
    assert!(
        header(&r, "authorization")
            .unwrap()
            .contains("SignedHeaders=host;x-amz-date;x-amz-security-token,")
    );
}

#[tokio::test]
async fn signing_again_replaces_the_old_signature() {
    let (s, clock) = signer("ec2", creds());
    let mut r = get("https://ec2.us-east-1.amazonaws.com/");
    s.sign(&mut r).await.unwrap();
    let first = header(&r, "authorization").unwrap().to_string();
    clock.advance(Duration::from_secs(60));
    s.sign(&mut r).await.unwrap();
    assert_eq!(r.headers().get_all("authorization").iter().count(), 1);
    assert_eq!(r.headers().get_all("x-amz-date").iter().count(), 1);
    assert_eq!(header(&r, "x-amz-date"), Some("20150830T123700Z"));
    assert_ne!(header(&r, "authorization").unwrap(), first);
}

#[tokio::test]
async fn query_is_rewritten_to_what_was_signed() {
    let (s, _) = signer("ec2", creds());
    let mut r = get("https://ec2.us-east-1.amazonaws.com/?b=2&a=x+y&c=%7E");
    let out = s.sign_with(&mut r, &creds()).unwrap();
    assert_eq!(r.url().query(), Some("a=x%20y&b=2&c=~"));
    assert_eq!(
        out.canonical_request.lines().nth(2),
        Some("a=x%20y&b=2&c=~")
    );
}

#[tokio::test]
async fn s3_streams_are_unsigned_unless_the_caller_gave_a_hash() {
    let (s, _) = signer("s3", creds());
    let mut r = streamed("https://b.s3.amazonaws.com/key");
    let out = s.sign_with(&mut r, &creds()).unwrap();
    assert_eq!(header(&r, "x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert!(out.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));

    let hash = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7";
    let mut r = streamed("https://b.s3.amazonaws.com/key");
    r.headers_mut()
        .insert("x-amz-content-sha256", hash.parse().unwrap());
    let out = s.sign_with(&mut r, &creds()).unwrap();
    assert_eq!(header(&r, "x-amz-content-sha256"), Some(hash));
    assert!(out.canonical_request.ends_with(hash));
}

#[tokio::test]
async fn other_services_need_a_hash_for_a_stream() {
    let (s, _) = signer("ec2", creds());
    let mut r = streamed("https://ec2.us-east-1.amazonaws.com/");
    let err = s.sign(&mut r).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("x-amz-content-sha256"), "{err}");
    assert!(header(&r, "authorization").is_none());

    let mut r = streamed("https://ec2.us-east-1.amazonaws.com/");
    r.headers_mut()
        .insert("x-amz-content-sha256", "not-a-hash".parse().unwrap());
    assert_eq!(
        s.sign(&mut r).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[tokio::test]
async fn in_memory_bodies_are_hashed() {
    let (s, _) = signer("ec2", creds());
    let mut r = OutgoingRequest::new(
        Method::POST,
        Url::parse("https://ec2.us-east-1.amazonaws.com/").unwrap(),
    )
    .with_body(Bytes::from_static(b"Param1=value1"));
    let out = s.sign_with(&mut r, &creds()).unwrap();
    // The suite's SHA-256 of `Param1=value1`.
    assert_eq!(
        out.canonical_request.lines().last(),
        Some("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
    );
}

#[derive(Debug)]
struct Broken;

#[async_trait]
impl CredentialsProvider for Broken {
    async fn credentials(&self) -> cloud_core::Result<Credentials> {
        Err(Error::new(
            ErrorKind::InvalidCredentials,
            "no credentials found",
        ))
    }
}

#[tokio::test]
async fn provider_errors_reach_the_caller() {
    let s = SigV4Signer::new(Arc::new(Broken), "us-east-1", "ec2");
    let mut r = get("https://ec2.us-east-1.amazonaws.com/");
    let err = s.sign(&mut r).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
}

#[test]
fn signer_debug_hides_credentials() {
    let (s, _) = signer("ec2", creds().with_session_token(TOKEN));
    let shown = format!("{s:?}");
    assert!(!shown.contains("wJalrXUtn"), "{shown}");
    assert!(!shown.contains("FwoGZXIv"), "{shown}");
}

fn presign(url: &str, credentials: &Credentials, expires: Duration) -> cloud_core::Result<Url> {
    presign_url(
        &Method::PUT,
        &Url::parse(url).unwrap(),
        "us-east-1",
        "s3",
        credentials,
        expires,
        SystemTime::UNIX_EPOCH + Duration::from_secs(WHEN),
    )
}

#[test]
fn presign_keeps_and_signs_existing_parameters_and_the_token() {
    let url = presign(
        "http://127.0.0.1:9000/bucket/my%20key?uploadId=abc&partNumber=2",
        &creds().with_session_token(TOKEN),
        Duration::from_secs(60),
    )
    .unwrap();
    let names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    assert_eq!(
        names,
        [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-Security-Token",
            "X-Amz-SignedHeaders",
            "partNumber",
            "uploadId",
            "X-Amz-Signature",
        ]
    );
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "X-Amz-Security-Token")
        .unwrap()
        .1;
    assert_eq!(token, TOKEN);
    assert_eq!(url.path(), "/bucket/my%20key");
    assert_eq!(url.port(), Some(9000));
}

#[test]
fn presign_rejects_bad_expiry_and_resigning() {
    let c = creds();
    for bad in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        let err = presign("https://b.s3.amazonaws.com/k", &c, bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
    assert!(
        presign(
            "https://b.s3.amazonaws.com/k",
            &c,
            Duration::from_secs(7 * 24 * 3600)
        )
        .is_ok()
    );
    let err = presign(
        "https://b.s3.amazonaws.com/k?X-Amz-Signature=abc",
        &c,
        Duration::from_secs(60),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
