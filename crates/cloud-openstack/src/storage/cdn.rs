//! The CDN management service some Swift clouds put beside the object store (Rackspace
//! Cloud Files' `cloudFilesCDN`): a container is published with `PUT` and
//! `X-CDN-Enabled: True`, changed with `POST`, and described by the headers of `HEAD`
//! (`X-Cdn-Uri`, `X-Cdn-Ssl-Uri`, `X-Cdn-Streaming-Uri`, `X-Cdn-Ios-Uri`, `X-Ttl`).

use std::time::Duration;

use cloud_core::http::{HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::storage::{CdnContainer, validate_container_name};
use cloud_core::{Error, ErrorKind, Result};
use url::Url;

use super::paths::container_path;

/// The TTLs the CDN accepts, in seconds (15 minutes to one year).
const TTL_RANGE: std::ops::RangeInclusive<u64> = 900..=31_536_000;

/// Publishes `container` (cached for `ttl` when given), then reads its settings.
pub async fn enable(
    http: &HttpClient,
    container: &str,
    ttl: Option<Duration>,
) -> Result<CdnContainer> {
    validate_container_name(container)?;
    let mut request = HttpRequest::new(
        "enable_cdn",
        Method::PUT,
        http.url(&container_path(container)),
    )
    .header("x-cdn-enabled", "True")
    .idempotent(true);
    if let Some(ttl) = ttl {
        let secs = ttl.as_secs();
        if !TTL_RANGE.contains(&secs) {
            return Err(Error::invalid_input(format!(
                "a CDN TTL of {secs} s is outside {} to {} s",
                TTL_RANGE.start(),
                TTL_RANGE.end()
            ))
            .with_operation("enable_cdn"));
        }
        request = request.header("x-ttl", &secs.to_string());
    }
    http.send(request).await?;
    get(http, container).await
}

/// Stops publishing `container`.
pub async fn disable(http: &HttpClient, container: &str) -> Result<()> {
    validate_container_name(container)?;
    let request = HttpRequest::new(
        "disable_cdn",
        Method::POST,
        http.url(&container_path(container)),
    )
    .header("x-cdn-enabled", "False")
    .idempotent(true);
    http.send(request)
        .await
        .map_err(|e| not_published(e, container))?;
    Ok(())
}

/// `container`'s CDN settings, from `HEAD`.
pub async fn get(http: &HttpClient, container: &str) -> Result<CdnContainer> {
    validate_container_name(container)?;
    let request = HttpRequest::new(
        "cdn_container",
        Method::HEAD,
        http.url(&container_path(container)),
    );
    let resp = http
        .send(request)
        .await
        .map_err(|e| not_published(e, container))?;
    Ok(from_headers(container, &resp))
}

/// A 404 from the CDN service names the container: it was never published.
fn not_published(e: Error, container: &str) -> Error {
    if e.kind() == ErrorKind::NotFound {
        Error::not_found(format!(
            "container {container} was never published on the CDN"
        ))
        .with_operation(e.operation().unwrap_or("cdn_container").to_string())
    } else {
        e
    }
}

/// The settings the headers of a CDN answer give; unreadable values are left out.
pub fn from_headers(container: &str, resp: &HttpResponse) -> CdnContainer {
    let url = |name: &str| resp.header(name).and_then(|v| Url::parse(v.trim()).ok());
    CdnContainer {
        container: container.to_string(),
        enabled: resp
            .header("x-cdn-enabled")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        ttl_secs: resp.header("x-ttl").and_then(|v| v.trim().parse().ok()),
        http: url("x-cdn-uri"),
        https: url("x-cdn-ssl-uri"),
        streaming: url("x-cdn-streaming-uri"),
        ios: url("x-cdn-ios-uri"),
    }
}
