//! Containers: the account listing (paged with `marker`), `HEAD`, `PUT` and `DELETE`.

use std::sync::Arc;

use cloud_core::compute::Extra;
use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::paginate::{Page, paginate};
use cloud_core::storage::{Container, validate_container_name};
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::json;

use super::MAX_PAGE;
use super::model::containers_page;
use super::paths::container_path;
use crate::PROVIDER_ID;

fn ctx(operation: &'static str) -> impl Fn(Error) -> Error {
    move |e| e.in_context(PROVIDER_ID, operation)
}

/// Every container, a page of [`MAX_PAGE`] at a time, each page asked for after the
/// last name of the one before; a short page is the last.
pub fn list<'a>(http: Arc<HttpClient>) -> BoxStream<'a, Result<Container>> {
    paginate(move |marker: Option<String>| {
        let http = http.clone();
        async move {
            let mut url = http.url("");
            url.query_pairs_mut()
                .append_pair("format", "json")
                .append_pair("limit", &MAX_PAGE.to_string());
            if let Some(marker) = &marker {
                url.query_pairs_mut().append_pair("marker", marker);
            }
            let resp = http
                .send(HttpRequest::new("list_containers", Method::GET, url))
                .await?;
            let items = containers_page(&resp.body).map_err(ctx("list_containers"))?;
            let next = (items.len() as u32 >= MAX_PAGE)
                .then(|| items.last().map(|c| c.name.clone()))
                .flatten();
            Ok(Page { items, next })
        }
    })
}

/// One container, from `HEAD`: its object count and bytes in `extra`.
pub async fn get(http: &HttpClient, name: &str) -> Result<Container> {
    validate_container_name(name)?;
    let url = http.url(&container_path(name));
    let resp = http
        .send(HttpRequest::new("get_container", Method::HEAD, url))
        .await
        .map_err(|e| missing_container(e, name))?;
    let number = |h: &str| resp.header(h).and_then(|v| v.trim().parse::<u64>().ok());
    let mut extra = Extra::new();
    if let Some(count) = number("x-container-object-count") {
        extra.insert("object_count".into(), json!(count));
    }
    if let Some(bytes) = number("x-container-bytes-used") {
        extra.insert("bytes".into(), json!(bytes));
    }
    let created_at = resp
        .header("x-timestamp")
        .and_then(|t| t.trim().parse::<f64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp_millis((secs * 1000.0) as i64));
    Ok(Container {
        name: name.to_string(),
        created_at,
        location: None,
        extra,
    })
}

/// A `NotFound` naming the container, for a 404 of a container call.
pub fn missing_container(err: Error, name: &str) -> Error {
    if err.kind() == ErrorKind::NotFound {
        Error::not_found(format!("container {name} does not exist")).in_context(PROVIDER_ID, "")
    } else {
        err
    }
}

/// Creates a container. Swift answers a `PUT` of an existing container with success,
/// so it is looked for first: an existing one is `AlreadyExists`.
pub async fn create(http: &HttpClient, name: &str) -> Result<Container> {
    validate_container_name(name)?;
    match get(http, name).await {
        Ok(_) => {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("container {name} already exists"),
            )
            .in_context(PROVIDER_ID, "create_container"));
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let url = http.url(&container_path(name));
    http.send(
        HttpRequest::new("create_container", Method::PUT, url)
            .header("content-length", "0")
            .idempotent(true),
    )
    .await?;
    get(http, name).await
}

/// Deletes an empty container; Swift's 409 for one holding objects is `Conflict`.
pub async fn delete(http: &HttpClient, name: &str) -> Result<()> {
    validate_container_name(name)?;
    let url = http.url(&container_path(name));
    match http
        .send(HttpRequest::new("delete_container", Method::DELETE, url).idempotent(true))
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::Conflict => Err(Error::new(
            ErrorKind::Conflict,
            format!("container {name} is not empty"),
        )
        .in_context(PROVIDER_ID, "delete_container")),
        Err(e) => Err(missing_container(e, name)),
    }
}
