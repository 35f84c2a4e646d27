//! Deleting objects: one (`DeleteObject`), or many (`DeleteObjects`, 1000 a request).

use bytes::Bytes;
use cloud_core::http::Method;
use cloud_core::xml::escape;
use cloud_core::{Error, Result};

use super::headers::content_md5;
use super::names::{validate_bucket, validate_key};
use super::{ctx, in_ctx};
use crate::S3Storage;
use crate::client::S3Request;
use crate::model::{self, DeleteFailure};

/// Most keys one `DeleteObjects` request may name.
pub const MAX_BATCH_DELETE: usize = 1000;

impl S3Storage {
    /// Deletes an object. S3 answers a delete of a missing key with success, so the key
    /// is looked up first: a missing one is `NotFound`, as the trait promises.
    pub(crate) async fn delete(&self, bucket: &str, key: &str) -> Result<()> {
        ctx(
            validate_bucket(bucket).and_then(|()| validate_key(key)),
            "DeleteObject",
        )?;
        self.head(bucket, key).await?;
        let req = S3Request::object("DeleteObject", Method::DELETE, bucket, key);
        self.client.send(&req).await?;
        Ok(())
    }

    /// Deletes many objects of `bucket` with `DeleteObjects`, 1000 keys a request. Keys
    /// that do not exist count as deleted (S3's rule). Returns the keys S3 could not
    /// delete, with its reason for each; an error means a whole request failed (keys
    /// of earlier requests are deleted by then).
    ///
    /// Every key is checked before the first request. A key with a character XML 1.0
    /// cannot carry (most control characters) is `InvalidInput`: delete it with
    /// `delete_object`.
    pub async fn delete_objects(
        &self,
        bucket: &str,
        keys: &[String],
    ) -> Result<Vec<DeleteFailure>> {
        let checked = validate_bucket(bucket).and_then(|()| {
            keys.iter().try_for_each(|k| {
                validate_key(k)?;
                xml_key(k).map(|_| ())
            })
        });
        ctx(checked, "DeleteObjects")?;
        let mut failures = Vec::new();
        for chunk in keys.chunks(MAX_BATCH_DELETE) {
            let mut xml = String::from(
                "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>",
            );
            for key in chunk {
                xml.push_str("<Object><Key>");
                xml.push_str(&xml_key(key)?);
                xml.push_str("</Key></Object>");
            }
            xml.push_str("</Delete>");
            let req = S3Request::bucket("DeleteObjects", Method::POST, bucket)
                .query("delete", "")
                .header("content-type", "application/xml")
                .header("content-md5", content_md5(xml.as_bytes()))
                .body(Bytes::from(xml))
                .idempotent(true);
            let resp = self.client.send(&req).await?;
            failures.extend(ctx(model::delete_failures(&resp.body), "DeleteObjects")?);
        }
        Ok(failures)
    }
}

/// A key as XML element text that reads back exactly: escaped, with carriage returns
/// as character references (a parser would turn a raw one into a line feed).
fn xml_key(key: &str) -> Result<String> {
    if let Some(c) = key
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (*c as u32) < 0x20)
    {
        return Err(in_ctx(
            Error::invalid_input(format!(
                "key {key:?} holds {c:?}, which a DeleteObjects request cannot carry"
            )),
            "DeleteObjects",
        ));
    }
    Ok(escape(key).replace('\r', "&#13;"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_exact_xml_text() {
        assert_eq!(xml_key("a<&>\"'b").unwrap(), "a&lt;&amp;&gt;&quot;&apos;b");
        assert_eq!(xml_key("x\r\ny").unwrap(), "x&#13;\ny");
        let doc = format!("<Key>{}</Key>", xml_key("  a\r\n\tb ").unwrap());
        let parsed = cloud_core::xml::Element::parse(doc.as_bytes()).unwrap();
        assert_eq!(parsed.text, "  a\r\n\tb ");
        assert!(xml_key("bell\u{7}").is_err());
    }
}
