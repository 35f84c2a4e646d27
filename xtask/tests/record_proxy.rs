//! The recording proxy end to end: a small upstream, requests through the proxy, and
//! the fixture files written from what it saw.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use url::Url;
use xtask::record::{RecordingProxy, Scrubber, fixture};

const TOKEN: &str = "linode-pat-0123456789abcdef";
const ROOT_PASS: &str = "Sup3r-Secret-Root";
const CLI_SECRET: &str = "customer-name-42";
const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const ACCOUNT: &str = "210987654321";

/// Answers by path; echoes what it needs to prove forwarding kept the request intact.
async fn upstream_answer(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = req.into_body().collect().await.unwrap().to_bytes();
    let (status, content_type, text) = match (method.as_str(), path.as_str()) {
        ("GET", "/v4/linode/instances") => (
            200,
            "application/json",
            json!({
                "data": [{"id": 7, "label": "web-1", "note": format!("made by {CLI_SECRET}")}],
                "page": url::form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "page")
                    .map(|(_, v)| v.into_owned()),
                "auth_seen": auth == format!("Bearer {TOKEN}"),
            })
            .to_string(),
        ),
        ("POST", "/v4/linode/instances") => {
            let sent: Value = serde_json::from_slice(&body).unwrap();
            (
                200,
                "application/json",
                json!({"id": 8, "label": sent["label"], "root_pass": sent["root_pass"]})
                    .to_string(),
            )
        }
        ("POST", "/") => (
            200,
            "text/xml;charset=UTF-8",
            format!(
                "<DescribeInstancesResponse><reservationSet><item><ownerId>{ACCOUNT}</ownerId>\
                 <accessKey>{KEY_ID}</accessKey><arn>arn:aws:iam::{ACCOUNT}:role/x</arn>\
                 </item></reservationSet><echo>{}</echo></DescribeInstancesResponse>",
                String::from_utf8_lossy(&body).len()
            ),
        ),
        ("GET", "/big") => (200, "text/plain", format!("{TOKEN}\n{}", "x".repeat(6000))),
        _ => (
            404,
            "application/json",
            json!({"errors": [{"reason": "Not found"}]}).to_string(),
        ),
    };
    let mut resp = Response::new(Full::new(Bytes::from(text)));
    *resp.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
    resp.headers_mut()
        .insert("content-type", content_type.parse().unwrap());
    resp.headers_mut()
        .insert("set-cookie", format!("session={TOKEN}").parse().unwrap());
    resp.headers_mut()
        .insert("x-request-id", "req-abc".parse().unwrap());
    Ok(resp)
}

