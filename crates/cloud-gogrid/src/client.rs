//! Transport: the signed `HttpClient`, the call that reads GoGrid's envelope, and paged
//! listing.

use std::sync::Arc;

use cloud_core::http::{HttpClient, HttpConfig, HttpRequest, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Clock, Error, Result};
use serde_json::Value;

use crate::PROVIDER_ID;
use crate::errors::GoGridErrorParser;
use crate::model::envelope::{Envelope, parse_envelope};
use crate::settings::Settings;
use crate::sign::GoGridSigner;

/// The GoGrid API: the pipeline's client, signing every attempt, plus the page size of
/// list calls.
#[derive(Debug, Clone)]
pub(crate) struct GoGridClient {
    http: HttpClient,
    page_size: u32,
}

impl GoGridClient {
    /// A client for `settings` over the pipeline configured by `http`, with signatures
    /// (and `Retry-After` dates) read from `clock`.
    pub fn new(settings: Settings, http: HttpConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let signer = GoGridSigner::new(settings.api_key, settings.secret, clock.clone());
        let http = HttpClient::new(
            PROVIDER_ID,
            settings.endpoint,
            http,
            Arc::new(signer),
            Arc::new(GoGridErrorParser),
        )?
        .with_clock(clock);
        Ok(GoGridClient {
            http,
            page_size: settings.page_size,
        })
    }

    /// Calls `https://…/api/<api_path>` with `params` (the signer adds the credentials)
    /// and returns the successful envelope.
    pub async fn call(
        &self,
        operation: &str,
        method: Method,
        api_path: &str,
        params: &[(&str, String)],
    ) -> Result<Envelope> {
        let mut url = self.http.url(&format!("api/{api_path}"));
        if !params.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let request = HttpRequest::new(operation, method, url).header("accept", "application/json");
        let resp = self.http.send(request).await?;
        parse_envelope(&resp.body, resp.status.as_u16())
            .map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// The first item of a one-object answer (get, add, edit, save), converted.
    pub async fn call_one<T>(
        &self,
        operation: &str,
        method: Method,
        api_path: &str,
        params: &[(&str, String)],
        convert: impl Fn(&Value) -> Result<T>,
    ) -> Result<T> {
        let env = self.call(operation, method, api_path, params).await?;
        let first = env.list.first().ok_or_else(|| {
            Error::not_found(format!("GoGrid's {api_path} answered with no object"))
                .with_provider(PROVIDER_ID)
                .with_operation(operation)
        })?;
        convert(first).map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    /// Every item of a paged list call, following `summary` to the last page.
    /// `convert` may skip an item by answering `Ok(None)`.
    pub fn list_pages<'a, T, F>(
        &'a self,
        operation: &'static str,
        api_path: &'static str,
        params: Vec<(&'static str, String)>,
        convert: F,
    ) -> BoxStream<'a, Result<T>>
    where
        T: Send + 'a,
        F: Fn(&Value) -> Result<Option<T>> + Clone + Send + Sync + 'a,
    {
        let page_size = self.page_size;
        paginate(move |token: Option<String>| {
            let mut params = params.clone();
            let convert = convert.clone();
            async move {
                let page = match token {
                    None => 0,
                    Some(t) => t.parse::<u64>().map_err(|_| {
                        Error::malformed(format!("bad page token {t:?}"))
                            .with_provider(PROVIDER_ID)
                            .with_operation(operation)
                    })?,
                };
                params.push(("num_items", page_size.to_string()));
                params.push(("page", page.to_string()));
                let env = self.call(operation, Method::GET, api_path, &params).await?;
                let mut items = Vec::with_capacity(env.list.len());
                for item in &env.list {
                    if let Some(t) =
                        convert(item).map_err(|e| e.in_context(PROVIDER_ID, operation))?
                    {
                        items.push(t);
                    }
                }
                Ok(Page {
                    items,
                    next: env.summary.next_page(page).map(|n| n.to_string()),
                })
            }
        })
    }

    /// The options of a `common/lookup/list` lookup (`server.ram`, `datacenter`, …).
    pub async fn lookup(&self, operation: &str, lookup: &str) -> Result<Vec<Value>> {
        let env = self
            .call(
                operation,
                Method::GET,
                "common/lookup/list",
                &[("lookup", lookup.to_string())],
            )
            .await?;
        Ok(env.list)
    }
}
