//! Transport for Cloud DNS: the session's client for the catalog's `cloudDNS` endpoint
//! (made at the first request, when the session logs in), signed with the session's
//! token (logged in again once after a 401), reading Cloud DNS's own error documents,
//! and the job calls every change goes through.

use std::sync::Arc;

use cloud_core::http::{ErrorParser, HeaderMap, HttpResponse, Method, StatusCode};
use cloud_core::{Error, ProviderConfig, Result};
use cloud_openstack::ServiceClient;
use cloud_openstack::identity::Identity;
use serde_json::Value;

use super::DNS_SERVICE;
use crate::model::dns::{Job, error_answer, parse_job};

/// Cloud DNS's error documents onto the core's errors (see
/// [`error_answer`](crate::model::dns::error_answer)).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct DnsErrorParser;

impl ErrorParser for DnsErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Error {
        error_answer(status.as_u16(), body)
    }
}

/// The Cloud DNS client of a session, made once when first needed.
#[derive(Debug, Clone)]
pub(crate) struct DnsClient {
    service: ServiceClient,
}

impl DnsClient {
    /// The client of the session `identity` logs in for.
    pub(crate) fn new(identity: &Identity, config: &ProviderConfig) -> Result<Self> {
        Ok(DnsClient {
            service: ServiceClient::new(identity, config, DNS_SERVICE, None)?
                .with_error_parser(Arc::new(DnsErrorParser)),
        })
    }

    /// Sends `method path?query` with an optional JSON body.
    async fn send(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        self.service
            .send_json(operation, method, path, query, body)
            .await
            .map_err(|e| e.in_context(crate::PROVIDER_ID, operation))
    }

    /// The answer to `GET path?query`.
    pub(crate) async fn get(
        &self,
        operation: &str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<HttpResponse> {
        self.send(operation, Method::GET, path, query, None).await
    }

    /// Starts a change and returns its job (the `202` answer); `None` when the service
    /// answered with no body, having done the change at once.
    pub(crate) async fn start_job(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Option<Job>> {
        let answer = self.send(operation, method, path, &[], body).await?;
        if answer.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        parse_job(&answer.body)
            .map(Some)
            .map_err(|e| e.in_context(crate::PROVIDER_ID, operation))
    }

    /// One poll of job `job_id`, with the details (the finished call's answer).
    pub(crate) async fn job_status(&self, operation: &str, job_id: &str) -> Result<Job> {
        let job_id = cloud_core::ids::segment(crate::PROVIDER_ID, "job", job_id, operation)?;
        let answer = self
            .get(
                operation,
                &format!("status/{job_id}"),
                &[("showDetails", "true".into())],
            )
            .await?;
        parse_job(&answer.body).map_err(|e| e.in_context(crate::PROVIDER_ID, operation))
    }
}
