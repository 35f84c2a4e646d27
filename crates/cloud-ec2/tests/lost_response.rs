//! A launch whose answer is lost after moto acted is retried with the same
//! `ClientToken` and leaves exactly one instance.
//!
//! A fault-injecting proxy sits between the driver and moto. It forwards the first
//! `RunInstances`, keeps moto's answer and drops the connection instead of answering.
//! moto ignores `ClientToken`, so the proxy does what AWS does for a repeated token:
//! it answers with the first launch's answer and sends nothing on.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cloud_core::compute::{Compute, CreateNode};
use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// What the proxy saw and did.
#[derive(Debug, Default)]
struct Tally {
    /// Answers to `RunInstances` by client token.
    answers: HashMap<String, Vec<u8>>,
    /// `RunInstances` requests received.
    launches_received: usize,
    /// `RunInstances` requests sent on to moto.
    launches_forwarded: usize,
    /// Answers thrown away by dropping the connection.
    dropped: usize,
}

type Shared = Arc<Mutex<Tally>>;

/// Reads one HTTP/1.1 message (head and `Content-Length` body) from `stream`.
async fn read_message(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.truncate(head_end + length);
    Ok(buf)
}

/// The form fields of a request message's body.
fn form(message: &[u8]) -> HashMap<String, String> {
    let body_start = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(message.len(), |i| i + 4);
    url::form_urlencoded::parse(&message[body_start..])
        .into_owned()
        .collect()
}

/// Sends one request to moto and returns its whole answer.
async fn forward(upstream: &str, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut moto = TcpStream::connect(upstream).await?;
    moto.write_all(request).await?;
    read_message(&mut moto).await
}

async fn serve(mut client: TcpStream, upstream: String, tally: Shared) -> std::io::Result<()> {
    let request = read_message(&mut client).await?;
    let fields = form(&request);
    if fields.get("Action").map(String::as_str) != Some("RunInstances") {
        let answer = forward(&upstream, &request).await?;
        return client.write_all(&answer).await;
    }
    let token = fields.get("ClientToken").cloned().unwrap_or_default();
    let replayed = {
        let mut t = tally.lock().unwrap();
        t.launches_received += 1;
        t.answers.get(&token).cloned()
    };
    if let Some(answer) = replayed {
        return client.write_all(&answer).await;
    }
    let answer = forward(&upstream, &request).await?;
    let first = {
        let mut t = tally.lock().unwrap();
        t.launches_forwarded += 1;
        t.answers.insert(token, answer.clone());
        t.launches_forwarded == 1
    };
    if first {
        tally.lock().unwrap().dropped += 1;
        drop(client);
        return Ok(());
    }
    client.write_all(&answer).await
}

/// Starts the proxy in front of `moto`; returns its URL.
async fn start_proxy(moto: &Url, tally: Shared) -> Url {
    let upstream = format!(
        "{}:{}",
        moto.host_str().expect("moto URL has a host"),
        moto.port_or_known_default().expect("moto URL has a port")
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let addr = listener.local_addr().expect("proxy address");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (upstream, tally) = (upstream.clone(), tally.clone());
            tokio::spawn(async move {
                let _ = serve(client, upstream, tally).await;
            });
        }
    });
    Url::parse(&format!("http://{addr}/")).expect("proxy URL")
}

#[tokio::test]
async fn lost_launch_answer_is_retried_and_makes_one_instance() {
    let Some(moto) = common::moto_endpoint() else {
        return;
    };
    let region = "sa-east-1";
    let direct = common::driver(&common::config(&moto, region));
    let count = || async {
        direct
            .list_nodes()
            .try_collect::<Vec<_>>()
            .await
            .expect("list through moto")
    };
    let before = count().await.len();

    let tally = Shared::default();
    let proxy = start_proxy(&moto, tally.clone()).await;
    let through_proxy = common::driver(&common::config(&proxy, region));
    let name = common::unique("lost-answer");
    let node = through_proxy
        .create_node(&CreateNode::new(name.clone(), "t3.micro", common::IMAGE))
        .await
        .expect("the retried launch succeeds");

    {
        let t = tally.lock().unwrap();
        assert_eq!(t.dropped, 1, "{t:?}");
        assert_eq!(t.launches_received, 2, "one launch and one retry: {t:?}");
        assert_eq!(t.launches_forwarded, 1, "{t:?}");
    }
    let after = count().await;
    assert_eq!(
        after.len(),
        before + 1,
        "exactly one new instance: {after:#?}"
    );
    let named: Vec<_> = after.iter().filter(|n| n.name == name).collect();
    assert_eq!(named.len(), 1, "{named:#?}");
    assert_eq!(named[0].id, node.id);
    direct.destroy_node(&node.id).await.unwrap();
}
