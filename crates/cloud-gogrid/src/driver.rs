//! The GoGrid driver: construction, the signed call, and paged listing.

use std::sync::Arc;

use cloud_core::http::{Endpoint, HttpClient, HttpRequest, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Clock, Error, ProviderConfig, Result, SystemClock};
use serde_json::Value;

use crate::envelope::{Envelope, parse_envelope};
use crate::errors::GoGridErrorParser;
use crate::sign::GoGridSigner;
use crate::{API_KEY_ENV, DEFAULT_ENDPOINT, PROVIDER_ID, SECRET_ENV};

/// Items asked for per page of a list call unless the `page_size` option says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Compute over the GoGrid API v1.8. Provider-only calls (server edit, the IP pool,
/// passwords, load balancers) are inherent methods; reach them from a `dyn Compute`
/// through [`Compute::as_any`](cloud_core::compute::Compute::as_any).
#[derive(Debug, Clone)]
pub struct GoGridCompute {
    pub(crate) http: HttpClient,
    pub(crate) page_size: u32,
}

impl GoGridCompute {
    /// A driver from a configuration: credentials `api_key` and `secret` (or
    /// `GOGRID_API_KEY` / `GOGRID_SECRET`), `endpoint` when set, and the `page_size`
    /// option (1–1000, default 100). Signatures use the system clock.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        GoGridCompute::with_clock(config, Arc::new(SystemClock))
    }

    /// Like [`GoGridCompute::new`], with signatures (and `Retry-After` dates) read from
    /// `clock`.
    pub fn with_clock(config: &ProviderConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let key = config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])?;
        let secret = config.require_credential(PROVIDER_ID, "secret", &[SECRET_ENV])?;
        let page_size = config
            .option_number(PROVIDER_ID, &crate::PAGE_SIZE)?
            .map_or(DEFAULT_PAGE_SIZE, |n| n as u32);
        let endpoint = Endpoint::choose(config.endpoint.as_ref(), DEFAULT_ENDPOINT)
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        let signer = GoGridSigner::new(key, secret, clock.clone());
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http.clone(),
            Arc::new(signer),
            Arc::new(GoGridErrorParser),
        )?
        .with_clock(clock);
        Ok(GoGridCompute { http, page_size })
    }

    /// Calls `https://…/api/<api_path>` with `params` (the signer adds the credentials)
    /// and returns the successful envelope.
    pub(crate) async fn call(
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
    pub(crate) async fn call_one<T>(
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
    pub(crate) fn list_pages<'a, T, F>(
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
    pub(crate) async fn lookup(&self, operation: &str, lookup: &str) -> Result<Vec<Value>> {
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

/// Checks a server, image or load balancer reference before it is sent: non-empty, at
/// most 255 characters, no control characters. Anything else names nothing, so it is
/// `NotFound`.
pub(crate) fn reference<'a>(value: &'a str, what: &str, operation: &str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(
            Error::not_found(format!("no GoGrid {what} is named {value:?}"))
                .with_provider(PROVIDER_ID)
                .with_operation(operation),
        );
    }
    Ok(value)
}

/// An `InvalidInput` error of `operation`.
pub(crate) fn invalid(operation: &str, message: impl Into<String>) -> Error {
    Error::invalid_input(message)
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{ErrorKind, MapEnv};

    fn config(pairs: &[(&str, &str)]) -> ProviderConfig {
        let mut c = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            env: Arc::new(MapEnv::default()),
            ..ProviderConfig::default()
        };
        for (k, v) in pairs {
            c.credentials
                .insert((*k).into(), cloud_core::Secret::new(*v));
        }
        c
    }

    #[test]
    fn needs_key_and_secret() {
        let err = GoGridCompute::new(&config(&[("api_key", "k")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(SECRET_ENV), "{err}");
        let err = GoGridCompute::new(&config(&[("secret", "s")])).unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
        let env = MapEnv::from([(API_KEY_ENV, "k"), (SECRET_ENV, "s")]);
        let c = ProviderConfig {
            env: Arc::new(env),
            ..config(&[])
        };
        assert!(GoGridCompute::new(&c).is_ok());
    }

    #[test]
    fn page_size_option_is_checked() {
        let mut c = config(&[("api_key", "k"), ("secret", "s")]);
        for bad in ["0", "1001", "ten", ""] {
            c.options.insert("page_size".into(), bad.into());
            let err = GoGridCompute::new(&c).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        c.options.insert("page_size".into(), "2".into());
        assert_eq!(GoGridCompute::new(&c).unwrap().page_size, 2);
    }

    #[test]
    fn debug_hides_credentials() {
        let d = GoGridCompute::new(&config(&[("api_key", "key-4433"), ("secret", "shh-9911")]))
            .unwrap();
        let shown = format!("{d:?}");
        assert!(
            !shown.contains("key-4433") && !shown.contains("shh-9911"),
            "{shown}"
        );
    }

    #[test]
    fn references_are_checked() {
        for bad in ["", "  ", "a\nb", &"x".repeat(256)] {
            assert_eq!(
                reference(bad, "server", "get_node").unwrap_err().kind(),
                ErrorKind::NotFound
            );
        }
        assert_eq!(reference(" 42 ", "server", "get_node").unwrap(), "42");
    }
}