async fn start_upstream() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(upstream_answer))
                    .await;
            });
        }
    });
    addr
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn folder_text(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        all.push_str(&String::from_utf8_lossy(&bytes));
    }
    all
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn records_scrubbed_fixtures_through_the_proxy() {
    let upstream = start_upstream().await;
    let upstream_url = Url::parse(&format!("http://{upstream}/")).unwrap();
    let proxy = RecordingProxy::start(&upstream_url).await.unwrap();
    let base = proxy.endpoint();
    assert!(base.starts_with("http://127.0.0.1:"));
    let client = reqwest::Client::new();

    let list = client
        .get(format!("{base}/v4/linode/instances?page=2&api_key={TOKEN}"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let list: Value = serde_json::from_slice(&list.bytes().await.unwrap()).unwrap();
    assert_eq!(list["page"], "2");
    assert_eq!(
        list["auth_seen"], true,
        "the proxy forwards the credentials"
    );

    let created = client
        .post(format!("{base}/v4/linode/instances"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(json!({"label": "web-2", "root_pass": ROOT_PASS, "region": "us-east"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    assert!(created.headers().get("set-cookie").is_some());
    let created: Value = serde_json::from_slice(&created.bytes().await.unwrap()).unwrap();
    assert_eq!(
        created["root_pass"], ROOT_PASS,
        "the client sees the real answer"
    );

    let form = format!(
        "Action=DescribeInstances&Version=2016-11-15&Owner.1={ACCOUNT}&Signature=sig123456"
    );
    let xml = client
        .post(format!("{base}/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-amz-date", "20240101T000000Z")
        .header("x-amz-security-token", "FwoGZXIvYXdzEJr-session")
        .body(form.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(xml.contains(&format!("<echo>{}</echo>", form.len())));

    let big = client.get(format!("{base}/big")).send().await.unwrap();
    assert_eq!(big.bytes().await.unwrap().len(), TOKEN.len() + 6001);
    let missing = client
        .delete(format!("{base}/v4/linode/instances/99"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let exchanges = proxy.finish().await;
    assert_eq!(exchanges.len(), 5);

    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("linode/list-create");
    let scrub = Scrubber::new([CLI_SECRET.to_string()]);
    fixture::write_scenario(&dir, &exchanges, &scrub).unwrap();

    assert_eq!(
        file_names(&dir),
        [
            "001-get-instances.json",
            "002-post-instances.json",
            "003-post-describeinstances.json",
            "004-get-big.body",
            "004-get-big.json",
            "005-delete-99.json",
        ]
    );
    let everything = folder_text(&dir);
    for secret in [
        TOKEN,
        ROOT_PASS,
        CLI_SECRET,
        KEY_ID,
        ACCOUNT,
        "sig123456",
        "session",
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked into the fixtures"
        );
    }
    assert!(!everything.to_ascii_lowercase().contains("authorization"));
    assert!(!everything.contains("20240101T000000Z"));

    let list = read_json(&dir.join("001-get-instances.json"));
    assert_eq!(
        list["request"],
        json!({
            "method": "GET",
            "path": "/v4/linode/instances",
            "query": {"page": "2", "api_key": "[scrubbed]"}
        })
    );
    assert_eq!(list["response"]["status"], 200);
    assert_eq!(
        list["response"]["headers"],
        json!({"content-type": "application/json", "x-request-id": "req-abc"})
    );
    assert_eq!(
        list["response"]["body_json"]["data"][0]["note"],
        "made by [scrubbed]"
    );

    let create = read_json(&dir.join("002-post-instances.json"));
    assert_eq!(
        create["request"]["body_json"],
        json!({"label": "web-2", "root_pass": "[scrubbed]", "region": "us-east"})
    );
    assert_eq!(
        create["request"]["headers"],
        json!({"content-type": "application/json"})
    );
    assert_eq!(create["response"]["body_json"]["root_pass"], "[scrubbed]");

    let ec2 = read_json(&dir.join("003-post-describeinstances.json"));
    assert_eq!(
        ec2["request"]["body_form"],
        json!({
            "Action": "DescribeInstances",
            "Version": "2016-11-15",
            "Owner.1": "123456789012"
        })
    );
    assert_eq!(
        ec2["request"]["headers"],
        json!({"content-type": "application/x-www-form-urlencoded"})
    );
    let body = ec2["response"]["body"].as_str().unwrap();
    assert!(body.contains("<ownerId>123456789012</ownerId>"), "{body}");
    assert!(
        body.contains("<accessKey>AKIDEXAMPLE</accessKey>"),
        "{body}"
    );
    assert!(body.contains("arn:aws:iam::123456789012:role/x"), "{body}");
    assert_eq!(
        ec2["response"]["headers"]["content-type"],
        "text/xml;charset=UTF-8"
    );

    let big = read_json(&dir.join("004-get-big.json"));
    assert_eq!(big["response"]["body_file"], "004-get-big.body");
    let big_body = std::fs::read_to_string(dir.join("004-get-big.body")).unwrap();
    assert!(big_body.starts_with("[scrubbed]\nxxx"));

    let missing = read_json(&dir.join("005-delete-99.json"));
    assert_eq!(
        missing["request"],
        json!({"method": "DELETE", "path": "/v4/linode/instances/99"})
    );
    assert_eq!(missing["response"]["status"], 404);
    assert_eq!(
        missing["response"]["body_json"]["errors"][0]["reason"],
        "Not found"
    );
}
