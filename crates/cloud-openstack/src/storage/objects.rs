//! Objects: listings (prefix, delimiter, `marker` paging), `HEAD`, streamed `PUT` and
//! `GET` (ranged, resumed from where a broken download stopped), `DELETE` and copies.

use std::sync::Arc;

use cloud_core::http::{HttpClient, HttpRequest, Method, StatusCode};
use cloud_core::paginate::{Page, paginate};
use cloud_core::storage::{
    ByteRange, ByteStream, ListEntry, ListObjects, ObjectDownload, ObjectMeta, PutOptions,
    RangeFetcher, resuming, validate_container_name, validate_object_key,
};
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::{StreamExt, TryStreamExt};

use super::MAX_PAGE;
use super::containers::missing_container;
use super::model::{OBJECT_META, last_name, object_meta, objects_page};
use super::paths::{container_path, object_path};
use crate::PROVIDER_ID;

fn check(container: &str, key: &str) -> Result<()> {
    validate_container_name(container)?;
    validate_object_key(key)
}

/// A `NotFound` naming the object.
fn missing_object(err: Error, container: &str, key: &str) -> Error {
    if err.kind() == ErrorKind::NotFound {
        Error::not_found(format!("object {container}/{key} does not exist"))
            .in_context(PROVIDER_ID, "")
    } else {
        err
    }
}

/// The entries of a container, a page at a time (the caller's page size, at most
/// [`MAX_PAGE`]), each page asked for after the last name of the one before.
pub fn list<'a>(
    http: Arc<HttpClient>,
    container: &'a str,
    options: &'a ListObjects,
) -> BoxStream<'a, Result<ListEntry>> {
    let limit = options.page_size.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    let options = options.clone();
    let container = container.to_string();
    paginate(move |marker: Option<String>| {
        let http = http.clone();
        let options = options.clone();
        let container = container.clone();
        async move {
            validate_container_name(&container)?;
            let mut url = http.url(&container_path(&container));
            {
                let mut q = url.query_pairs_mut();
                q.append_pair("format", "json")
                    .append_pair("limit", &limit.to_string());
                if let Some(prefix) = &options.prefix {
                    q.append_pair("prefix", prefix);
                }
                if let Some(delimiter) = &options.delimiter {
                    q.append_pair("delimiter", delimiter);
                }
                if let Some(marker) = &marker {
                    q.append_pair("marker", marker);
                }
            }
            let resp = http
                .send(HttpRequest::new("list_objects", Method::GET, url))
                .await
                .map_err(|e| missing_container(e, &container))?;
            let items = objects_page(&container, &resp.body)
                .map_err(|e| e.in_context(PROVIDER_ID, "list_objects"))?;
            let next = (items.len() as u32 >= limit)
                .then(|| items.last().map(|e| last_name(e).to_string()))
                .flatten();
            Ok(Page { items, next })
        }
    })
}

/// The headers of a `HEAD` of `key`; `NotFound` naming the object when nothing is there.
pub async fn head_raw(
    http: &HttpClient,
    container: &str,
    key: &str,
) -> Result<cloud_core::http::HeaderMap> {
    check(container, key)?;
    let url = http.url(&object_path(container, key));
    let resp = http
        .send(HttpRequest::new("head_object", Method::HEAD, url))
        .await
        .map_err(|e| missing_object(e, container, key))?;
    Ok(resp.headers)
}

/// What is stored under `key`.
pub async fn head(http: &HttpClient, container: &str, key: &str) -> Result<ObjectMeta> {
    let headers = head_raw(http, container, key).await?;
    object_meta(container, key, &headers, false)
        .map_err(|e| e.in_context(PROVIDER_ID, "head_object"))
}

/// Writes `body` under `key` with one streamed `PUT` (`Content-Length` when the size is
/// known, chunked otherwise), its content type and metadata, and returns what is stored.
pub async fn put(
    http: &HttpClient,
    container: &str,
    key: &str,
    body: ByteStream,
    options: &PutOptions,
) -> Result<ObjectMeta> {
    check(container, key)?;
    for name in options.metadata.keys() {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(Error::invalid_input(format!(
                "metadata key {name:?} must be letters, digits, '-' and '_'"
            )));
        }
    }
    let url = http.url(&object_path(container, key));
    let mut request = HttpRequest::new("put_object", Method::PUT, url).stream(body);
    if let Some(size) = options.size {
        request = request.header("content-length", &size.to_string());
    }
    let content_type = options
        .content_type
        .clone()
        .unwrap_or_else(|| cloud_core::storage::guess_content_type(key));
    request = request.header("content-type", &content_type);
    for (name, value) in &options.metadata {
        request = request.header(&format!("{OBJECT_META}{name}"), value);
    }
    http.send(request)
        .await
        .map_err(|e| missing_container(e, container))?;
    head(http, container, key).await
}

