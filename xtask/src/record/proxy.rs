//! The recording reverse proxy: listens on 127.0.0.1, forwards every request to the
//! upstream unchanged (apart from transport headers), answers with the upstream's
//! answer, and keeps both as an [`Exchange`].

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderName};
use hyper::{Method, Request, Response, StatusCode};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use super::exchange::Exchange;
use crate::serve::lock;
use crate::{Error, Result};

/// Headers that describe one hop, not the message; never forwarded either way.
const HOP_HEADERS: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn forward_request_header(name: &HeaderName) -> bool {
    let n = name.as_str();
    // The client sets Host and Content-Length for the upstream; asking for no
    // compression keeps recorded bodies readable.
    !HOP_HEADERS.contains(&n) && !matches!(n, "host" | "content-length" | "accept-encoding")
}

fn forward_response_header(name: &HeaderName, method: &Method) -> bool {
    let n = name.as_str();
    // A HEAD answer's Content-Length describes the resource, so it stays; otherwise the
    // server computes it from the body.
    !HOP_HEADERS.contains(&n) && (n != "content-length" || method == Method::HEAD)
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

struct Shared {
    upstream: String,
    client: reqwest::Client,
    next: AtomicU64,
    log: Mutex<Vec<(u64, Exchange)>>,
}

impl Shared {
    fn target(&self, path: &str, query: Option<&str>) -> String {
        match query {
            Some(q) => format!("{}{path}?{q}", self.upstream),
            None => format!("{}{path}", self.upstream),
        }
    }
}

/// A running recording proxy.
pub struct RecordingProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// Checks an upstream URL: `http` or `https`, a host, no query or fragment.
pub fn check_upstream(upstream: &Url) -> Result<()> {
    if !matches!(upstream.scheme(), "http" | "https") {
        return Err(Error::msg(format!(
            "upstream scheme {:?} is not http or https",
            upstream.scheme()
        )));
    }
    if upstream.host().is_none() || upstream.query().is_some() || upstream.fragment().is_some() {
        return Err(Error::msg(
            "upstream must be a base URL with a host and no query or fragment",
        ));
    }
    Ok(())
}

impl RecordingProxy {
    /// Starts the proxy on a free port of 127.0.0.1, forwarding to `upstream` (a base
    /// URL: request paths are appended to its path).
    pub async fn start(upstream: &Url) -> Result<Self> {
        check_upstream(upstream)?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(600))
            .build()
            .map_err(|e| Error::msg(format!("cannot build the HTTP client: {e}")))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| Error::msg(format!("cannot listen on 127.0.0.1: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::msg(format!("cannot read the proxy address: {e}")))?;
        let shared = Arc::new(Shared {
            upstream: upstream.as_str().trim_end_matches('/').to_string(),
            client,
            next: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
        });
        let (shutdown, stop) = oneshot::channel();
        let task = tokio::spawn(crate::serve::accept_loop(
            listener,
            "proxy",
            shared.clone(),
            handle,
            stop,
        ));
        Ok(RecordingProxy {
            addr,
            shared,
            shutdown,
            task,
        })
    }

    /// The proxy's base URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the proxy and returns the exchanges in the order the requests arrived.
    pub async fn finish(self) -> Vec<Exchange> {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
        let mut log = std::mem::take(&mut *lock(&self.shared.log));
        log.sort_by_key(|(seq, _)| *seq);
        log.into_iter().map(|(_, e)| e).collect()
    }
}

fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(text)));
    *resp.status_mut() = status;
    resp
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let seq = shared.next.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let request_body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return Ok(plain(
                StatusCode::BAD_REQUEST,
                format!("cannot read the request body: {e}"),
            ));
        }
    };
    let mut forward = shared
        .client
        .request(parts.method.clone(), shared.target(&path, query.as_deref()));
    for (name, value) in &parts.headers {
        if forward_request_header(name) {
            forward = forward.header(name, value);
        }
    }
    let forwarded = async {
        let resp = forward.body(request_body.clone()).send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await?;
        Ok::<_, reqwest::Error>((status, headers, body))
    };
    let (status, headers, response_body) = match forwarded.await {
        Ok(answer) => answer,
        Err(e) => {
            let e = e.without_url();
            eprintln!("xtask: forwarding {} {path} failed: {e}", parts.method);
            return Ok(plain(
                StatusCode::BAD_GATEWAY,
                format!("recording proxy: upstream failed: {e}"),
            ));
        }
    };
    let exchange = Exchange {
        method: parts.method.as_str().to_string(),
        path,
        query,
        request_headers: header_pairs(&parts.headers),
        request_body: request_body.to_vec(),
        status: status.as_u16(),
        response_headers: header_pairs(&headers),
        response_body: response_body.to_vec(),
    };
    lock(&shared.log).push((seq, exchange));
    let mut resp = Response::new(Full::new(response_body));
    *resp.status_mut() = status;
    for (name, value) in &headers {
        if forward_response_header(name, &parts.method) {
            resp.headers_mut().append(name, value.clone());
        }
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_must_be_a_plain_base_url() {
        for ok in ["http://127.0.0.1:5000", "https://api.example.com/v4/"] {
            check_upstream(&Url::parse(ok).unwrap()).unwrap();
        }
        for bad in ["ftp://h/", "http://h/?a=1", "http://h/#x", "unix:/run/sock"] {
            assert!(check_upstream(&Url::parse(bad).unwrap()).is_err(), "{bad}");
        }
    }

    #[test]
    fn transport_headers_stay_on_their_hop() {
        let h = |s: &str| HeaderName::from_bytes(s.as_bytes()).unwrap();
        for name in [
            "host",
            "connection",
            "transfer-encoding",
            "content-length",
            "accept-encoding",
        ] {
            assert!(!forward_request_header(&h(name)), "{name}");
        }
        for name in ["authorization", "content-type", "x-amz-date", "user-agent"] {
            assert!(forward_request_header(&h(name)), "{name}");
        }
        assert!(!forward_response_header(&h("content-length"), &Method::GET));
        assert!(forward_response_header(&h("content-length"), &Method::HEAD));
        assert!(!forward_response_header(
            &h("transfer-encoding"),
            &Method::GET
        ));
        assert!(forward_response_header(&h("etag"), &Method::GET));
    }

    #[test]
    fn target_keeps_the_upstream_base_path() {
        let shared = Shared {
            upstream: "https://api.example.com/v4".into(),
            client: reqwest::Client::new(),
            next: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
        };
        assert_eq!(
            shared.target("/linode/instances", Some("page=2")),
            "https://api.example.com/v4/linode/instances?page=2"
        );
        assert_eq!(shared.target("/", None), "https://api.example.com/v4/");
    }
}
