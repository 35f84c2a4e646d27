//! One request of the compute area, as the resource files describe it, and the lists
//! read page after page with `limit` and `marker`.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::http::{HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Result};
use serde_json::Value;

use super::model::Microversion;
use crate::PROVIDER_ID;

/// Items asked for per page: the default `max_limit` of Nova, Glance and Cinder, which
/// cap larger requests at it anyway.
pub(crate) const PAGE_SIZE: u32 = 1000;

/// A request body that depends on the microversion it is sent with (a server create
/// spells `networks` differently before 2.37).
pub(crate) type VersionedBody = Arc<dyn Fn(Microversion) -> Value + Send + Sync>;

/// A request body.
#[derive(Clone)]
pub(crate) enum Body {
    /// None.
    Empty,
    /// JSON.
    Json(Value),
    /// JSON made for the microversion in use.
    Versioned(VersionedBody),
}

/// One call: operation name, method, path under the service's endpoint, query, body.
#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) op: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

impl Call {
    /// A call without query or body.
    pub(crate) fn new(op: &'static str, method: Method, path: impl Into<String>) -> Self {
        Call {
            op,
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
        }
    }

    /// With a JSON body.
    pub(crate) fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    /// With a query parameter.
    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// The pipeline request for `http`'s endpoint, its body made for `version`.
    pub(crate) fn request(&self, http: &HttpClient, version: Microversion) -> HttpRequest {
        let mut url = http.url(&self.path);
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.query {
                pairs.append_pair(k, v);
            }
        }
        let request = HttpRequest::new(self.op, self.method.clone(), url)
            .header("accept", "application/json");
        match &self.body {
            Body::Empty => request,
            Body::Json(value) => request.json(value),
            Body::Versioned(make) => request.json(&make(version)),
        }
    }
}

/// Something that sends calls: a service, or Nova with its microversion.
#[async_trait]
pub(crate) trait Caller: Clone + Send + Sync + 'static {
    /// Sends `call`, naming the provider and operation on any error.
    async fn call(&self, call: Call) -> Result<HttpResponse>;
}

/// Every item of the collection at `path`, page after page: `limit` (when given) and
/// the `marker` each page's parser found, until a page names no next one.
pub(crate) fn paged<T, C>(
    caller: C,
    op: &'static str,
    path: String,
    limit: Option<u32>,
    parse: fn(&[u8]) -> Result<Page<T>>,
) -> BoxStream<'static, Result<T>>
where
    T: Send + 'static,
    C: Caller,
{
    filtered(caller, Call::new(op, Method::GET, path), limit, parse)
}

/// Like [`paged`], for a `GET` that carries filters in its query already.
pub(crate) fn filtered<T, C>(
    caller: C,
    first: Call,
    limit: Option<u32>,
    parse: fn(&[u8]) -> Result<Page<T>>,
) -> BoxStream<'static, Result<T>>
where
    T: Send + 'static,
    C: Caller,
{
    let op = first.op;
    paginate(move |marker: Option<String>| {
        let caller = caller.clone();
        let mut call = first.clone();
        if let Some(limit) = limit {
            call = call.query("limit", limit.to_string());
        }
        if let Some(marker) = marker {
            call = call.query("marker", marker);
        }
        async move {
            let response = caller.call(call).await?;
            parse(&response.body).map_err(|e| e.in_context(PROVIDER_ID, op))
        }
    })
}
