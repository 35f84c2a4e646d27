//! `ListAllMyBucketsResult`: one page of buckets.

use cloud_core::Result;
use cloud_core::storage::Container;

use super::{document, timestamp};

/// One page of `ListBuckets`.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketPage {
    /// The buckets on this page.
    pub containers: Vec<Container>,
    /// The token for the next page, when there is one.
    pub next: Option<String>,
}

/// Parses a `ListBuckets` answer.
pub fn buckets(body: &[u8]) -> Result<BucketPage> {
    let root = document(body, "ListAllMyBucketsResult")?;
    let mut containers = Vec::new();
    if let Some(list) = root.child("Buckets") {
        for bucket in list.children_named("Bucket") {
            containers.push(Container {
                name: bucket.require_value("Name")?.to_string(),
                created_at: timestamp(bucket.child_value("CreationDate")),
                location: bucket.child_value("BucketRegion").map(str::to_string),
                extra: Default::default(),
            });
        }
    }
    Ok(BucketPage {
        containers,
        next: root.child_value("ContinuationToken").map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn reads_buckets_and_token() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>abc</ID><DisplayName>me</DisplayName></Owner>
  <Buckets>
    <Bucket><Name>photos</Name><CreationDate>2009-02-03T16:45:09.000Z</CreationDate>
      <BucketRegion>eu-west-1</BucketRegion></Bucket>
    <Bucket><Name>logs</Name><CreationDate>not a date</CreationDate></Bucket>
  </Buckets>
  <ContinuationToken>tok+/=</ContinuationToken>
</ListAllMyBucketsResult>"#;
        let page = buckets(body).unwrap();
        assert_eq!(page.containers.len(), 2);
        assert_eq!(page.containers[0].name, "photos");
        assert_eq!(page.containers[0].location.as_deref(), Some("eu-west-1"));
        assert_eq!(
            page.containers[0].created_at.unwrap().to_rfc3339(),
            "2009-02-03T16:45:09+00:00"
        );
        assert_eq!(page.containers[1].created_at, None);
        assert_eq!(page.next.as_deref(), Some("tok+/="));
    }

    #[test]
    fn empty_and_broken_pages() {
        let page = buckets(b"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>").unwrap();
        assert!(page.containers.is_empty() && page.next.is_none());
        for bad in [
            &b"<ListAllMyBucketsResult><Buckets><Bucket/></Buckets></ListAllMyBucketsResult>"[..],
            b"<ListBucketResult/>",
            b"<ListAllMyBucketsResult><Buckets>",
        ] {
            assert_eq!(
                buckets(bad).unwrap_err().kind(),
                ErrorKind::MalformedResponse
            );
        }
        let err = buckets(b"<Error><Code>AccessDenied</Code></Error>").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    }
}
