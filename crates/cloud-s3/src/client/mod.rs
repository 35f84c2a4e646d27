//! Sending requests: one pipeline client per region, the region of each bucket
//! remembered, and redirects to a bucket's own region followed.

mod addressing;
mod encode;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use bytes::Bytes;
use cloud_aws_auth::{Credentials, CredentialsProvider, SigV4Signer};
use cloud_core::http::{
    BodyFactory, Endpoint, HttpClient, HttpConfig, HttpRequest, HttpResponse, Method,
    StreamingResponse,
};
use cloud_core::{Clock, Result};
use url::Url;

pub use addressing::Addressing;
pub use encode::{copy_source, looks_url_encoded, url_decode};

use crate::PROVIDER_ID;
use crate::errors::{S3ErrorParser, region_hint};
use crate::ops::lock;
use crate::settings::PayloadSigning;

/// Most regions one request is tried in (its first, then where redirects point).
const MAX_REGION_HOPS: usize = 3;

/// One S3 request, described independently of the region it ends up in.
#[derive(Debug, Clone)]
pub struct S3Request {
    operation: &'static str,
    method: Method,
    bucket: Option<String>,
    key: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Bytes>,
    stream: Option<StreamedBody>,
    idempotent: Option<bool>,
    unsigned_payload: bool,
    payload_sha256: Option<String>,
}

/// A body streamed anew for each attempt.
#[derive(Clone)]
struct StreamedBody(BodyFactory);

impl std::fmt::Debug for StreamedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamedBody")
    }
}

impl S3Request {
    /// A request for the service itself (no bucket).
    pub fn new(operation: &'static str, method: Method) -> Self {
        S3Request {
            operation,
            method,
            bucket: None,
            key: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            stream: None,
            idempotent: None,
            unsigned_payload: false,
            payload_sha256: None,
        }
    }

    /// A request on a bucket.
    pub fn bucket(operation: &'static str, method: Method, bucket: &str) -> Self {
        let mut r = S3Request::new(operation, method);
        r.bucket = Some(bucket.to_string());
        r
    }

    /// A request on an object.
    pub fn object(operation: &'static str, method: Method, bucket: &str, key: &str) -> Self {
        let mut r = S3Request::bucket(operation, method, bucket);
        r.key = Some(key.to_string());
        r
    }

    /// Adds a query parameter (an empty value for sub-resources like `uploads`).
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_string(), value.into()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: Bytes) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets a body that `make` streams anew for each attempt (set `content-length`).
    pub fn stream_body(mut self, make: BodyFactory) -> Self {
        self.stream = Some(StreamedBody(make));
        self
    }

    /// Overrides whether the request may be sent again after reaching the server.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// Sends the body as `UNSIGNED-PAYLOAD` unless the client signs payloads (see
    /// [`S3Client::signs_payloads`]), which saves hashing every uploaded byte twice.
    pub fn unsigned_payload_allowed(mut self) -> Self {
        self.unsigned_payload = true;
        self
    }

    /// The body's SHA-256 (hex), computed beforehand, for the signature to use where
    /// the payload is signed; without it the signer hashes the body itself.
    pub fn payload_sha256(mut self, hex: Option<String>) -> Self {
        self.payload_sha256 = hex;
        self
    }

    fn to_http(&self, url: Url, signs_payloads: bool) -> HttpRequest {
        let mut req = HttpRequest::new(self.operation, self.method.clone(), url);
        for (name, value) in &self.headers {
            req = req.header(name, value);
        }
        if self.unsigned_payload && !signs_payloads {
            req = req.header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        } else if let Some(hex) = &self.payload_sha256 {
            req = req.header("x-amz-content-sha256", hex);
        }
        if let Some(body) = &self.body {
            req = req.body(body.clone());
        }
        if let Some(StreamedBody(make)) = &self.stream {
            req = req.repeatable_stream(make.clone());
        }
        if let Some(idempotent) = self.idempotent {
            req = req.idempotent(idempotent);
        }
        req
    }
}

/// The driver's connection to S3: cheap to clone, shared by every call.
#[derive(Debug, Clone)]
pub struct S3Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    addressing: Addressing,
    region: String,
    signs_payloads: bool,
    http: HttpConfig,
    credentials: Arc<dyn CredentialsProvider>,
    clock: Arc<dyn Clock>,
    clients: Mutex<HashMap<String, HttpClient>>,
    bucket_regions: Mutex<HashMap<String, String>>,
}

