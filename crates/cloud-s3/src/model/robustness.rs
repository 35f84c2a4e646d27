//! Every parser against hostile inputs (every prefix of real documents, random bytes,
//! random text over XML's alphabet, mutated documents): each may reject its input,
//! none may panic, and rejections are `MalformedResponse` (or the error an `<Error>`
//! document describes).

use cloud_core::ErrorKind;
use cloud_core::http::header::{HeaderMap, HeaderValue};
use cloud_core::http::{ErrorParser, StatusCode};

use crate::S3ErrorParser;

const SAMPLES: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult><Buckets><Bucket>\
     <Name>b</Name><CreationDate>2009-02-03T16:45:09.000Z</CreationDate></Bucket></Buckets>\
     <ContinuationToken>t</ContinuationToken></ListAllMyBucketsResult>",
    "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>\
     <NextContinuationToken>n</NextContinuationToken><Contents><Key>a%20b</Key>\
     <Size>3</Size><ETag>&quot;x&quot;</ETag></Contents><CommonPrefixes><Prefix>d%2F</Prefix>\
     </CommonPrefixes></ListBucketResult>",
    "<InitiateMultipartUploadResult><UploadId>abc</UploadId></InitiateMultipartUploadResult>",
    "<CompleteMultipartUploadResult><ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>",
    "<CopyObjectResult><ETag>\"e\"</ETag><LastModified>2009-10-28T22:32:00Z</LastModified>\
     </CopyObjectResult>",
    "<DeleteResult><Error><Key>k</Key><Code>AccessDenied</Code></Error></DeleteResult>",
    "<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k\
     </NextKeyMarker><Upload><Key>k</Key><UploadId>u</UploadId></Upload>\
     </ListMultipartUploadsResult>",
    "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r</RequestId>\
     <Region>eu-west-1</Region></Error>",
];

/// Runs every parser on `body`; panics only if one panics or rejects XML with an
/// unexpected kind.
fn feed(body: &[u8]) {
    let results = [
        super::buckets(body).err(),
        super::objects(body, "b").err(),
        super::upload_id(body).err(),
        super::completed(body).err(),
        super::copied(body).err(),
        super::delete_failures(body).err(),
        super::uploads(body).err(),
    ];
    for err in results.into_iter().flatten() {
        let from_error_document = err.code().is_some();
        assert!(
            err.kind() == ErrorKind::MalformedResponse || from_error_document,
            "{err}"
        );
    }
    for status in [200, 301, 400, 403, 404, 409, 500, 503] {
        let status = StatusCode::from_u16(status).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-bucket-region", HeaderValue::from_static("us-west-2"));
        let _ = S3ErrorParser.parse(status, &headers, body);
        let _ = S3ErrorParser.parse(status, &HeaderMap::new(), body);
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let samples: Vec<&[u8]> = SAMPLES.iter().map(|s| s.as_bytes()).collect();
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        b"<>/=\"'&;#%+ ErrorCodeKeySizeListBucketResultContentsTruncated0123456789",
        0x5335,
        feed,
    );
}

#[test]
fn header_parsers_take_any_value() {
    let samples: &[&[u8]] = &[
        b"bytes 7-11/13",
        b"434234",
        b"\"fba9dede5f27731c9771645a39863328\"",
        b"Sun, 01 Jan 2006 12:00:00 GMT",
        b"yZRlqg==",
    ];
    cloud_test::hostile::feed_hostile_inputs(samples, b"bytes 0123456789-/*\"=", 7, |raw| {
        if let Ok(text) = std::str::from_utf8(raw) {
            let _ = super::content_range_total(text);
        }
        let Ok(value) = HeaderValue::from_bytes(raw) else {
            return;
        };
        let mut headers = HeaderMap::new();
        for name in [
            "content-length",
            "content-range",
            "etag",
            "last-modified",
            "x-amz-checksum-crc32c",
        ] {
            headers.insert(name, value.clone());
        }
        for partial in [false, true] {
            let _ = super::object_meta("b", "k", &headers, partial);
        }
        let _ = crate::ops::download_checksum::expected(&headers);
    });
}
