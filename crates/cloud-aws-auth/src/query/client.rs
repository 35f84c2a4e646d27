//! Sending [`Query`] requests through the shared pipeline and reading the answers' roots.

use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::Query;

/// Parses an answer and checks that its root is `<{action}Response>`: anything else (an
/// S3 bucket list from a misrouted request, an HTML page) is a `MalformedResponse`, as
/// are malformed and truncated documents. Elements are matched by local name, so
/// namespace variants make no difference.
pub fn response_root<'a>(body: &'a [u8], action: &str) -> Result<Element<'a>> {
    let root = Element::parse(body)?;
    let want = format!("{action}Response");
    if root.name != want {
        let shown: String = root.name.chars().take(60).collect();
        return Err(Error::malformed(format!(
            "expected <{want}>, got <{shown}>"
        )));
    }
    Ok(root)
}

/// One Query API endpoint: the pipeline's client (signing, retries, the service's error
/// parser) sending each [`Query`] as a form `POST /`.
#[derive(Debug, Clone)]
pub struct QueryClient {
    http: HttpClient,
}

impl QueryClient {
    /// A client sending through `http`.
    pub fn new(http: HttpClient) -> Self {
        QueryClient { http }
    }

    /// The pipeline's client.
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// The provider id the pipeline speaks for.
    pub fn provider(&self) -> &str {
        self.http.provider()
    }

    /// The form `POST /` of `query`. Read-only actions (`Describe*`, `Get*`) are marked
    /// idempotent: sending one twice changes nothing, so the pipeline may retry it after
    /// any retryable failure.
    pub fn request(&self, query: &Query) -> HttpRequest {
        let action = query.action();
        let read_only = action.starts_with("Describe") || action.starts_with("Get");
        HttpRequest::new(action, Method::POST, self.http.url("/"))
            .form(query.params())
            .idempotent(read_only)
    }

    /// Sends `query` and returns the root of its answer, checked to be
    /// `<{Action}Response>`. The pipeline retries a read-only action after any retryable
    /// failure, and any other only where that is safe: before it reached the server, or
    /// when the server declined it.
    pub async fn call(&self, query: Query) -> Result<Element<'static>> {
        let request = self.request(&query);
        self.send(query.action(), request).await
    }

    /// Like [`QueryClient::call`] for a request that has the effect of one however often
    /// it is sent (one carrying a `ClientToken`, or a register of targets already
    /// registered), so the pipeline may send it again after any retryable failure.
    pub async fn call_idempotent(&self, query: Query) -> Result<Element<'static>> {
        let request = self.request(&query).idempotent(true);
        self.send(query.action(), request).await
    }

    /// Like [`QueryClient::call`] for a parser that reads the answer's bytes itself, root
    /// check included.
    pub async fn call_body<T>(&self, query: Query, parse: fn(&[u8]) -> Result<T>) -> Result<T> {
        let request = self.request(&query);
        self.send_body(&query, request, parse).await
    }

    /// Like [`QueryClient::call_body`] for a request that has the effect of one however
    /// often it is sent (see [`QueryClient::call_idempotent`]).
    pub async fn call_body_idempotent<T>(
        &self,
        query: Query,
        parse: fn(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let request = self.request(&query).idempotent(true);
        self.send_body(&query, request, parse).await
    }

    /// Sends `request` for `query` and reads its answer's bytes with `parse`.
    async fn send_body<T>(
        &self,
        query: &Query,
        request: HttpRequest,
        parse: fn(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let resp = self.http.send(request).await?;
        parse(&resp.body).map_err(|e| e.in_context(self.provider(), query.action()))
    }

    /// Sends `request` for `action` and returns its answer's checked root.
    async fn send(&self, action: &str, request: HttpRequest) -> Result<Element<'static>> {
        let resp = self.http.send(request).await?;
        self.root(&resp.body, action).map(Element::into_owned)
    }

    /// The root of an answer to `action`, borrowing from `body`, with the provider and
    /// action in a failure's context.
    pub fn root<'b>(&self, body: &'b [u8], action: &str) -> Result<Element<'b>> {
        response_root(body, action).map_err(|e| e.in_context(self.provider(), action))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::ErrorKind;
    use cloud_core::http::{Endpoint, HttpConfig, NoAuth, StatusErrorParser};

    use super::*;

    fn client() -> QueryClient {
        let endpoint =
            Endpoint::overridden(url::Url::parse("http://127.0.0.1:9/").unwrap()).unwrap();
        let http = HttpClient::new(
            "ec2",
            endpoint,
            HttpConfig::default(),
            Arc::new(NoAuth),
            Arc::new(StatusErrorParser),
        )
        .unwrap();
        QueryClient::new(http)
    }

    #[test]
    fn only_read_only_actions_are_retried_freely() {
        let client = client();
        for (action, idempotent) in [
            ("DescribeInstances", true),
            ("DescribeTargetHealth", true),
            ("GetConsoleOutput", true),
            ("RunInstances", false),
            ("CreateLoadBalancer", false),
            ("DeleteVolume", false),
        ] {
            let r = client.request(&Query::new(action, "2016-11-15"));
            assert_eq!(r.idempotent, idempotent, "{action}");
            assert_eq!(r.method, Method::POST);
            assert_eq!(r.url.as_str(), "http://127.0.0.1:9/");
            assert_eq!(r.operation, action);
        }
    }

    #[test]
    fn roots_must_name_the_action() {
        let ok = b"<DescribeTargetHealthResponse xmlns=\"x\"><a/></DescribeTargetHealthResponse>";
        assert!(response_root(ok, "DescribeTargetHealth").is_ok());
        for body in [
            &b"<ListAllMyBucketsResult/>"[..],
            b"<html><body>hi</body></html>",
            b"<DescribeTargetHealthResponse>",
            b"",
        ] {
            let err = response_root(body, "DescribeTargetHealth").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        }
    }
}
