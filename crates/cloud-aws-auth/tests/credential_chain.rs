//! Runs every scenario under `tests/credential-chain/` (see its README).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use cloud_aws_auth::{
    AwsContext, CredentialChain, Credentials, CredentialsProvider, RealFiles, resolve_region,
};
use cloud_core::{ErrorKind, MapEnv};
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Deserialize, Default)]
struct Args {
    explicit: Option<Explicit>,
    profile: Option<String>,
    region: Option<String>,
}

#[derive(Deserialize)]
struct Explicit {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "mode", rename_all = "kebab-case")]
enum Imds {
    Serve {
        token: String,
        role: String,
        credentials: Value,
    },
    NoRole {
        token: String,
    },
    Error {
        status: u16,
    },
    Absent,
}

#[derive(Deserialize)]
struct Expected {
    access_key_id: Option<String>,
    session_token: Option<bool>,
    expires: Option<String>,
    error: Option<ExpectedError>,
    /// Absent: not checked. `null`: no region. A string: that region.
    #[serde(default, deserialize_with = "present")]
    region: Option<Option<String>>,
    within_ms: Option<u64>,
}

#[derive(Deserialize)]
struct ExpectedError {
    kind: ErrorKind,
    message_contains: Vec<String>,
    #[serde(default)]
    message_excludes: Vec<String>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn read_json<T: serde::de::DeserializeOwned>(file: &Path) -> Option<T> {
    let text = std::fs::read_to_string(file).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

/// Starts what `imds.json` describes; returns its base URL and the server to keep alive.
async fn start_imds(imds: Imds) -> (String, Option<MockServer>) {
    const TOKEN_PATH: &str = "/latest/api/token";
    const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";
    let token_mock = |token: &str| {
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .and(header("x-aws-ec2-metadata-token-ttl-seconds", "21600"))
            .respond_with(ResponseTemplate::new(200).set_body_string(token))
            .expect(1)
    };
    match imds {
        Imds::Absent => {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            drop(listener);
            (format!("http://127.0.0.1:{port}"), None)
        }
        Imds::Error { status } => {
            let server = MockServer::start().await;
            Mock::given(method("PUT"))
                .and(path(TOKEN_PATH))
                .respond_with(ResponseTemplate::new(status))
                .expect(1)
                .mount(&server)
                .await;
            (server.uri(), Some(server))
        }
        Imds::NoRole { token } => {
            let server = MockServer::start().await;
            token_mock(&token).mount(&server).await;
            Mock::given(method("GET"))
                .and(path(ROLES_PATH))
                .and(header("x-aws-ec2-metadata-token", token.as_str()))
                .respond_with(ResponseTemplate::new(404))
                .expect(1)
                .mount(&server)
                .await;
            (server.uri(), Some(server))
        }
        Imds::Serve {
            token,
            role,
            credentials,
        } => {
            let server = MockServer::start().await;
            token_mock(&token).mount(&server).await;
            Mock::given(method("GET"))
                .and(path(ROLES_PATH))
                .and(header("x-aws-ec2-metadata-token", token.as_str()))
                .respond_with(ResponseTemplate::new(200).set_body_string(format!("{role}\n")))
                .expect(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path(format!("{ROLES_PATH}{role}")))
                .and(header("x-aws-ec2-metadata-token", token.as_str()))
                .respond_with(ResponseTemplate::new(200).set_body_json(credentials))
                .expect(1)
                .mount(&server)
                .await;
            (server.uri(), Some(server))
        }
    }
}

async fn run(dir: &Path) -> Result<(), String> {
    let scenario = dir.to_string_lossy().into_owned();
    let vars: BTreeMap<String, String> =
        read_json(&dir.join("env.json")).ok_or("missing env.json")?;
    let args: Args = read_json(&dir.join("args.json")).unwrap_or_default();
    let imds: Imds = read_json(&dir.join("imds.json")).unwrap_or(Imds::Absent);
    let expected: Expected =
        read_json(&dir.join("expected.json")).ok_or("missing expected.json")?;

    let (imds_url, _server) = start_imds(imds).await;
    let mut env = MapEnv::default();
    for (name, value) in vars {
        env.set(name, value.replace("${SCENARIO}", &scenario));
    }
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_url);
    let ctx = AwsContext::new(Arc::new(env), Arc::new(RealFiles), Some(dir.join("home")));

    let mut chain = CredentialChain::new(ctx.clone());
    if let Some(e) = &args.explicit {
        let mut creds = Credentials::new(&e.access_key_id, e.secret_access_key.as_str());
        if let Some(t) = &e.session_token {
            creds = creds.with_session_token(t.as_str());
        }
        chain = chain.with_explicit(creds);
    }
    if let Some(p) = &args.profile {
        chain = chain.with_profile(p.clone());
    }

    let started = Instant::now();
    let result = chain.credentials().await;
    let elapsed = started.elapsed();
    if let Some(limit) = expected.within_ms
        && elapsed.as_millis() > u128::from(limit)
    {
        return Err(format!("took {elapsed:?}, more than {limit} ms"));
    }
    match (&expected.error, result) {
        (Some(want), Err(err)) => {
            if err.kind() != want.kind {
                return Err(format!(
                    "error kind {:?}, want {:?}: {err}",
                    err.kind(),
                    want.kind
                ));
            }
            let text = err.to_string();
            for part in &want.message_contains {
                if !text.contains(part.as_str()) {
                    return Err(format!("error {text:?} lacks {part:?}"));
                }
            }
            for part in &want.message_excludes {
                if text.contains(part.as_str()) {
                    return Err(format!("error {text:?} contains {part:?}"));
                }
            }
        }
        (Some(want), Ok(creds)) => {
            return Err(format!("got {creds:?}, want a {:?} error", want.kind));
        }
        (None, Err(err)) => return Err(format!("unexpected error: {err}")),
        (None, Ok(creds)) => {
            let want_id = expected
                .access_key_id
                .as_deref()
                .ok_or("no access_key_id expected")?;
            if creds.access_key_id() != want_id {
                return Err(format!(
                    "access key id {}, want {want_id}",
                    creds.access_key_id()
                ));
            }
            let want_token = expected.session_token.unwrap_or(false);
            if creds.session_token().is_some() != want_token {
                return Err(format!(
                    "session token present: {}, want {want_token}",
                    !want_token
                ));
            }
            let want_expiry = expected
                .expires
                .as_deref()
                .map(|e| SystemTime::from(chrono::DateTime::parse_from_rfc3339(e).unwrap()));
            if creds.expires_at() != want_expiry {
                return Err(format!(
                    "expiry {:?}, want {want_expiry:?}",
                    creds.expires_at()
                ));
            }
        }
    }
    if let Some(want) = &expected.region {
        let got = resolve_region(&ctx, args.region.as_deref(), args.profile.as_deref())
            .map_err(|e| format!("region: {e}"))?;
        if &got != want {
            return Err(format!("region {got:?}, want {want:?}"));
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_scenario() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/credential-chain");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "scenarios went missing: {}", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        if let Err(why) = run(dir).await {
            failures.push(format!(
                "{}: {why}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
