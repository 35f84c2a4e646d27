//! A scripted HTTP/1.1 server on 127.0.0.1 that misbehaves on demand.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Act {
    /// Answer with a status, extra headers and a body.
    Respond(u16, Vec<(&'static str, String)>, String),
    /// Read the request, then say nothing for this long.
    Hang(Duration),
    /// Read the request, then reset the connection.
    Reset,
}

/// A running fault server.
pub struct FaultServer {
    pub url: url::Url,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FaultServer {
    /// Starts a server that plays `script` one act per request; after the script runs
    /// out it answers 200 `ok`.
    pub async fn start(script: Vec<Act>) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let script = script.clone();
                let seen = seen2.clone();
                tokio::spawn(async move { serve(sock, script, seen).await });
            }
        });
        FaultServer {
            url: url::Url::parse(&format!("http://{addr}/")).unwrap(),
            seen,
        }
    }

    /// The request heads received so far.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(
    mut sock: TcpStream,
    script: Arc<Mutex<VecDeque<Act>>>,
    seen: Arc<Mutex<Vec<String>>>,
) {
    loop {
        let Some(head) = read_request(&mut sock).await else {
            return;
        };
        seen.lock().unwrap().push(head);
        let act =
            script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Act::Respond(200, vec![], "ok".into()));
        match act {
            Act::Respond(status, headers, body) => {
                let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                if sock.write_all(out.as_bytes()).await.is_err() {
                    return;
                }
            }
            Act::Hang(d) => {
                tokio::time::sleep(d).await;
                return;
            }
            Act::Reset => {
                let _ = sock.set_zero_linger();
                return;
            }
        }
    }
}

/// Reads one request (head and a content-length body); `None` at end of stream.
async fn read_request(sock: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = sock.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut have = buf.len() - head_end;
    while have < len {
        let n = sock.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        have += n;
    }
    Some(head)
}
