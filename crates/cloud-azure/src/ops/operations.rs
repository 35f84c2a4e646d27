//! Long-running operations: a change answered with `Azure-AsyncOperation` (polled until
//! its status is `Succeeded`, `Failed` or `Canceled`) or, on 202, with `Location`
//! (polled until it answers something other than 202), waiting as long as
//! `Retry-After` asks.

use std::sync::Mutex;
use std::time::Duration;

use cloud_core::http::{HttpResponse, Method, StatusCode};
use cloud_core::operation::{OperationRef, OperationStatus, wait_for_operation};
use cloud_core::{Error, Result};
use serde_json::Value;
use url::Url;

use crate::errors::typed_operation_error;
use crate::{AzureCompute, PROVIDER_ID, model};

/// The prefix of an operation handle polled through its `Location`.
const LOCATION_PREFIX: &str = "location:";

/// The longest `Retry-After` honoured between two polls.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);

impl AzureCompute {
    /// Sends a change (`PUT`, `PATCH`, `POST`, `DELETE`) to `url` and follows it to its
    /// end; the first answer is returned.
    pub(crate) async fn change(
        &self,
        operation: &str,
        method: Method,
        url: Url,
        body: Option<&Value>,
        resource: &str,
    ) -> Result<HttpResponse> {
        let resp = self
            .api
            .send(self.api.request(operation, method, url, body))
            .await?;
        self.follow_through(operation, resource, &resp).await?;
        Ok(resp)
    }

    /// Waits for the operation `resp` started, when it started one.
    pub(crate) async fn follow_through(
        &self,
        operation: &str,
        resource: &str,
        resp: &HttpResponse,
    ) -> Result<()> {
        let id = if let Some(link) = resp.header("azure-asyncoperation") {
            self.api.follow(link, operation)?.to_string()
        } else if resp.status == StatusCode::ACCEPTED
            && let Some(link) = resp.header("location")
        {
            format!("{LOCATION_PREFIX}{}", self.api.follow(link, operation)?)
        } else {
            return Ok(());
        };
        let handle = OperationRef::new(PROVIDER_ID, operation, id).with_resource(resource);
        self.wait_for(&handle, retry_after(resp)).await
    }

    /// Polls `handle` until it ends: the first poll after `first_delay` (the first
    /// answer's `Retry-After`), then every poll interval, or longer when a poll's
    /// answer asks for it. A failed operation is a typed error with Azure's code.
    async fn wait_for(&self, handle: &OperationRef, first_delay: Option<Duration>) -> Result<()> {
        let deadline = tokio::time::Instant::now() + self.wait.timeout;
        let asked = Mutex::new(Some(first_delay.unwrap_or(Duration::ZERO)));
        let interval = self.wait.poll_interval;
        let mut first = true;
        let (asked, handle_ref) = (&asked, handle);
        wait_for_operation(
            handle,
            &self.wait,
            move || {
                let was_first = std::mem::replace(&mut first, false);
                let wanted = asked
                    .lock()
                    .map(|mut a| a.take())
                    .unwrap_or_default()
                    .unwrap_or(Duration::ZERO);
                let extra = if was_first {
                    wanted
                } else {
                    wanted.saturating_sub(interval)
                };
                async move {
                    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
                    let pause = extra.min(left);
                    if !pause.is_zero() {
                        tokio::time::sleep(pause).await;
                    }
                    let (status, retry) = self.poll_operation(handle_ref).await?;
                    if let Ok(mut a) = asked.lock() {
                        *a = retry;
                    }
                    Ok(status)
                }
            },
            |status| tracing::debug!(operation = %handle_ref.id, ?status, "operation polled"),
        )
        .await
        .map_err(typed_operation_error)
    }

    /// Where the operation `handle` names stands, and the `Retry-After` its answer
    /// carried. Only Resource Manager URLs are polled; anything else is `NotFound`.
    pub(crate) async fn poll_operation(
        &self,
        handle: &OperationRef,
    ) -> Result<(OperationStatus, Option<Duration>)> {
        const OP: &str = "operation_status";
        let not_found = || {
            Error::not_found(format!(
                "no Azure operation {:?}",
                handle.id.chars().take(120).collect::<String>()
            ))
            .with_provider(PROVIDER_ID)
            .with_operation(OP)
        };
        if handle.provider != PROVIDER_ID {
            return Err(not_found());
        }
        let (by_location, link) = match handle.id.strip_prefix(LOCATION_PREFIX) {
            Some(link) => (true, link),
            None => (false, handle.id.as_str()),
        };
        let url = self.api.follow(link, OP).map_err(|_| not_found())?;
        let resp = self
            .api
            .send(self.api.request(&handle.kind, Method::GET, url, None))
            .await?;
        let status = if by_location {
            if resp.status == StatusCode::ACCEPTED {
                OperationStatus::running()
            } else {
                OperationStatus::Succeeded
            }
        } else {
            model::async_operation(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))?
        };
        Ok((status, retry_after(&resp)))
    }
}

/// The `Retry-After` of an answer in seconds, capped.
fn retry_after(resp: &HttpResponse) -> Option<Duration> {
    let value = resp.header("retry-after")?;
    cloud_core::http::parse_retry_after(value, std::time::SystemTime::now())
        .map(|d| d.min(MAX_RETRY_AFTER))
}