/// Reads an object, or a range of it, as a stream; a body that breaks part way is asked
/// for again from the first byte not yet received, on condition (`If-Match`) that the
/// object is unchanged.
pub async fn get(
    http: &Arc<HttpClient>,
    container: &str,
    key: &str,
    range: Option<ByteRange>,
) -> Result<ObjectDownload> {
    check(container, key)?;
    if let Some(r) = range
        && r.end.is_some_and(|end| end <= r.start)
    {
        return Err(Error::invalid_input(format!(
            "the range {}-{:?} holds no byte",
            r.start, r.end
        )));
    }
    let url = http.url(&object_path(container, key));
    let mut request = HttpRequest::new("get_object", Method::GET, url);
    if let Some(r) = range {
        request = request.header("range", &r.to_header());
    }
    let resp = http
        .send_streaming(request)
        .await
        .map_err(|e| missing_object(e, container, key))?;
    let partial = resp.status == StatusCode::PARTIAL_CONTENT;
    let meta = object_meta(container, key, &resp.headers, partial)
        .map_err(|e| e.in_context(PROVIDER_ID, "get_object"))?;
    let body = match &meta.etag {
        Some(etag) => {
            let start = range.map_or(0, |r| r.start);
            let end = range
                .and_then(|r| r.end)
                .map_or(meta.size, |end| end.min(meta.size));
            let fetch = rest_of(http.clone(), container, key, etag.clone(), end);
            resuming(
                resp.body,
                start,
                Some(end),
                fetch,
                http.config().retry.clone(),
            )
        }
        None => resp.body,
    };
    let shown = format!("{container}/{key}");
    let body = body
        .map_err(move |e| {
            Error::new(e.kind(), format!("reading {shown}: {}", e.message()))
                .in_context(PROVIDER_ID, "get_object")
        })
        .boxed();
    Ok(ObjectDownload { meta, body })
}

/// Asks for the object's bytes from an offset up to `end`, if its entity tag is still
/// `etag`.
fn rest_of(
    http: Arc<HttpClient>,
    container: &str,
    key: &str,
    etag: String,
    end: u64,
) -> RangeFetcher {
    let path = object_path(container, key);
    Arc::new(move |offset| {
        let range = ByteRange {
            start: offset,
            end: Some(end),
        };
        let request = HttpRequest::new("get_object", Method::GET, http.url(&path))
            .header("range", &range.to_header())
            .header("if-match", &etag);
        let http = http.clone();
        Box::pin(async move {
            let resp = http.send_streaming(request).await?;
            if resp.status != StatusCode::PARTIAL_CONTENT {
                return Err(Error::malformed(format!(
                    "asked for the rest of the object, got status {} instead of 206",
                    resp.status.as_u16()
                )));
            }
            Ok(resp.body)
        })
    })
}

/// Deletes an object; `NotFound` when nothing is stored under `key`.
pub async fn delete(http: &HttpClient, container: &str, key: &str) -> Result<()> {
    check(container, key)?;
    let url = http.url(&object_path(container, key));
    http.send(HttpRequest::new("delete_object", Method::DELETE, url).idempotent(true))
        .await
        .map_err(|e| missing_object(e, container, key))?;
    Ok(())
}

/// A server-side copy: `PUT` of the target with `X-Copy-From`.
pub async fn copy(
    http: &HttpClient,
    src_container: &str,
    src_key: &str,
    dst_container: &str,
    dst_key: &str,
) -> Result<ObjectMeta> {
    check(src_container, src_key)?;
    check(dst_container, dst_key)?;
    let url = http.url(&object_path(dst_container, dst_key));
    let from = format!("/{}", object_path(src_container, src_key));
    http.send(
        HttpRequest::new("copy_object", Method::PUT, url)
            .header("x-copy-from", &from)
            .header("content-length", "0")
            .idempotent(true),
    )
    .await
    .map_err(|e| missing_object(e, src_container, src_key))?;
    head(http, dst_container, dst_key).await
}
