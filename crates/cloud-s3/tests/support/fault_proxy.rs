//! A small HTTP/1.1 proxy for tests that breaks chosen requests: it resets the
//! connection of multipart part uploads from some part number on, or cuts or corrupts
//! the bodies of downloads. Everything else is forwarded to the upstream unchanged
//! (the `Host` header too, so SigV4 signatures still verify), one request per
//! connection.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// What the proxy breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Resets the connection of every `UploadPart` whose part number is at least this.
    ResetPartsFrom(u32),
    /// Sends only this many bytes of every `GET` answer's body, then closes.
    TruncateGets(usize),
    /// Flips one bit in the middle of every `GET` answer's body.
    CorruptGets,
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    broken: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1 in front of `upstream` (a loopback URL).
    pub async fn start(upstream: &Url, fault: Fault) -> FaultProxy {
        cloud_test::guard::assert_loopback(upstream);
        let target = format!(
            "{}:{}",
            upstream.host_str().expect("upstream host"),
            upstream.port_or_known_default().expect("upstream port")
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let broken = Arc::new(AtomicUsize::new(0));
        let counter = broken.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let target = target.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    let _ = serve(client, &target, fault, &counter).await;
                });
            }
        });
        FaultProxy { addr, broken, task }
    }

    /// The proxy's base URL.
    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}", self.addr)).expect("proxy URL")
    }

    /// How many requests it broke so far.
    pub fn broken(&self) -> usize {
        self.broken.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads up to the end of an HTTP head; returns the head and what came after it.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Ok((String::from_utf8_lossy(&buf).into_owned(), rest));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed inside a head",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn content_length(head: &str) -> usize {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The head with any `Connection` header replaced by `Connection: close`.
fn closing(head: &str) -> String {
    let mut out: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"))
        })
        .collect();
    out.push("Connection: close");
    format!("{}\r\n\r\n", out.join("\r\n"))
}

fn part_number(request_line: &str) -> Option<u32> {
    let query = request_line.split_whitespace().nth(1)?.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix("partNumber="))
        .and_then(|n| n.parse().ok())
}

async fn serve(
    mut client: TcpStream,
    target: &str,
    fault: Fault,
    broken: &AtomicUsize,
) -> std::io::Result<()> {
    let (head, mut body) = read_head(&mut client).await?;
    let request_line = head.lines().next().unwrap_or_default().to_string();
    if let Fault::ResetPartsFrom(from) = fault
        && part_number(&request_line).is_some_and(|n| n >= from)
    {
        broken.fetch_add(1, Ordering::SeqCst);
        // A zero linger makes the close a reset, and never blocks.
        #[allow(deprecated)]
        client.set_linger(Some(std::time::Duration::ZERO))?;
        drop(client);
        return Ok(());
    }
    let want = content_length(&head);
    let mut chunk = vec![0u8; 64 * 1024];
    while body.len() < want {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut upstream = TcpStream::connect(target).await?;
    upstream.write_all(closing(&head).as_bytes()).await?;
    upstream.write_all(&body).await?;
    let (resp_head, mut resp_body) = read_head(&mut upstream).await?;
    upstream.read_to_end(&mut resp_body).await?;
    let is_get = request_line.starts_with("GET ");
    match fault {
        Fault::TruncateGets(keep) if is_get && resp_body.len() > keep => {
            broken.fetch_add(1, Ordering::SeqCst);
            resp_body.truncate(keep);
        }
        Fault::CorruptGets if is_get && !resp_body.is_empty() => {
            broken.fetch_add(1, Ordering::SeqCst);
            let mid = resp_body.len() / 2;
            resp_body[mid] ^= 0x01;
        }
        _ => {}
    }
    client.write_all(closing(&resp_head).as_bytes()).await?;
    client.write_all(&resp_body).await?;
    client.shutdown().await
}
