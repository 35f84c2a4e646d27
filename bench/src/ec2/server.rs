//! The replay server: answers EC2 Query API requests (form POST or GET with a query
//! string) on 127.0.0.1 from an [`Api`] held in memory, on its own runtime thread, and
//! counts what it served so each client run can be checked.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};

use super::api::Api;
use super::fleet::Fleet;
use crate::Result;
use crate::background::{Background, Bound};

/// What the server answered since the last [`ReplayServer::take_served`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Served {
    /// Every request.
    pub requests: u64,
    /// `DescribeInstances` requests answered with status 200.
    pub pages: u64,
    /// Instances in those answers.
    pub instances: u64,
    /// Requests answered with an error status.
    pub errors: u64,
}

#[derive(Default)]
struct Counters {
    next: AtomicU64,
    requests: AtomicU64,
    pages: AtomicU64,
    instances: AtomicU64,
    errors: AtomicU64,
}

struct Shared {
    api: Api,
    counters: Counters,
}

/// A running replay server. Dropping it stops it.
pub struct ReplayServer {
    server: Background,
    shared: Arc<Shared>,
}

impl ReplayServer {
    /// Starts serving `fleet` on a free port of 127.0.0.1.
    pub fn start(fleet: Fleet) -> Result<Self> {
        let bound = Bound::loopback("ec2-replay")?;
        let shared = Arc::new(Shared {
            api: Api::new(fleet, bound.addr().to_string()),
            counters: Counters::default(),
        });
        let server = bound.serve("replay server", shared.clone(), handle);
        Ok(ReplayServer { server, shared })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.server.addr().port()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.server.addr())
    }

    /// The instances it serves.
    pub fn fleet(&self) -> &Fleet {
        self.shared.api.fleet()
    }

    /// How many instances it serves.
    pub fn fleet_len(&self) -> usize {
        self.shared.api.fleet().len()
    }

    /// What it answered since the last call, resetting the counts.
    pub fn take_served(&self) -> Served {
        let c = &self.shared.counters;
        Served {
            requests: c.requests.swap(0, Ordering::SeqCst),
            pages: c.pages.swap(0, Ordering::SeqCst),
            instances: c.instances.swap(0, Ordering::SeqCst),
            errors: c.errors.swap(0, Ordering::SeqCst),
        }
    }
}

/// The parameters of a Query API request: the query string's, then the form body's.
pub fn params(query: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    out.extend(url::form_urlencoded::parse(body).into_owned());
    out
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let n = shared.counters.next.fetch_add(1, Ordering::SeqCst) + 1;
    let c = &shared.counters;
    c.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let answer = shared.api.answer(&params(parts.uri.query(), &body), n);
    if answer.status == 200 {
        if answer.instances > 0 {
            c.pages.fetch_add(1, Ordering::SeqCst);
            c.instances
                .fetch_add(answer.instances as u64, Ordering::SeqCst);
        }
    } else {
        c.errors.fetch_add(1, Ordering::SeqCst);
    }
    let mut resp = Response::new(Full::new(answer.body));
    *resp.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = resp.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/xml;charset=UTF-8"),
    );
    headers.insert(
        hyper::header::SERVER,
        hyper::header::HeaderValue::from_static("AmazonEC2"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_form_parameters_are_both_read() {
        let p = params(
            Some("Action=DescribeInstances&Version=2016-11-15"),
            b"MaxResults=1000&NextToken=a%2Bb",
        );
        assert_eq!(
            p,
            [
                ("Action".to_string(), "DescribeInstances".to_string()),
                ("Version".into(), "2016-11-15".into()),
                ("MaxResults".into(), "1000".into()),
                ("NextToken".into(), "a+b".into()),
            ]
        );
        assert!(params(None, b"").is_empty());
    }

    #[test]
    fn serves_pages_over_http_and_counts_them() {
        let server = ReplayServer::start(Fleet::generate(12)).unwrap();
        assert_eq!(server.fleet_len(), 12);
        assert!(server.endpoint().starts_with("http://127.0.0.1:"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = reqwest::Client::new();
        let post = |form: &'static str| {
            client
                .post(server.endpoint())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
        };
        let (status, text) = rt.block_on(async {
            let r = post("Action=DescribeInstances&MaxResults=5").await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        });
        assert_eq!(status, 200);
        assert_eq!(text.matches("<instanceId>").count(), 5);
        let status = rt.block_on(async {
            let r = client
                .get(format!("{}/?Action=DescribeInstances", server.endpoint()))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        });
        assert_eq!(status, 200);
        let status =
            rt.block_on(async { post("Action=TerminateInstances").await.unwrap().status() });
        assert_eq!(status.as_u16(), 400);
        assert_eq!(
            server.take_served(),
            Served {
                requests: 3,
                pages: 2,
                instances: 17,
                errors: 1
            }
        );
        assert_eq!(server.take_served(), Served::default());
        let port = server.port();
        drop(server);
        assert!(!xtask::services::tcp_accepts(port));
    }
}
