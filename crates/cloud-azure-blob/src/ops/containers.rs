//! Containers: `List Containers`, `Get Container Properties`, `Create Container`,
//! `Delete Container`.

use cloud_core::http::Method;
use cloud_core::paginate::{Page, paginate};
use cloud_core::storage::Container;
use cloud_core::{BoxStream, Error, ErrorKind, Result};

use super::{ctx, in_ctx, validate_container};
use crate::AzureBlobStorage;
use crate::client::{request, with_query};
use crate::model;

const LIST: &str = "List Containers";
const GET: &str = "Get Container Properties";
const CREATE: &str = "Create Container";
const DELETE: &str = "Delete Container";

impl AzureBlobStorage {
    /// Every container of the account, page after page (`NextMarker`).
    pub(crate) fn list_all_containers(&self) -> BoxStream<'_, Result<Container>> {
        paginate(move |marker: Option<String>| async move {
            let mut pairs = vec![("comp", "list")];
            if let Some(m) = marker.as_deref() {
                pairs.push(("marker", m));
            }
            let url = with_query(self.client.service_url(), &pairs);
            let resp = self.client.send(request(LIST, Method::GET, url)).await?;
            let page = ctx(model::containers_page(&resp.body), LIST)?;
            Ok(Page {
                items: page.containers,
                next: page.next_marker,
            })
        })
    }

    /// `Get Container Properties`; `NotFound` when it does not exist.
    pub(crate) async fn container(&self, name: &str) -> Result<Container> {
        ctx(validate_container(name), GET)?;
        let url = with_query(self.client.container_url(name), &[("restype", "container")]);
        let resp = self.client.send(request(GET, Method::HEAD, url)).await?;
        Ok(model::container_of_headers(name, &resp.headers))
    }

    /// `Create Container` (private); `AlreadyExists` when the name is taken.
    pub(crate) async fn create(&self, name: &str) -> Result<Container> {
        ctx(validate_container(name), CREATE)?;
        let url = with_query(self.client.container_url(name), &[("restype", "container")]);
        let req = request(CREATE, Method::PUT, url).header("content-length", "0");
        let resp = self.client.send(req).await?;
        Ok(model::container_of_headers(name, &resp.headers))
    }

    /// `Delete Container`, once a listing shows it empty: the service would delete the
    /// blobs with it, the portable trait wants `Conflict` instead.
    pub(crate) async fn delete_empty_container(&self, name: &str) -> Result<()> {
        ctx(validate_container(name), DELETE)?;
        let url = with_query(
            self.client.container_url(name),
            &[
                ("restype", "container"),
                ("comp", "list"),
                ("maxresults", "1"),
            ],
        );
        let resp = self.client.send(request(DELETE, Method::GET, url)).await?;
        let page = ctx(model::blobs_page(name, &resp.body), DELETE)?;
        if !page.blobs.is_empty() || !page.prefixes.is_empty() {
            return Err(in_ctx(
                Error::new(
                    ErrorKind::Conflict,
                    format!("container {name:?} still holds blobs"),
                ),
                DELETE,
            ));
        }
        let url = with_query(self.client.container_url(name), &[("restype", "container")]);
        self.client
            .send(request(DELETE, Method::DELETE, url))
            .await?;
        Ok(())
    }
}
