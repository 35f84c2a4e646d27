//! AWS's published SigV4 test suite, run through the sans-IO signer and through
//! `SigV4Signer` on the pipeline's `OutgoingRequest`s. See `tests/sigv4-vectors/README.md`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::NaiveDateTime;
use cloud_aws_auth::{
    Credentials, PayloadHash, SigV4Signer, SignableRequest, SigningOptions, SigningScope,
    StaticCredentials, sign,
};
use cloud_core::FixedClock;
use cloud_core::http::{HeaderMap, HeaderName, HeaderValue, Method};
use sha2::{Digest, Sha256};
use url::Url;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
const SUITE_SIZE: usize = 31;

/// Vectors whose published `.creq` disagrees with their own `.sts` / `.authz`.
const PUBLISHED_INCONSISTENT: &[&str] = &[
    "post-x-www-form-urlencoded",
    "post-x-www-form-urlencoded-parameters",
];

struct Vector {
    name: String,
    method: Method,
    target: String,
    headers: HeaderMap,
    body: Vec<u8>,
    creq: String,
    sts: String,
    authz: String,
}

impl Vector {
    fn load(dir: &Path) -> Vector {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let read = |ext: &str| {
            let text = std::fs::read_to_string(dir.join(format!("{name}.{ext}")))
                .unwrap_or_else(|e| panic!("{name}.{ext}: {e}"));
            text.trim_end_matches('\n').to_string()
        };
        let (method, target, headers, body) = parse_req(&read("req"));
        Vector {
            method,
            target,
            headers,
            body,
            creq: read("creq"),
            sts: read("sts"),
            authz: read("authz"),
            name,
        }
    }

    /// The URL a client would send: the request target percent-encoded where needed.
    fn url(&self) -> Url {
        let host = self.headers["host"].to_str().unwrap();
        Url::parse(&format!("https://{host}{}", self.target)).unwrap()
    }

    /// Standard non-S3 options, except for a target that is not a legal URI as
    /// written (see the README): its expected canonical path is the once-encoded one.
    fn options(&self) -> SigningOptions {
        let legal = self.target.bytes().all(|b| b.is_ascii_graphic());
        SigningOptions {
            double_encode_path: legal,
            ..SigningOptions::standard()
        }
    }

    fn time(&self) -> SystemTime {
        let date = self.headers["x-amz-date"].to_str().unwrap();
        let t = NaiveDateTime::parse_from_str(date, "%Y%m%dT%H%M%SZ").unwrap();
        SystemTime::from(t.and_utc())
    }

    fn credentials(&self) -> Credentials {
        let creds = Credentials::new(ACCESS_KEY, SECRET_KEY);
        match self.headers.get("x-amz-security-token") {
            Some(token) => creds.with_session_token(token.to_str().unwrap()),
            None => creds,
        }
    }

    fn published_consistent(&self) -> bool {
        !PUBLISHED_INCONSISTENT.contains(&self.name.as_str())
    }
}

/// Parses a `.req` file: request line, headers (indented lines continue the header
/// above as one more value), blank line, body.
fn parse_req(text: &str) -> (Method, String, HeaderMap, Vec<u8>) {
    let mut lines = text.split('\n');
    let request_line = lines.next().unwrap();
    let (method, rest) = request_line.split_once(' ').unwrap();
    let (target, _protocol) = rest.rsplit_once(' ').unwrap();
    let mut headers = HeaderMap::new();
    let mut last: Option<HeaderName> = None;
    for line in lines.by_ref() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            let name = last.clone().expect("continuation line after a header");
            headers.append(name, HeaderValue::from_str(line.trim()).unwrap());
            continue;
        }
        let (name, value) = line.split_once(':').unwrap();
        let name = HeaderName::from_bytes(name.trim().as_bytes()).unwrap();
        headers.append(name.clone(), HeaderValue::from_str(value).unwrap());
        last = Some(name);
    }
    let body = lines.collect::<Vec<_>>().join("\n").into_bytes();
    (
        Method::from_bytes(method.as_bytes()).unwrap(),
        target.to_string(),
        headers,
        body,
    )
}

fn vectors() -> Vec<Vector> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sigv4-vectors");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let all: Vec<Vector> = dirs.iter().map(|d| Vector::load(d)).collect();
    assert_eq!(all.len(), SUITE_SIZE, "the suite has {SUITE_SIZE} vectors");
    all
}

#[test]
fn every_vector_passes_the_sans_io_signer() {
    let mut failures = Vec::new();
    let mut full_passes = 0;
    for v in vectors() {
        let url = v.url();
        let request = SignableRequest {
            method: &v.method,
            url: &url,
            headers: &v.headers,
            payload: PayloadHash::Bytes(&v.body),
        };
        let scope = SigningScope {
            region: REGION,
            service: SERVICE,
            time: v.time(),
        };
        let out = match sign(&request, &v.credentials(), &scope, &v.options()) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{}: signing failed: {e}", v.name));
                continue;
            }
        };
        if out.canonical_request != v.creq {
            failures.push(format!(
                "{}: canonical request\n got: {:?}\nwant: {:?}",
                v.name, out.canonical_request, v.creq
            ));
            continue;
        }
        if !v.published_consistent() {
            continue;
        }
        if out.string_to_sign != v.sts {
            failures.push(format!(
                "{}: string to sign\n got: {:?}\nwant: {:?}",
                v.name, out.string_to_sign, v.sts
            ));
        } else if out.authorization != v.authz {
            failures.push(format!(
                "{}: authorization\n got: {}\nwant: {}",
                v.name, out.authorization, v.authz
            ));
        } else {
            full_passes += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(full_passes, SUITE_SIZE - PUBLISHED_INCONSISTENT.len());
}

#[test]
fn the_excluded_vectors_really_contradict_themselves() {
    for v in vectors().iter().filter(|v| !v.published_consistent()) {
        let digest = hex::encode(Sha256::digest(v.creq.as_bytes()));
        assert!(
            !v.sts.ends_with(&digest),
            "{}: the published .creq now matches its .sts; check it fully again",
            v.name
        );
    }
}

#[tokio::test]
async fn every_vector_passes_the_pipeline_signer() {
    use cloud_core::http::Signer;

    let mut checked = 0;
    for v in vectors() {
        let clock = FixedClock::at_unix(
            v.time()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        );
        let signer = SigV4Signer::new(
            Arc::new(StaticCredentials::new(v.credentials())),
            REGION,
            SERVICE,
        )
        .with_options(v.options())
        .with_clock(Arc::new(clock));
        let mut request = cloud_core::http::OutgoingRequest::new(v.method.clone(), v.url())
            .with_headers(v.headers.clone());
        if !v.body.is_empty() {
            request = request.with_body(v.body.clone());
        }
        signer.sign(&mut request).await.unwrap();
        let authz = request.headers()["authorization"].to_str().unwrap();
        if v.published_consistent() {
            assert_eq!(authz, v.authz, "{}", v.name);
        } else {
            // The canonical request is right (checked above); the header must at
            // least carry the signed headers that canonical request lists.
            let signed = v.creq.lines().nth_back(1).unwrap();
            assert!(
                authz.contains(&format!("SignedHeaders={signed},")),
                "{}: {authz}",
                v.name
            );
        }
        checked += 1;
    }
    assert_eq!(checked, SUITE_SIZE);
}
