//! Listing (S3) and streams, copy and signed URLs (S4).

use std::time::Duration;

use bytes::Bytes;
use cloud_core::storage::{PutOptions, SignedMethod, SignedUrl, SignedUrlRequest, StorageFeature};

use super::io::{body, get_bytes, list, list_options, same_bytes};
use super::{HELLO_BODY, HELLO_KEY, Suite};
use crate::conformance::{check, ok, unsupported, unsupported_stream};
use crate::guard;

/// The keys S3.1 writes; each object's body is its key.
pub const LISTING_KEYS: [&str; 5] = ["dir/a", "dir/b", "dir/sub/c", "top", "with space/ünï+%.txt"];

/// The key of the streamed object of S4.1.
pub const STREAMED_KEY: &str = "streamed.bin";

/// Bytes in each of the three chunks of S4.1.
pub const STREAMED_CHUNK: usize = 100_000;

/// The key of the copy of S4.2.
pub const COPY_KEY: &str = "copy.txt";

/// The key S4.4 uploads through a signed PUT URL.
pub const SIGNED_PUT_KEY: &str = "signed-put.txt";

/// The body S4.4 uploads through a signed PUT URL.
pub const SIGNED_PUT_BODY: &[u8] = b"uploaded through a signed URL\n";

/// How long the signed URLs of S4.3 and S4.4 stay valid.
const SIGNED_URL_LIFETIME: Duration = Duration::from_secs(300);

/// Time allowed for fetching a signed URL.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// The body of S4.1: 100 000 bytes of `0`, then of `1`, then of `2`.
pub fn streamed_chunks() -> Vec<Bytes> {
    (0..3u8)
        .map(|i| Bytes::from(vec![b'0' + i; STREAMED_CHUNK]))
        .collect()
}

impl Suite<'_> {
    /// S3: several keys, listed whole, by prefix and with a delimiter.
    pub(super) async fn listing(&self) {
        let (d, c) = (self.driver, self.container());

        self.step("S3.1", "put_object of the listing keys");
        for key in LISTING_KEYS {
            let options = PutOptions {
                size: Some(key.len() as u64),
                ..Default::default()
            };
            let content = body(vec![Bytes::from(key.as_bytes().to_vec())]);
            ok(
                "S3.1",
                &format!("put_object({key:?})"),
                d.put_object(c, key, content, &options).await,
            );
        }

        self.step("S3.2", "list_objects without a prefix");
        let mut want: Vec<&str> = LISTING_KEYS.to_vec();
        want.push(HELLO_KEY);
        want.sort_unstable();
        let got = list("S3.2", d, c, &list_options(None, None)).await;
        check(
            "S3.2",
            got.objects == want && got.prefixes.is_empty(),
            format!("exactly the objects {want:?} in byte order"),
            &got,
        );

        self.step("S3.3", "list_objects with prefix \"dir/\"");
        let want = ["dir/a", "dir/b", "dir/sub/c"];
        let got = list("S3.3", d, c, &list_options(Some("dir/"), None)).await;
        check(
            "S3.3",
            got.objects == want && got.prefixes.is_empty(),
            format!("exactly the objects {want:?}"),
            &got,
        );

        self.step(
            "S3.4",
            "list_objects with prefix \"dir/\" and delimiter \"/\"",
        );
        let options = list_options(Some("dir/"), Some("/"));
        if self.has(StorageFeature::Delimiter) {
            let got = list("S3.4", d, c, &options).await;
            check(
                "S3.4",
                got.objects == ["dir/a", "dir/b"] && got.prefixes == ["dir/sub/"],
                "objects [\"dir/a\", \"dir/b\"] and prefixes [\"dir/sub/\"]",
                &got,
            );
        } else {
            unsupported_stream(
                "S3.4",
                "list_objects with a delimiter",
                d.list_objects(c, &options),
            )
            .await;
        }
    }

    /// S4: a streamed upload of unknown size, a copy, signed URLs.
    pub(super) async fn streams_copy_signed(&self) {
        let (d, c) = (self.driver, self.container());

        self.step(
            "S4.1",
            "put_object streamed.bin in three chunks, size unknown",
        );
        let chunks = streamed_chunks();
        let whole: Vec<u8> = chunks.concat();
        ok(
            "S4.1",
            "put_object",
            d.put_object(c, STREAMED_KEY, body(chunks), &PutOptions::default())
                .await,
        );
        let meta = ok("S4.1", "head_object", d.head_object(c, STREAMED_KEY).await);
        check(
            "S4.1",
            meta.size == whole.len() as u64,
            format!("size {}", whole.len()),
            meta.size,
        );
        let got = get_bytes("S4.1", d, c, STREAMED_KEY).await;
        same_bytes("S4.1", "get_object", &got, &whole);

        self.step("S4.2", "copy_object hello.txt to copy.txt");
        if self.has(StorageFeature::Copy) {
            ok(
                "S4.2",
                "copy_object",
                d.copy_object(c, HELLO_KEY, c, COPY_KEY).await,
            );
            let got = get_bytes("S4.2", d, c, COPY_KEY).await;
            same_bytes("S4.2", "get_object of the copy", &got, HELLO_BODY);
        } else {
            unsupported(
                "S4.2",
                "copy_object",
                d.copy_object(c, HELLO_KEY, c, COPY_KEY).await,
            );
        }

        self.step("S4.3", "signed_url GET for hello.txt");
        let get = signed(SignedMethod::Get);
        if self.has(StorageFeature::SignedGet) {
            let signed = ok("S4.3", "signed_url", d.signed_url(c, HELLO_KEY, &get).await);
            check_signed("S4.3", &signed, SignedMethod::Get);
            if self.plan.fetch_signed_urls {
                let got = fetch("S4.3", &signed, None).await;
                same_bytes("S4.3", "GET of the signed URL", &got, HELLO_BODY);
            }
        } else {
            unsupported(
                "S4.3",
                "signed_url GET",
                d.signed_url(c, HELLO_KEY, &get).await,
            );
        }

        self.step("S4.4", "signed_url PUT for signed-put.txt");
        let put = signed(SignedMethod::Put);
        if !self.has(StorageFeature::SignedPut) {
            unsupported(
                "S4.4",
                "signed_url PUT",
                d.signed_url(c, SIGNED_PUT_KEY, &put).await,
            );
        } else if self.plan.fetch_signed_urls {
            let signed = ok(
                "S4.4",
                "signed_url",
                d.signed_url(c, SIGNED_PUT_KEY, &put).await,
            );
            check_signed("S4.4", &signed, SignedMethod::Put);
            fetch("S4.4", &signed, Some(SIGNED_PUT_BODY)).await;
            let got = get_bytes("S4.4", d, c, SIGNED_PUT_KEY).await;
            same_bytes(
                "S4.4",
                "get_object after the signed PUT",
                &got,
                SIGNED_PUT_BODY,
            );
        }
    }
}