impl S3Client {
    /// A client sending to `addressing`'s endpoints, signing for `region` unless a
    /// bucket turns out to live elsewhere, and upload bodies as `payload_signing` says.
    pub fn new(
        addressing: Addressing,
        region: String,
        payload_signing: PayloadSigning,
        http: HttpConfig,
        credentials: Arc<dyn CredentialsProvider>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let scheme = addressing
            .base(&region)
            .map(|url| url.scheme().to_string())
            .unwrap_or_default();
        S3Client {
            inner: Arc::new(Inner {
                signs_payloads: payload_signing.signs(&scheme),
                addressing,
                region,
                http,
                credentials,
                clock,
                clients: Mutex::new(HashMap::new()),
                bucket_regions: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The same client reading time from `clock`; bucket regions learnt are kept.
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Self {
        let inner = &self.inner;
        S3Client {
            inner: Arc::new(Inner {
                addressing: inner.addressing.clone(),
                region: inner.region.clone(),
                signs_payloads: inner.signs_payloads,
                http: inner.http.clone(),
                credentials: inner.credentials.clone(),
                clock,
                clients: Mutex::new(HashMap::new()),
                bucket_regions: Mutex::new(lock(&inner.bucket_regions).clone()),
            }),
        }
    }

    /// The configured region.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// How URLs are built.
    pub fn addressing(&self) -> &Addressing {
        &self.inner.addressing
    }

    /// Whether bodies sent with [`S3Request::unsigned_payload_allowed`] are still
    /// signed, hash and all: by default on a plain `http` endpoint.
    pub fn signs_payloads(&self) -> bool {
        self.inner.signs_payloads
    }

    /// The pipeline configuration.
    pub fn http_config(&self) -> &HttpConfig {
        &self.inner.http
    }

    /// The current time by the client's clock.
    pub fn now(&self) -> SystemTime {
        self.inner.clock.now()
    }

    /// Credentials valid now.
    pub async fn credentials(&self) -> Result<Credentials> {
        self.inner.credentials.credentials().await
    }

    /// The region `bucket` is known to be in, else the configured one.
    pub fn bucket_region(&self, bucket: &str) -> String {
        lock(&self.inner.bucket_regions)
            .get(bucket)
            .cloned()
            .unwrap_or_else(|| self.inner.region.clone())
    }

    /// Whether the region of `bucket` has been learnt.
    pub fn knows_region(&self, bucket: &str) -> bool {
        lock(&self.inner.bucket_regions).contains_key(bucket)
    }

    /// Records the region `bucket` lives in.
    pub fn remember_region(&self, bucket: &str, region: &str) {
        lock(&self.inner.bucket_regions).insert(bucket.to_string(), region.to_string());
    }

    /// Forgets what was learnt about `bucket`'s region.
    pub fn forget_region(&self, bucket: &str) {
        lock(&self.inner.bucket_regions).remove(bucket);
    }

    /// The URL `request` is sent to in `region`.
    pub fn url(&self, region: &str, request: &S3Request) -> Result<Url> {
        match &request.bucket {
            Some(bucket) => {
                self.inner
                    .addressing
                    .url(region, bucket, request.key.as_deref(), &request.query)
            }
            None => {
                let mut url = self.inner.addressing.service_url(region)?;
                if !request.query.is_empty() {
                    url.query_pairs_mut().extend_pairs(&request.query);
                }
                Ok(url)
            }
        }
    }

    /// Sends `request` and reads the whole answer.
    pub async fn send(&self, request: &S3Request) -> Result<HttpResponse> {
        self.dispatch(request, |http, req| async move { http.send(req).await })
            .await
    }

    /// Sends `request` and returns the answer with its body unread.
    pub async fn send_streaming(&self, request: &S3Request) -> Result<StreamingResponse> {
        self.dispatch(request, |http, req| async move {
            http.send_streaming(req).await
        })
        .await
    }

    /// Sends in the bucket's region; when S3 answers that the bucket lives in another
    /// region, remembers that region and sends again there (signed for it).
    async fn dispatch<T, F, Fut>(&self, request: &S3Request, send: F) -> Result<T>
    where
        F: Fn(HttpClient, HttpRequest) -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let mut hops = 0;
        loop {
            hops += 1;
            let region = match &request.bucket {
                Some(bucket) => self.bucket_region(bucket),
                None => self.inner.region.clone(),
            };
            let http = self.http_for(&region)?;
            let url = self.url(&region, request)?;
            let error = match send(http, request.to_http(url, self.signs_payloads())).await {
                Ok(answer) => return Ok(answer),
                Err(error) => error,
            };
            let elsewhere = region_hint(&error).filter(|r| *r != region);
            match (&request.bucket, elsewhere) {
                (Some(bucket), Some(other)) if hops < MAX_REGION_HOPS => {
                    tracing::debug!(
                        bucket = %bucket,
                        from = %region,
                        to = %other,
                        "bucket lives in another region; sending there"
                    );
                    self.remember_region(bucket, other);
                }
                _ => return Err(error),
            }
        }
    }

    /// The pipeline client for `region`, made on first use.
    fn http_for(&self, region: &str) -> Result<HttpClient> {
        let mut clients = lock(&self.inner.clients);
        if let Some(client) = clients.get(region) {
            return Ok(client.clone());
        }
        let base = self.inner.addressing.base(region)?;
        let endpoint = Endpoint::new(base, self.inner.addressing.is_custom())?;
        let signer = SigV4Signer::new(self.inner.credentials.clone(), region, "s3")
            .with_clock(self.inner.clock.clone());
        let client = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            self.inner.http.clone(),
            Arc::new(signer),
            Arc::new(S3ErrorParser),
        )?
        .with_clock(self.inner.clock.clone());
        clients.insert(region.to_string(), client.clone());
        Ok(client)
    }
}
