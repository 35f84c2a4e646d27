//! Buckets: list, head, create, delete.

use bytes::Bytes;
use cloud_core::http::Method;
use cloud_core::paginate::{Page, paginate};
use cloud_core::storage::Container;
use cloud_core::xml::escape;
use cloud_core::{BoxStream, Error, ErrorKind, Result};

use super::names::{validate_bucket, validate_new_bucket};
use super::{ctx, in_ctx};
use crate::S3Storage;
use crate::client::S3Request;
use crate::errors::BUCKET_REGION_HEADER;
use crate::model;

/// The region where S3 creates buckets without a `LocationConstraint`, and where
/// creating a bucket you already own succeeds again instead of failing.
const US_EAST_1: &str = "us-east-1";

impl S3Storage {
    /// Every bucket the credentials own (`ListBuckets`, following continuation tokens).
    /// Regions the listing names are remembered.
    pub(crate) fn list_buckets(&self) -> BoxStream<'_, Result<Container>> {
        let client = self.client.clone();
        paginate(move |token: Option<String>| {
            let client = client.clone();
            async move {
                let mut req = S3Request::new("ListBuckets", Method::GET);
                if let Some(token) = token {
                    req = req.query("continuation-token", token);
                }
                let resp = client.send(&req).await?;
                let page = ctx(model::buckets(&resp.body), "ListBuckets")?;
                for c in &page.containers {
                    if let Some(region) = &c.location {
                        client.remember_region(&c.name, region);
                    }
                }
                Ok(Page {
                    items: page.containers,
                    next: page.next,
                })
            }
        })
    }

    /// `HeadBucket`: the bucket, with its region when S3 names it.
    pub(crate) async fn head_bucket(&self, name: &str) -> Result<Container> {
        ctx(validate_bucket(name), "HeadBucket")?;
        let req = S3Request::bucket("HeadBucket", Method::HEAD, name);
        let resp = self.client.send(&req).await?;
        let location = resp.header(BUCKET_REGION_HEADER).map(str::to_string);
        if let Some(region) = &location {
            self.client.remember_region(name, region);
        }
        Ok(Container {
            name: name.to_string(),
            created_at: None,
            location,
            extra: Default::default(),
        })
    }

    /// `CreateBucket` in the configured region. In `us-east-1`, where S3 answers a
    /// second create of one's own bucket with success, the bucket is looked up first so
    /// an existing name is still `AlreadyExists`.
    pub(crate) async fn create_bucket(&self, name: &str) -> Result<Container> {
        ctx(validate_new_bucket(name), "CreateBucket")?;
        let region = self.client.region().to_string();
        if region == US_EAST_1 {
            match self.head_bucket(name).await {
                Ok(_) => return Err(exists(name, "you already own it")),
                Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                    return Err(exists(name, "another account owns it"));
                }
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let mut req = S3Request::bucket("CreateBucket", Method::PUT, name).idempotent(false);
        if region != US_EAST_1 {
            let body = format!(
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                 <LocationConstraint>{}</LocationConstraint></CreateBucketConfiguration>",
                escape(&region)
            );
            req = req
                .header("content-type", "application/xml")
                .body(Bytes::from(body));
        }
        // A new bucket goes to the configured region, whatever an old one of the same
        // name was.
        self.client.forget_region(name);
        self.client.send(&req).await?;
        self.client.remember_region(name, &region);
        Ok(Container {
            name: name.to_string(),
            created_at: None,
            location: Some(region),
            extra: Default::default(),
        })
    }

    /// `DeleteBucket`, only when the bucket holds no objects. The listing checked first
    /// also protects S3-compatible servers that would delete a full bucket whole.
    pub(crate) async fn delete_bucket(&self, name: &str) -> Result<()> {
        ctx(validate_bucket(name), "DeleteBucket")?;
        let probe = self.list_page(name, None, None, Some(1), None).await?;
        if !probe.entries.is_empty() {
            return Err(in_ctx(
                Error::new(
                    ErrorKind::Conflict,
                    format!("bucket {name:?} is not empty; delete every object in it first"),
                )
                .with_code("BucketNotEmpty"),
                "DeleteBucket",
            ));
        }
        let req = S3Request::bucket("DeleteBucket", Method::DELETE, name);
        self.client.send(&req).await?;
        self.client.forget_region(name);
        Ok(())
    }
}

fn exists(name: &str, why: &str) -> Error {
    in_ctx(
        Error::new(
            ErrorKind::AlreadyExists,
            format!("bucket {name:?} already exists: {why}"),
        )
        .with_code("BucketAlreadyExists"),
        "CreateBucket",
    )
}