fn signed(method: SignedMethod) -> SignedUrlRequest {
    SignedUrlRequest {
        method,
        expires_in: SIGNED_URL_LIFETIME,
    }
}

#[track_caller]
fn check_signed(id: &str, signed: &SignedUrl, method: SignedMethod) {
    check(
        id,
        matches!(signed.url.scheme(), "http" | "https"),
        "an http(s) URL",
        signed.url.scheme(),
    );
    check(
        id,
        signed.method == method,
        "the method asked for",
        signed.method,
    );
}

/// Sends one plain request to a signed URL (loopback only), with the method it allows
/// and the headers it must carry and nothing else, and returns the body of the success
/// answer.
async fn fetch(id: &str, signed: &SignedUrl, body: Option<&[u8]>) -> Vec<u8> {
    let url = &signed.url;
    let method = match signed.method {
        SignedMethod::Get => reqwest::Method::GET,
        SignedMethod::Put => reqwest::Method::PUT,
    };
    guard::assert_loopback(url);
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(FETCH_TIMEOUT)
        .build()
        .unwrap_or_else(|e| panic!("[{id}] cannot build an HTTP client: {e}"));
    let mut request = client.request(method.clone(), url.clone());
    for (name, value) in &signed.headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body.to_vec());
    }
    let response = request.send().await.unwrap_or_else(|e| {
        panic!(
            "[{id}] {method} of the signed URL failed: {}",
            e.without_url()
        )
    });
    let status = response.status();
    let bytes = response.bytes().await.unwrap_or_else(|e| {
        panic!(
            "[{id}] reading the answer to {method} of the signed URL: {}",
            e.without_url()
        )
    });
    if !status.is_success() {
        panic!(
            "[{id}] {method} of the signed URL: expected a 2xx status, got {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
    }
    bytes.to_vec()
}
