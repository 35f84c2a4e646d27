//! Buckets: `buckets.list`, `buckets.get`, `buckets.insert`, `buckets.delete`.

use cloud_core::http::Method;
use cloud_core::paginate::{Page, error_stream, paginate};
use cloud_core::storage::Container;
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use serde_json::json;

use super::{ctx, in_ctx, validate_bucket};
use crate::GcsStorage;
use crate::client::{request, with_query};
use crate::model;

impl GcsStorage {
    /// The project to list and create buckets in: required against Google, optional
    /// against an emulator (which ignores it).
    fn project_param(&self, operation: &str) -> Result<Option<String>> {
        match (&self.project, self.settings.anonymous) {
            (Some(p), _) => Ok(Some(p.clone())),
            (None, true) => Ok(None),
            (None, false) => Err(in_ctx(
                Error::new(
                    ErrorKind::Configuration,
                    "no project: set the `project` option or GOOGLE_CLOUD_PROJECT, or use \
                     credentials that name one",
                ),
                operation,
            )),
        }
    }

    /// `buckets.list`, every page.
    pub(crate) fn list_buckets(&self) -> BoxStream<'_, Result<Container>> {
        let project = match self.project_param("buckets.list") {
            Ok(p) => p,
            Err(e) => return error_stream(e),
        };
        paginate(move |token: Option<String>| {
            let project = project.clone();
            async move {
                let mut pairs: Vec<(&str, &str)> = Vec::new();
                if let Some(p) = project.as_deref() {
                    pairs.push(("project", p));
                }
                if let Some(t) = token.as_deref() {
                    pairs.push(("pageToken", t));
                }
                let url = with_query(self.client.api_url("b"), &pairs);
                let resp = self
                    .client
                    .send(request("buckets.list", Method::GET, url))
                    .await?;
                let page = ctx(model::buckets_page(&resp.body), "buckets.list")?;
                Ok(Page {
                    items: page
                        .items
                        .into_iter()
                        .filter_map(model::BucketResource::into_container)
                        .collect(),
                    next: page.next_page_token,
                })
            }
        })
    }

    /// `buckets.get`.
    pub(crate) async fn get_bucket(&self, name: &str) -> Result<Container> {
        ctx(validate_bucket(name), "buckets.get")?;
        let url = self.client.bucket_url(name);
        let resp = self
            .client
            .send(request("buckets.get", Method::GET, url))
            .await?;
        container(&resp.body, "buckets.get")
    }

    /// `buckets.insert` in the project, at the `location` option when set; a taken
    /// name is `AlreadyExists`.
    pub(crate) async fn create_bucket(&self, name: &str) -> Result<Container> {
        ctx(validate_bucket(name), "buckets.insert")?;
        let project = self.project_param("buckets.insert")?;
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(p) = project.as_deref() {
            pairs.push(("project", p));
        }
        let url = with_query(self.client.api_url("b"), &pairs);
        let mut body = json!({ "name": name });
        if let Some(location) = &self.settings.location {
            body["location"] = json!(location);
        }
        let req = request("buckets.insert", Method::POST, url).json(&body);
        let resp = self.client.send(req).await.map_err(|e| {
            if e.kind() == ErrorKind::Conflict {
                Error::new(
                    ErrorKind::AlreadyExists,
                    format!("bucket {name:?} already exists: {}", e.message()),
                )
                .with_status(409)
                .in_context(crate::PROVIDER_ID, "buckets.insert")
            } else {
                e
            }
        })?;
        container(&resp.body, "buckets.insert")
    }

    /// `buckets.delete`; a bucket that still holds objects is `Conflict` (Google
    /// answers 409, emulators 412).
    pub(crate) async fn delete_bucket(&self, name: &str) -> Result<()> {
        ctx(validate_bucket(name), "buckets.delete")?;
        let url = self.client.bucket_url(name);
        self.client
            .send(request("buckets.delete", Method::DELETE, url))
            .await
            .map_err(|e| {
                if e.kind() == ErrorKind::Conflict {
                    Error::new(
                        ErrorKind::Conflict,
                        format!("bucket {name:?} is not empty: {}", e.message()),
                    )
                    .in_context(crate::PROVIDER_ID, "buckets.delete")
                } else {
                    e
                }
            })?;
        Ok(())
    }
}

fn container(body: &[u8], operation: &str) -> Result<Container> {
    let resource = ctx(model::bucket(body), operation)?;
    resource.into_container().ok_or_else(|| {
        in_ctx(
            Error::malformed("the bucket resource has no name"),
            operation,
        )
    })
}
