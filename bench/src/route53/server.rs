//! The Route 53 benchmark server: [`Api`] over HTTP on 127.0.0.1, on its own runtime
//! thread, counting requests and change batches.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};

use super::api::Api;
use crate::Result;
use crate::background::{Background, Bound};

/// What the server answered since the last [`Route53Server::take_served`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Served {
    /// Every request.
    pub requests: u64,
    /// Change batches applied.
    pub change_batches: u64,
    /// Requests answered with an error status.
    pub errors: u64,
}

struct Shared {
    api: Mutex<Api>,
    served: Mutex<Served>,
}

/// A running server. Dropping it stops it.
pub struct Route53Server {
    server: Background,
    shared: Arc<Shared>,
}

impl Route53Server {
    /// Starts an empty zone on a free port of 127.0.0.1.
    pub fn start() -> Result<Self> {
        let bound = Bound::loopback("route53-bench")?;
        let shared = Arc::new(Shared {
            api: Mutex::new(Api::new()),
            served: Mutex::new(Served::default()),
        });
        let server = bound.serve("route53 server", shared.clone(), handle);
        Ok(Route53Server { server, shared })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.server.addr().port()
    }

    /// Empties the zone again.
    pub fn reset(&self) {
        if let Ok(mut api) = self.shared.api.lock() {
            api.reset();
        }
    }

    /// The values the zone holds, its SOA and NS left out.
    pub fn values(&self) -> usize {
        self.shared.api.lock().map(|a| a.user_values()).unwrap_or(0)
    }

    /// What it answered since the last call, resetting the counts.
    pub fn take_served(&self) -> Served {
        self.shared
            .served
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> std::result::Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let body = String::from_utf8_lossy(&body);
    let answer = match shared.api.lock() {
        Ok(mut api) => api.answer(
            parts.method.as_str(),
            parts.uri.path(),
            parts.uri.query().unwrap_or(""),
            &body,
        ),
        Err(_) => super::api::Answer {
            status: 500,
            body: String::new(),
            changed_values: 0,
            change_batch: false,
        },
    };
    if let Ok(mut served) = shared.served.lock() {
        served.requests += 1;
        if answer.change_batch {
            served.change_batches += 1;
        }
        if answer.status >= 400 {
            served.errors += 1;
        }
    }
    let mut resp = Response::new(Full::new(Bytes::from(answer.body)));
    *resp.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST);
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/xml"),
    );
    resp.headers_mut().insert(
        "x-amzn-requestid",
        hyper::header::HeaderValue::from_static("bench"),
    );
    Ok(resp)
}
