//! Multipart upload documents: `InitiateMultipartUploadResult`,
//! `CompleteMultipartUploadResult` and `ListMultipartUploadsResult`.

use chrono::{DateTime, Utc};
use cloud_core::{Error, Result};

use super::{document, etag, flag, timestamp};

/// Longest upload id accepted; anything longer is not one.
const MAX_UPLOAD_ID: usize = 1024;

/// The upload id of a `CreateMultipartUpload` answer.
pub fn upload_id(body: &[u8]) -> Result<String> {
    let root = document(body, "InitiateMultipartUploadResult")?;
    let id = root.require_value("UploadId")?;
    if id.len() > MAX_UPLOAD_ID || id.chars().any(char::is_control) {
        return Err(Error::malformed(
            "the UploadId is not a plausible upload id",
        ));
    }
    Ok(id.to_string())
}

/// The entity tag of a `CompleteMultipartUpload` answer. S3 may answer 200 and still
/// fail, with an `<Error>` document: that is returned as the error it describes.
pub fn completed(body: &[u8]) -> Result<Option<String>> {
    let root = document(body, "CompleteMultipartUploadResult")?;
    Ok(root.child_value("ETag").map(etag))
}

/// A multipart upload that was started and neither completed nor aborted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpload {
    /// The object key it would write.
    pub key: String,
    /// Its upload id.
    pub upload_id: String,
    /// When it was started.
    pub initiated: Option<DateTime<Utc>>,
}

/// One page of `ListMultipartUploads`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadsPage {
    /// The uploads on this page.
    pub uploads: Vec<PendingUpload>,
    /// `(key-marker, upload-id-marker)` for the next page; `None` on the last page.
    pub next: Option<(String, String)>,
}

/// Parses a `ListMultipartUploads` answer.
pub fn uploads(body: &[u8]) -> Result<UploadsPage> {
    let root = document(body, "ListMultipartUploadsResult")?;
    let mut uploads = Vec::new();
    for u in root.children_named("Upload") {
        uploads.push(PendingUpload {
            key: u.require("Key")?.text.to_string(),
            upload_id: u.require_value("UploadId")?.to_string(),
            initiated: timestamp(u.child_value("Initiated")),
        });
    }
    let next = if flag(&root, "IsTruncated")? {
        let key = root.require_value("NextKeyMarker")?.to_string();
        let id = root
            .child_value("NextUploadIdMarker")
            .unwrap_or_default()
            .to_string();
        Some((key, id))
    } else {
        None
    };
    Ok(UploadsPage { uploads, next })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn initiate_and_complete() {
        let body =
            b"<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
            <Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE</UploadId>\
            </InitiateMultipartUploadResult>";
        assert_eq!(upload_id(body).unwrap(), "VXBsb2FkIElE");
        assert_eq!(
            upload_id(b"<InitiateMultipartUploadResult/>")
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedResponse
        );
        let done =
            b"<CompleteMultipartUploadResult><ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag>\
            </CompleteMultipartUploadResult>";
        assert_eq!(
            completed(done).unwrap().as_deref(),
            Some("3858f62230ac3c915f300c664312c11f-9")
        );
        // The 200 answer that is an error in disguise.
        let failed = b"<Error><Code>InternalError</Code><Message>We encountered an internal \
            error. Please try again.</Message></Error>";
        let err = completed(failed).unwrap_err();
        assert_eq!(err.code(), Some("InternalError"));
        assert!(err.is_retryable());
    }

    #[test]
    fn pending_uploads_page() {
        let body = b"<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>\
            <NextKeyMarker>b k</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>\
            <Upload><Key>a</Key><UploadId>u1</UploadId>\
            <Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload>\
            <Upload><Key>b k</Key><UploadId>u2</UploadId></Upload>\
            </ListMultipartUploadsResult>";
        let page = uploads(body).unwrap();
        assert_eq!(page.uploads.len(), 2);
        assert_eq!(page.uploads[1].key, "b k");
        assert!(page.uploads[0].initiated.is_some());
        assert_eq!(page.next, Some(("b k".into(), "u2".into())));
        let bad = b"<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>\
            </ListMultipartUploadsResult>";
        assert_eq!(
            uploads(bad).unwrap_err().kind(),
            ErrorKind::MalformedResponse
        );
    }
}
