//! `ListBucketResult` (ListObjectsV2): one page of objects and common prefixes.

use cloud_core::storage::{ListEntry, ObjectMeta};
use cloud_core::xml::Element;
use cloud_core::{Error, Result};

use super::{document, etag, flag, require_u64, timestamp};
use crate::client::{looks_url_encoded, url_decode};

/// One page of `ListObjectsV2`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectPage {
    /// Objects and common prefixes, in key order.
    pub entries: Vec<ListEntry>,
    /// The continuation token for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Parses a `ListObjectsV2` answer for `bucket`. Keys and prefixes are URL-decoded when
/// the answer says `EncodingType=url` (and really is encoded), so they come back
/// exactly as stored.
pub fn objects(body: &[u8], bucket: &str) -> Result<ObjectPage> {
    let root = document(body, "ListBucketResult")?;
    let contents: Vec<&Element<'_>> = root.children_named("Contents").collect();
    let mut keys = Vec::with_capacity(contents.len());
    for c in &contents {
        keys.push(c.require("Key")?.text.as_ref());
    }
    let mut prefixes = Vec::new();
    for p in root.children_named("CommonPrefixes") {
        prefixes.push(p.require("Prefix")?.text.as_ref());
    }
    let said_url = root
        .child_value("EncodingType")
        .is_some_and(|e| e.eq_ignore_ascii_case("url"));
    let decode = said_url
        && keys
            .iter()
            .chain(prefixes.iter())
            .all(|v| looks_url_encoded(v));
    let name = |raw: &str| -> Result<String> {
        if decode {
            url_decode(raw).ok_or_else(|| {
                Error::malformed("a URL-encoded key in the listing is not UTF-8 once decoded")
            })
        } else {
            Ok(raw.to_string())
        }
    };
    let mut entries = Vec::with_capacity(keys.len() + prefixes.len());
    for (c, raw) in contents.iter().zip(keys) {
        let mut extra = cloud_core::compute::Extra::new();
        if let Some(class) = c.child_value("StorageClass") {
            extra.insert("storage_class".into(), class.into());
        }
        entries.push(ListEntry::Object(ObjectMeta {
            container: bucket.to_string(),
            name: name(raw)?,
            size: require_u64(c, "Size")?,
            etag: c.child_value("ETag").map(etag),
            content_type: None,
            last_modified: timestamp(c.child_value("LastModified")),
            metadata: Default::default(),
            extra,
        }));
    }
    for raw in prefixes {
        entries.push(ListEntry::Prefix { prefix: name(raw)? });
    }
    entries.sort_by(|a, b| entry_name(a).cmp(entry_name(b)));
    let truncated = flag(&root, "IsTruncated")?;
    let next = root
        .child_value("NextContinuationToken")
        .map(str::to_string);
    if truncated && next.is_none() {
        return Err(Error::malformed(
            "the listing is truncated but has no NextContinuationToken",
        ));
    }
    Ok(ObjectPage {
        entries,
        next: if truncated { next } else { None },
    })
}

fn entry_name(entry: &ListEntry) -> &str {
    match entry {
        ListEntry::Object(meta) => &meta.name,
        ListEntry::Prefix { prefix } => prefix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn names(page: &ObjectPage) -> Vec<String> {
        page.entries
            .iter()
            .map(|e| match e {
                ListEntry::Object(m) => format!("o:{}", m.name),
                ListEntry::Prefix { prefix } => format!("p:{prefix}"),
            })
            .collect()
    }

    #[test]
    fn decodes_url_encoded_keys_and_merges_prefixes() {
        let body = br#"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>dir%2F</Prefix><KeyCount>3</KeyCount><MaxKeys>2</MaxKeys>
  <Delimiter>%2F</Delimiter><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>dir/with+space%2B%C3%BC</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>
    <StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>dir/a</Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>dir/sub%20x/</Prefix></CommonPrefixes>
</ListBucketResult>"#;
        let page = objects(body, "b").unwrap();
        assert_eq!(
            names(&page),
            ["o:dir/a", "p:dir/sub x/", "o:dir/with space+ü"]
        );
        let ListEntry::Object(meta) = &page.entries[2] else {
            panic!("an object")
        };
        assert_eq!(meta.size, 434234);
        assert_eq!(
            meta.etag.as_deref(),
            Some("fba9dede5f27731c9771645a39863328")
        );
        assert_eq!(meta.extra["storage_class"], "STANDARD");
        assert_eq!(meta.container, "b");
        assert!(meta.last_modified.is_some());
        assert_eq!(
            page.next.as_deref(),
            Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        );
    }

    #[test]
    fn servers_that_echo_the_encoding_without_encoding_are_read_raw() {
        let body = "<ListBucketResult><EncodingType>url</EncodingType>\
                    <IsTruncated>false</IsTruncated>\
                    <Contents><Key>with space/ünï+%.txt</Key><Size>1</Size></Contents>\
                    <Contents><Key>a+b</Key><Size>1</Size></Contents>\
                    </ListBucketResult>";
        let page = objects(body.as_bytes(), "b").unwrap();
        assert_eq!(names(&page), ["o:a+b", "o:with space/ünï+%.txt"]);
        let plain = "<ListBucketResult><Contents><Key>a+b%20</Key><Size>1</Size>\
                     </Contents></ListBucketResult>";
        let page = objects(plain.as_bytes(), "b").unwrap();
        assert_eq!(names(&page), ["o:a+b%20"]);
        assert_eq!(page.next, None);
    }

    #[test]
    fn broken_pages_are_malformed() {
        for bad in [
            "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
            "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>",
            "<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>",
            "<ListBucketResult><CommonPrefixes/></ListBucketResult>",
            "<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>%FF</Key>\
             <Size>1</Size></Contents></ListBucketResult>",
        ] {
            let err = objects(bad.as_bytes(), "b").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{bad}");
        }
    }
}
