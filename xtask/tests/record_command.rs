//! `record-fixtures` as a whole: the command gets the proxy's address, and the scenario
//! folder is only replaced when the command succeeded and sent requests.
#![cfg(unix)]

use std::path::Path;

use url::Url;
use xtask::record::{self, RecordOptions};

fn sh(script: &str) -> Vec<String> {
    vec!["sh".into(), "-c".into(), script.into()]
}

fn options(fixtures: &Path, command: Vec<String>) -> RecordOptions {
    RecordOptions::new(
        fixtures,
        "demo",
        "basic",
        Url::parse("http://127.0.0.1:9/").unwrap(),
        vec!["secret-value-1".into()],
        command,
    )
    .unwrap()
}

fn seed(fixtures: &Path) -> std::path::PathBuf {
    let dir = fixtures.join("demo/basic");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("001-get-old.json"), "{}").unwrap();
    dir
}

#[tokio::test]
async fn command_gets_the_proxy_address_and_no_requests_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = seed(tmp.path());
    let seen = tmp.path().join("env.txt");
    let script = format!(
        "printf '%s %s' \"$LIBCLOUD_RECORD_ENDPOINT\" \"$LIBCLOUD_ENDPOINT\" > '{}'",
        seen.display()
    );
    let err = record::record(&options(tmp.path(), sh(&script)))
        .await
        .unwrap_err();
    assert!(
        err.message().contains("no request reached the proxy"),
        "{err}"
    );
    let seen = std::fs::read_to_string(&seen).unwrap();
    let (a, b) = seen.split_once(' ').unwrap();
    assert_eq!(a, b);
    assert!(
        a.starts_with("http://127.0.0.1:") && a.len() > "http://127.0.0.1:".len(),
        "{a}"
    );
    assert!(scenario.join("001-get-old.json").exists());
}

#[tokio::test]
async fn failing_command_leaves_the_fixtures_and_passes_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = seed(tmp.path());
    let code = record::record(&options(tmp.path(), sh("exit 3")))
        .await
        .unwrap();
    assert_eq!(code, 3);
    assert!(scenario.join("001-get-old.json").exists());
}

#[test]
fn bad_names_are_refused_before_anything_runs() {
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    for (provider, scenario) in [("../x", "s"), ("p", ".."), ("p", "a/b"), ("", "s")] {
        let r = RecordOptions::new(
            Path::new("/f"),
            provider,
            scenario,
            url.clone(),
            vec![],
            sh("true"),
        );
        assert!(r.is_err(), "{provider:?} {scenario:?}");
    }
    assert!(RecordOptions::new(Path::new("/f"), "p", "s", url.clone(), vec![], vec![]).is_err());
    let opts = options(Path::new("/f"), sh("true"));
    assert!(!format!("{opts:?}").contains("secret-value-1"));
}

#[tokio::test]
async fn a_successful_command_replaces_the_scenario() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("python3 is absent: skipping");
        return;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let _ = s.read(&mut buf).await;
            let body = r#"{"ok": true, "password": "secret-value-1"}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = s.write_all(answer.as_bytes()).await;
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let scenario = seed(tmp.path());
    let script = "import os, urllib.request; \
                  urllib.request.urlopen(os.environ['LIBCLOUD_ENDPOINT'] + '/v1/things?limit=5').read()";
    let mut opts = RecordOptions::new(
        tmp.path(),
        "demo",
        "basic",
        Url::parse(&format!("http://{upstream}")).unwrap(),
        vec!["secret-value-1".into()],
        vec!["python3".into(), "-c".into(), script.into()],
    )
    .unwrap();
    assert_eq!(record::record(&opts).await.unwrap(), 0);
    assert!(!scenario.join("001-get-old.json").exists());
    let text = std::fs::read_to_string(scenario.join("001-get-things.json")).unwrap();
    assert!(!text.contains("secret-value-1"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["request"]["query"]["limit"], "5");
    assert_eq!(v["response"]["body_json"]["ok"], true);
    assert_eq!(v["response"]["body_json"]["password"], "[scrubbed]");
    opts = options(tmp.path(), sh("exit 0"));
    assert!(record::record(&opts).await.is_err());
    assert!(scenario.join("001-get-things.json").exists());
}
