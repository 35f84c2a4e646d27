//! `CopyObjectResult` and `DeleteResult`.

use chrono::{DateTime, Utc};
use cloud_core::Result;

use super::{document, etag, timestamp};

/// The entity tag and time of a `CopyObject` answer (which, like
/// `CompleteMultipartUpload`, may be an `<Error>` with status 200).
pub fn copied(body: &[u8]) -> Result<(Option<String>, Option<DateTime<Utc>>)> {
    let root = document(body, "CopyObjectResult")?;
    Ok((
        root.child_value("ETag").map(etag),
        timestamp(root.child_value("LastModified")),
    ))
}

/// A key a batch delete could not delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteFailure {
    /// The key.
    pub key: String,
    /// S3's error code (`AccessDenied`, `InternalError`, …).
    pub code: String,
    /// S3's message.
    pub message: String,
}

/// The failures listed in a `DeleteObjects` answer (quiet mode lists only those).
pub fn delete_failures(body: &[u8]) -> Result<Vec<DeleteFailure>> {
    let root = document(body, "DeleteResult")?;
    let mut failures = Vec::new();
    for e in root.children_named("Error") {
        failures.push(DeleteFailure {
            key: e.require("Key")?.text.to_string(),
            code: e.child_value("Code").unwrap_or("Unknown").to_string(),
            message: e.child_value("Message").unwrap_or("").to_string(),
        });
    }
    Ok(failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn copy_result() {
        let body = b"<CopyObjectResult><LastModified>2009-10-28T22:32:00.000Z</LastModified>\
            <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></CopyObjectResult>";
        let (tag, at) = copied(body).unwrap();
        assert_eq!(tag.as_deref(), Some("9b2cf535f27731c974343645a3985328"));
        assert!(at.is_some());
        let err = copied(b"<Error><Code>SlowDown</Code></Error>").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::RateLimited);
    }

    #[test]
    fn delete_result() {
        let body = b"<DeleteResult><Deleted><Key>ok</Key></Deleted>\
            <Error><Key> spaced </Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>\
            </DeleteResult>";
        let failures = delete_failures(body).unwrap();
        assert_eq!(
            failures,
            [DeleteFailure {
                key: " spaced ".into(),
                code: "AccessDenied".into(),
                message: "Access Denied".into()
            }]
        );
        assert!(delete_failures(b"<DeleteResult/>").unwrap().is_empty());
        assert_eq!(
            delete_failures(b"<DeleteResult><Error/></DeleteResult>")
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedResponse
        );
    }
}
