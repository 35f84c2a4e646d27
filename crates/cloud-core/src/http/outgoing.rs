//! A request as a [`Signer`](super::Signer) sees it: method, URL, headers and what kind
//! of body it carries. Signers edit it in place; the pipeline then sends it.
//!
//! This is the pipeline's own type, so signers (in tree or third party) never name the
//! HTTP client library's request type and keep compiling when it changes.

use bytes::Bytes;
use url::Url;

use super::{HeaderMap, Method};

/// What a request body is, as far as a signer can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// No body.
    Empty,
    /// A body held in memory; its bytes may be hashed.
    Bytes(&'a [u8]),
    /// A streamed body whose bytes are not known before sending.
    Streamed,
}

/// The signable parts of one attempt's request.
#[derive(Debug, Clone)]
pub struct OutgoingRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: BodyKind,
}

#[derive(Debug, Clone)]
enum BodyKind {
    Empty,
    Bytes(Bytes),
    Streamed,
}

impl OutgoingRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method, url: Url) -> Self {
        OutgoingRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: BodyKind::Empty,
        }
    }

    /// The same request carrying `body` in memory.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = BodyKind::Bytes(body.into());
        self
    }

    /// The same request marked as carrying a streamed body.
    pub fn with_streamed_body(mut self) -> Self {
        self.body = BodyKind::Streamed;
        self
    }

    /// The same request with `headers` in place of its own.
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL, for signers that add query parameters.
    pub fn url_mut(&mut self) -> &mut Url {
        &mut self.url
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, for signers to add theirs.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body as a signer may see it.
    pub fn payload(&self) -> Payload<'_> {
        match &self.body {
            BodyKind::Empty => Payload::Empty,
            BodyKind::Bytes(b) => Payload::Bytes(b),
            BodyKind::Streamed => Payload::Streamed,
        }
    }

    /// Method, URL and headers, taken apart for sending.
    pub(crate) fn into_parts(self) -> (Method, Url, HeaderMap) {
        (self.method, self.url, self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_reports_the_body_kind() {
        let url = Url::parse("http://127.0.0.1/x").unwrap();
        let empty = OutgoingRequest::new(Method::GET, url.clone());
        assert_eq!(empty.payload(), Payload::Empty);
        let bytes = OutgoingRequest::new(Method::PUT, url.clone()).with_body("abc");
        assert_eq!(bytes.payload(), Payload::Bytes(b"abc"));
        let streamed = OutgoingRequest::new(Method::PUT, url).with_streamed_body();
        assert_eq!(streamed.payload(), Payload::Streamed);
    }
}
