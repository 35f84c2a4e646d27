//! Bulk delete (Swift's `bulk` middleware, offered when `/info` has `bulk_delete`): many
//! objects removed in one `POST ?bulk-delete` whose body lists their paths, one per line.

use cloud_core::http::{HttpClient, HttpRequest, Method};
use cloud_core::{Error, ErrorKind, Result};
use serde_json::Value;

use super::paths::object_path;

/// The most paths one request carries (Swift's default `max_deletes_per_request`).
pub const MAX_PER_REQUEST: usize = 10_000;

/// The request body: each object's percent-encoded `/container/object` path on a line.
pub fn body(container: &str, names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("/{}\n", object_path(container, name)))
        .collect()
}

/// Reads a bulk delete report: `Ok` when it lists no errors (objects already gone count
/// as deleted), else a `Provider` error naming how many failed and the first.
pub fn check_report(body: &[u8]) -> Result<()> {
    let report: Value = serde_json::from_slice(body)
        .map_err(|e| Error::malformed(format!("the bulk delete report is not JSON: {e}")))?;
    let errors = report["Errors"].as_array().cloned().unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Provider,
        format!(
            "bulk delete left {} objects: first {} ({})",
            errors.len(),
            errors[0],
            report["Response Status"].as_str().unwrap_or("?")
        ),
    ))
}

/// Deletes `names` from `container`, [`MAX_PER_REQUEST`] at a time.
pub async fn delete(http: &HttpClient, container: &str, names: &[String]) -> Result<()> {
    for batch in names.chunks(MAX_PER_REQUEST) {
        let mut url = http.url("");
        url.set_query(Some("bulk-delete"));
        let request = HttpRequest::new("bulk_delete", Method::POST, url)
            .header("content-type", "text/plain")
            .header("accept", "application/json")
            .body(body(container, batch))
            .idempotent(true);
        let resp = http.send(request).await?;
        check_report(&resp.body).map_err(|e| e.in_context(crate::PROVIDER_ID, "bulk_delete"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_one_per_line() {
        let names = vec!["a b/1".to_string(), "c%d".to_string()];
        assert_eq!(body("segs", &names), "/segs/a%20b/1\n/segs/c%25d\n");
    }

    #[test]
    fn reports_with_errors_fail() {
        assert!(
            check_report(br#"{"Number Deleted": 2, "Number Not Found": 1, "Errors": [], "Response Status": "200 OK"}"#)
                .is_ok()
        );
        let err = check_report(
            br#"{"Number Deleted": 0, "Errors": [["/c/o", "409 Conflict"]], "Response Status": "400 Bad Request"}"#,
        )
        .unwrap_err();
        assert!(err.message().contains("left 1 objects"), "{err}");
        assert!(check_report(b"<html>").is_err());
    }
}
