//! What the tests against moto share: names unique to a run, and an S3 driver straight
//! at moto for setting up and looking at what a command left.

use libcloud::drivers::cloud_s3::S3Storage;

use super::Sandbox;

/// A name unique to this run (bucket names included: lower case, digits, `-`).
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}-{}-{}", std::process::id(), nanos % 1_000_000_000)
}

/// An S3 driver at moto with its dummy keys.
pub fn s3(endpoint: &url::Url) -> S3Storage {
    let mut config = cloud_test::guard::test_config(endpoint);
    for (name, value) in [("access_key_id", "AKIDEXAMPLE"), ("secret_access_key", "x")] {
        config
            .credentials
            .insert(name.into(), libcloud::Secret::new(value));
    }
    S3Storage::new(&config).expect("driver")
}

/// The CLI as provider `s3` at `endpoint` (moto, or a proxy in front of it) with moto's
/// dummy keys, running `args`.
pub fn s3_cli(sb: &Sandbox, endpoint: &url::Url, args: &[&str]) -> std::process::Command {
    aws_cli(sb, "s3", endpoint, args)
}

/// The CLI as the AWS provider `provider` at `endpoint` (moto, or a proxy in front of
/// it) with moto's dummy keys, running `args`.
pub fn aws_cli(
    sb: &Sandbox,
    provider: &str,
    endpoint: &url::Url,
    args: &[&str],
) -> std::process::Command {
    let url = endpoint.to_string();
    let mut all = vec![
        "--provider",
        provider,
        "--endpoint",
        url.as_str(),
        "--region",
        "us-east-1",
    ];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// `libcloud storage put FILE TARGET` at `endpoint`; panics with its stderr unless it
/// succeeds.
pub fn put(sb: &Sandbox, endpoint: &url::Url, file: &std::path::Path, target: &str) {
    let file = file.to_str().expect("utf-8 path");
    let out = s3_cli(sb, endpoint, &["storage", "put", file, target])
        .output()
        .expect("run put");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asks moto itself, without any of the project's drivers or parsers: one Query API
/// `POST /` of `params` for `service` (`elasticloadbalancing`, `ec2`) in `region`, with
/// an `Authorization` header that only names the credential scope moto routes by (moto
/// checks no signature). Returns the HTTP status and the body.
pub fn raw_query(
    endpoint: &url::Url,
    region: &str,
    service: &str,
    params: &[(&str, &str)],
) -> (u16, String) {
    use std::io::{Read, Write};
    let host = endpoint.host_str().expect("a host");
    let port = endpoint.port_or_known_default().expect("a port");
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n\
         X-Amz-Date: 20260101T000000Z\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/{region}/{service}/aws4_request, \
         SignedHeaders=host;x-amz-date, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect((host, port)).expect("connect to moto");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}
