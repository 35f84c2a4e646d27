//! Known answers from the Amazon S3 API reference ("Signature Calculations for the
//! Authorization Header" and "Authenticating Requests: Using Query Parameters"): bucket
//! `examplebucket`, key `AKIAIOSFODNN7EXAMPLE`, 24 May 2013, us-east-1.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cloud_aws_auth::{Credentials, SigV4Signer, SigningOptions, StaticCredentials, presign_url};
use cloud_core::FixedClock;
use cloud_core::http::{HeaderValue, Method, OutgoingRequest};
use url::Url;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// 2013-05-24T00:00:00Z.
const WHEN: u64 = 1_369_353_600;

fn signer() -> SigV4Signer {
    SigV4Signer::new(
        Arc::new(StaticCredentials::new(Credentials::new(KEY_ID, SECRET))),
        "us-east-1",
        "s3",
    )
    .with_clock(Arc::new(FixedClock::at_unix(WHEN)))
}

fn request(method: Method, url: &str, headers: &[(&'static str, &str)]) -> OutgoingRequest {
    let mut r = OutgoingRequest::new(method, Url::parse(url).unwrap());
    for (name, value) in headers {
        r.headers_mut()
            .insert(*name, HeaderValue::from_str(value).unwrap());
    }
    r
}

fn signature(r: &OutgoingRequest) -> &str {
    let auth = r.headers()["authorization"].to_str().unwrap();
    auth.rsplit_once("Signature=").unwrap().1
}

#[test]
fn s3_mode_is_chosen_by_service_name() {
    assert_eq!(signer().options(), SigningOptions::s3());
}

#[test]
fn get_object_example() {
    let mut r = request(
        Method::GET,
        "https://examplebucket.s3.amazonaws.com/test.txt",
        &[("range", "bytes=0-9")],
    );
    let out = signer()
        .sign_with(&mut r, &Credentials::new(KEY_ID, SECRET))
        .unwrap();
    assert_eq!(
        out.string_to_sign,
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
         7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
    );
    assert_eq!(
        out.signed_headers,
        "host;range;x-amz-content-sha256;x-amz-date"
    );
    assert_eq!(
        signature(&r),
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    );
    assert_eq!(
        r.headers()["x-amz-content-sha256"],
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(r.headers()["x-amz-date"], "20130524T000000Z");
    assert_eq!(r.headers()["host"], "examplebucket.s3.amazonaws.com");
}

#[test]
fn put_object_example_hashes_the_body_and_encodes_the_key_once() {
    let mut r = request(
        Method::PUT,
        "https://examplebucket.s3.amazonaws.com/test$file.text",
        &[
            ("date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ],
    )
    .with_body("Welcome to Amazon S3.");
    let out = signer()
        .sign_with(&mut r, &Credentials::new(KEY_ID, SECRET))
        .unwrap();
    assert!(
        out.canonical_request
            .starts_with("PUT\n/test%24file.text\n\n"),
        "{}",
        out.canonical_request
    );
    assert_eq!(
        r.headers()["x-amz-content-sha256"],
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
    );
    assert_eq!(
        signature(&r),
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
    );
}

#[test]
fn get_bucket_lifecycle_example_signs_a_valueless_parameter() {
    let mut r = request(
        Method::GET,
        "https://examplebucket.s3.amazonaws.com/?lifecycle",
        &[],
    );
    signer()
        .sign_with(&mut r, &Credentials::new(KEY_ID, SECRET))
        .unwrap();
    assert_eq!(
        signature(&r),
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
    );
    assert_eq!(r.url().query(), Some("lifecycle="));
}

#[test]
fn list_objects_example_sorts_the_query() {
    let mut r = request(
        Method::GET,
        "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
        &[],
    );
    signer()
        .sign_with(&mut r, &Credentials::new(KEY_ID, SECRET))
        .unwrap();
    assert_eq!(
        signature(&r),
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
    );
}

#[test]
fn presigned_url_example() {
    let url = presign_url(
        &Method::GET,
        &Url::parse("https://examplebucket.s3.amazonaws.com/test.txt").unwrap(),
        "us-east-1",
        "s3",
        &Credentials::new(KEY_ID, SECRET),
        Duration::from_secs(86_400),
        SystemTime::UNIX_EPOCH + Duration::from_secs(WHEN),
    )
    .unwrap();
    assert_eq!(
        url.as_str(),
        "https://examplebucket.s3.amazonaws.com/test.txt\
         ?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z\
         &X-Amz-Expires=86400\
         &X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
}
