//! The sink server: the S3 calls the three clients make (bucket create and lookups,
//! `PutObject`, the multipart calls, `HeadObject`, `GetObject`), path style, on
//! 127.0.0.1, doing as little work per byte as a server can, so the figures against
//! it are the clients' own.
//!
//! Nothing is written to disk and no signature is checked (s3s-fs does that). Every
//! uploaded byte is checked all the same: the server keeps each object's size and
//! CRC32C (hardware-computed, combined across parts) and refuses a large object that
//! is not the benchmark file. A download of such an object streams the benchmark file
//! back. Objects up to [`KEEP_BYTES`] (the clients' small probes) are kept in memory.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use tokio::io::AsyncReadExt;
use xtask::serve::lock;

use super::aws_chunked::Decoder;
use crate::background::{Background, Bound};
use crate::{Error, Result};

/// Objects up to this size are kept and served back as they came. It is below S3's
/// 5 MiB minimum part size, so no part of a multipart upload but its last is ever
/// copied: the sink's own work is then the same for one PUT and for many parts.
pub const KEEP_BYTES: u64 = 4 * 1024 * 1024;

/// The S3 document namespace (some clients look elements up in it).
const NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// Bytes read from the benchmark file per body chunk of a download.
const READ_CHUNK: usize = 1024 * 1024;

/// An answer body: whole or streamed.
type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// What the server knows of a stored object.
#[derive(Debug, Clone)]
struct Object {
    size: u64,
    crc: u32,
    /// The bytes, for objects up to [`KEEP_BYTES`].
    kept: Option<Bytes>,
}

/// A part received for a multipart upload.
#[derive(Debug, Clone)]
struct Part {
    size: u64,
    crc: u32,
    kept: Option<Bytes>,
}

struct Upload {
    key: String,
    parts: BTreeMap<u32, Part>,
}

/// The size and CRC32C of the benchmark file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    size: u64,
    crc: u32,
}

struct State {
    payload: PathBuf,
    fingerprint: Fingerprint,
    buckets: Mutex<HashSet<String>>,
    objects: Mutex<HashMap<String, Object>>,
    uploads: Mutex<HashMap<String, Upload>>,
    next_id: AtomicU64,
}

/// A running sink server. Dropping it stops it.
pub struct SinkServer {
    server: Background,
}

impl SinkServer {
    /// Starts on a free port of 127.0.0.1; `payload` is the benchmark file.
    pub fn start(payload: &Path) -> Result<Self> {
        let fingerprint = fingerprint(payload)?;
        let state = Arc::new(State {
            payload: payload.to_path_buf(),
            fingerprint,
            buckets: Mutex::default(),
            objects: Mutex::default(),
            uploads: Mutex::default(),
            next_id: AtomicU64::new(1),
        });
        let server = Bound::loopback("s3-sink")?.serve("sink server", state, handle);
        Ok(SinkServer { server })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.server.addr().port()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.server.addr())
    }
}

/// Size and CRC32C of the file at `path`.
fn fingerprint(path: &Path) -> Result<Fingerprint> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    let mut buf = vec![0u8; READ_CHUNK];
    let (mut size, mut crc) = (0u64, 0u32);
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
        if n == 0 {
            return Ok(Fingerprint { size, crc });
        }
        crc = crc32c::crc32c_append(crc, &buf[..n]);
        size += n as u64;
    }
}

/// What a request names: the bucket, and the key when it is an object's.
fn target(path: &str) -> (Option<&str>, Option<&str>) {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        return (None, None);
    }
    match trimmed.split_once('/') {
        Some((bucket, key)) if !key.is_empty() => (Some(bucket), Some(key)),
        Some((bucket, _)) => (Some(bucket), None),
        None => (Some(trimmed), None),
    }
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> std::result::Result<Response<Body>, Infallible> {
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let answer = match target(&path) {
        (None, _) if method == Method::GET => list_buckets(&state),
        (Some(bucket), None) => bucket_call(&state, &method, bucket, &query),
        (Some(bucket), Some(_)) => {
            let known = lock(&state.buckets).contains(bucket);
            if known {
                object_call(&state, req, &query, &path).await
            } else {
                error(StatusCode::NOT_FOUND, "NoSuchBucket", bucket)
            }
        }
        _ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", &path),
    };
    Ok(answer)
}

fn list_buckets(state: &State) -> Response<Body> {
    let mut names: Vec<String> = lock(&state.buckets).iter().cloned().collect();
    names.sort();
    let buckets: String = names
        .iter()
        .map(|n| {
            format!("<Bucket><Name>{n}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>")
        })
        .collect();
    xml(format!(
        "<ListAllMyBucketsResult xmlns=\"{NS}\"><Owner><ID>sink</ID></Owner><Buckets>{buckets}</Buckets></ListAllMyBucketsResult>"
    ))
}

fn bucket_call(
    state: &State,
    method: &Method,
    bucket: &str,
    query: &HashMap<String, String>,
) -> Response<Body> {
    let exists = lock(&state.buckets).contains(bucket);
    match *method {
        Method::PUT => {
            lock(&state.buckets).insert(bucket.to_string());
            empty(StatusCode::OK)
        }
        _ if !exists => error(StatusCode::NOT_FOUND, "NoSuchBucket", bucket),
        Method::HEAD => empty(StatusCode::OK),
        Method::GET if query.contains_key("location") => {
            xml(format!("<LocationConstraint xmlns=\"{NS}\"/>"))
        }
        Method::GET => {
            let prefix = format!("/{bucket}/");
            let objects = lock(&state.objects);
            let mut keys: Vec<(&String, &Object)> = objects
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .collect();
            keys.sort_by(|a, b| a.0.cmp(b.0));
            let contents: String = keys
                .iter()
                .map(|(k, o)| {
                    format!(
                        "<Contents><Key>{}</Key><Size>{}</Size><ETag>&quot;{}&quot;</ETag>\
                         <LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>",
                        &k[prefix.len()..],
                        o.size,
                        etag(o)
                    )
                })
                .collect();
            xml(format!(
                "<ListBucketResult xmlns=\"{NS}\"><Name>{bucket}</Name><KeyCount>{}</KeyCount>\
                 <IsTruncated>false</IsTruncated>{contents}</ListBucketResult>",
                keys.len()
            ))
        }
        Method::DELETE => {
            lock(&state.buckets).remove(bucket);
            empty(StatusCode::NO_CONTENT)
        }
        _ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", bucket),
    }
}

async fn object_call(
    state: &State,
    req: Request<Incoming>,
    query: &HashMap<String, String>,
    path: &str,
) -> Response<Body> {
    let method = req.method().clone();
    let upload_id = query.get("uploadId").cloned();
    match (method, upload_id) {
        (Method::POST, None) if query.contains_key("uploads") => {
            let id = format!("sink-{}", state.next_id.fetch_add(1, Ordering::SeqCst));
            lock(&state.uploads).insert(
                id.clone(),
                Upload {
                    key: path.to_string(),
                    parts: BTreeMap::new(),
                },
            );
            xml(format!(
                "<InitiateMultipartUploadResult xmlns=\"{NS}\"><UploadId>{id}</UploadId></InitiateMultipartUploadResult>"
            ))
        }
        (Method::PUT, Some(id)) => {
            let Some(number) = query.get("partNumber").and_then(|n| n.parse::<u32>().ok()) else {
                return error(StatusCode::BAD_REQUEST, "InvalidArgument", "partNumber");
            };
            let part = match receive(req).await {
                Ok(part) => part,
                Err((code, message)) => return error(StatusCode::BAD_REQUEST, code, &message),
            };
            let tag = format!("part-{number}-{:08x}", part.crc);
            match lock(&state.uploads).get_mut(&id) {
                Some(upload) => {
                    upload.parts.insert(number, part);
                    let total: u64 = upload.parts.values().map(|p| p.size).sum();
                    if total > KEEP_BYTES {
                        // A large object: its bytes are checked, not kept.
                        upload.parts.values_mut().for_each(|p| p.kept = None);
                    }
                }
                None => return error(StatusCode::NOT_FOUND, "NoSuchUpload", &id),
            }
            let mut resp = empty(StatusCode::OK);
            set(&mut resp, "etag", &format!("\"{tag}\""));
            resp
        }
        (Method::POST, Some(id)) => {
            let _ = req.into_body().collect().await;
            let Some(upload) = lock(&state.uploads).remove(&id) else {
                return error(StatusCode::NOT_FOUND, "NoSuchUpload", &id);
            };
            let object = assemble(upload.parts.into_values());
            let tag = etag(&object);
            if let Err(e) = store(state, &upload.key, object) {
                return error(StatusCode::BAD_REQUEST, "BadDigest", e);
            }
            xml(format!(
                "<CompleteMultipartUploadResult xmlns=\"{NS}\"><Key>{path}</Key><ETag>&quot;{tag}&quot;</ETag></CompleteMultipartUploadResult>"
            ))
        }
        (Method::DELETE, Some(id)) => {
            lock(&state.uploads).remove(&id);
            empty(StatusCode::NO_CONTENT)
        }
        (Method::PUT, None) => {
            let part = match receive(req).await {
                Ok(part) => part,
                Err((code, message)) => return error(StatusCode::BAD_REQUEST, code, &message),
            };
            let object = assemble([part].into_iter());
            let tag = etag(&object);
            if let Err(e) = store(state, path, object) {
                return error(StatusCode::BAD_REQUEST, "BadDigest", e);
            }
            let mut resp = empty(StatusCode::OK);
            set(&mut resp, "etag", &format!("\"{tag}\""));
            resp
        }
        (Method::HEAD, None) => match lock(&state.objects).get(path) {
            Some(object) => {
                let mut resp = empty(StatusCode::OK);
                object_headers(&mut resp, object);
                resp
            }
            None => empty(StatusCode::NOT_FOUND),
        },
        (Method::GET, None) => {
            let Some(object) = lock(&state.objects).get(path).cloned() else {
                return error(StatusCode::NOT_FOUND, "NoSuchKey", path);
            };
            let mut resp = match &object.kept {
                Some(bytes) => Response::new(full(bytes.clone())),
                None => Response::new(stream_file(state.payload.clone())),
            };
            object_headers(&mut resp, &object);
            resp
        }
        (Method::DELETE, None) => {
            lock(&state.objects).remove(path);
            empty(StatusCode::NO_CONTENT)
        }
        _ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", path),
    }
}

/// The CRC32C an upload claims in `x-amz-checksum-crc32c`, if any.
fn header_crc(req: &Request<Incoming>) -> Option<u32> {
    decode_crc(req.headers().get("x-amz-checksum-crc32c")?.to_str().ok()?)
}

/// A base64 CRC32C.
fn decode_crc(value: &str) -> Option<u32> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .ok()?;
    Some(u32::from_be_bytes(bytes.try_into().ok()?))
}

/// Reads a request body, counting and checksumming it (keeping it when small), and
/// checks it against the CRC32C its headers claim.
async fn receive(req: Request<Incoming>) -> std::result::Result<Part, (&'static str, String)> {
    let claimed = header_crc(&req);
    let part = decode_body(req)
        .await
        .map_err(|message| ("IncompleteBody", message))?;
    if claimed.is_some_and(|c| c != part.crc) {
        return Err(("BadDigest", "x-amz-checksum-crc32c does not match".into()));
    }
    Ok(part)
}

/// Reads a request body, decoding `aws-chunked` (whose CRC32C trailer must match).
async fn decode_body(req: Request<Incoming>) -> std::result::Result<Part, String> {
    let chunked = req
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("aws-chunked"));
    let declared = declared_len(&req, chunked);
    let mut decoder = chunked.then(Decoder::default);
    let mut body = req.into_body();
    let (mut size, mut crc) = (0u64, 0u32);
    // A body declared larger than what is kept is never copied at all.
    let mut kept: Option<Vec<u8>> = match declared {
        Some(len) if len > KEEP_BYTES => None,
        Some(len) => Some(Vec::with_capacity(len as usize)),
        None => Some(Vec::new()),
    };
    let mut take = |data: &[u8]| {
        crc = crc32c::crc32c_append(crc, data);
        size += data.len() as u64;
        if size > KEEP_BYTES {
            kept = None;
        }
        if let Some(k) = kept.as_mut() {
            k.extend_from_slice(data);
        }
    };
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| e.to_string())?;
        if let Ok(data) = frame.into_data() {
            match decoder.as_mut() {
                Some(d) => d.feed(&data, &mut take)?,
                None => take(&data),
            }
        }
    }
    if let Some(d) = decoder {
        let trailers = d.finish()?;
        let claimed = trailers
            .iter()
            .find_map(|t| t.strip_prefix("x-amz-checksum-crc32c:"))
            .and_then(decode_crc)
            .ok_or("an aws-chunked body without an x-amz-checksum-crc32c trailer")?;
        if claimed != crc {
            return Err("the x-amz-checksum-crc32c trailer does not match the body".into());
        }
    }
    Ok(Part {
        size,
        crc,
        kept: kept.map(Bytes::from),
    })
}

/// The body length a request declares: `x-amz-decoded-content-length` for an
/// `aws-chunked` body, else `content-length`.
fn declared_len(req: &Request<Incoming>, chunked: bool) -> Option<u64> {
    let name = if chunked {
        "x-amz-decoded-content-length"
    } else {
        "content-length"
    };
    req.headers().get(name)?.to_str().ok()?.trim().parse().ok()
}

/// One object from its parts in order: sizes added, CRCs combined, bytes kept while
/// small.
fn assemble(parts: impl Iterator<Item = Part>) -> Object {
    let mut object = Object {
        size: 0,
        crc: 0,
        kept: Some(Bytes::new()),
    };
    let mut bytes: Option<Vec<u8>> = Some(Vec::new());
    for part in parts {
        object.crc = if object.size == 0 {
            part.crc
        } else {
            crc32c::crc32c_combine(object.crc, part.crc, part.size as usize)
        };
        object.size += part.size;
        bytes = match (bytes, part.kept) {
            (Some(mut b), Some(k)) if object.size <= KEEP_BYTES => {
                b.extend_from_slice(&k);
                Some(b)
            }
            _ => None,
        };
    }
    object.kept = bytes.map(Bytes::from);
    object
}

/// Stores `object` under `path`; a large object must be the benchmark file.
fn store(state: &State, path: &str, object: Object) -> std::result::Result<(), &'static str> {
    let is_payload = Fingerprint {
        size: object.size,
        crc: object.crc,
    } == state.fingerprint;
    if object.kept.is_none() && !is_payload {
        return Err("the object is neither small nor the benchmark file (size or CRC32C differ)");
    }
    let object = if is_payload {
        Object {
            kept: None,
            ..object
        }
    } else {
        object
    };
    lock(&state.objects).insert(path.to_string(), object);
    Ok(())
}

/// An entity tag that is not an MD5 (the sink computes none), so no client checks one.
fn etag(object: &Object) -> String {
    format!("crc32c-{:08x}-{}", object.crc, object.size)
}

fn object_headers(resp: &mut Response<Body>, object: &Object) {
    set(resp, "content-length", &object.size.to_string());
    set(resp, "etag", &format!("\"{}\"", etag(object)));
    set(resp, "last-modified", "Thu, 01 Jan 2026 00:00:00 GMT");
    set(resp, "content-type", "application/octet-stream");
}

fn set(resp: &mut Response<Body>, name: &'static str, value: &str) {
    if let Ok(v) = hyper::header::HeaderValue::from_str(value) {
        resp.headers_mut().insert(name, v);
    }
}

/// The benchmark file as a streamed body.
fn stream_file(path: PathBuf) -> Body {
    let chunks = futures::stream::unfold(Some((path, None)), |state| async move {
        let (path, file) = state?;
        let mut file = match file {
            Some(f) => f,
            None => match tokio::fs::File::open(&path).await {
                Ok(f) => f,
                Err(e) => return Some((Err(e), None)),
            },
        };
        let mut buf = vec![0u8; READ_CHUNK];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Frame::data(Bytes::from(buf))), Some((path, Some(file)))))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    UnsyncBoxBody::new(StreamBody::new(chunks.boxed()))
}

fn full(bytes: Bytes) -> Body {
    UnsyncBoxBody::new(Full::new(bytes).map_err(|never| match never {}))
}

fn xml(text: String) -> Response<Body> {
    let mut resp = Response::new(full(Bytes::from(text)));
    set(&mut resp, "content-type", "application/xml");
    resp
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut resp = Response::new(full(Bytes::new()));
    *resp.status_mut() = status;
    resp
}

fn error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    let mut resp = xml(format!(
        "<Error><Code>{code}</Code><Message>{}</Message></Error>",
        message.replace('&', "&amp;").replace('<', "&lt;")
    ));
    *resp.status_mut() = status;
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(data: &[u8]) -> Part {
        Part {
            size: data.len() as u64,
            crc: crc32c::crc32c(data),
            kept: Some(Bytes::copy_from_slice(data)),
        }
    }

    #[test]
    fn parts_combine_to_the_whole_objects_checksum() {
        let whole = b"the quick brown fox jumps over the lazy dog";
        let object =
            assemble([part(&whole[..10]), part(&whole[10..25]), part(&whole[25..])].into_iter());
        assert_eq!(object.size, whole.len() as u64);
        assert_eq!(object.crc, crc32c::crc32c(whole));
        assert_eq!(object.kept.as_deref(), Some(&whole[..]));
    }

    /// Sends one request; the status and body.
    async fn call(
        client: &reqwest::Client,
        method: reqwest::Method,
        url: &str,
        body: Vec<u8>,
        headers: &[(&str, String)],
    ) -> (u16, Vec<u8>) {
        let mut req = client.request(method, url).body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.bytes().await.unwrap().to_vec())
    }

    #[test]
    fn stores_checks_and_serves_back() {
        use base64::Engine;
        let dir = tempfile::tempdir().unwrap();
        let payload: Vec<u8> = (0..KEEP_BYTES + 3).map(|i| (i % 251) as u8).collect();
        let path = dir.path().join("payload.bin");
        std::fs::write(&path, &payload).unwrap();
        let sink = SinkServer::start(&path).unwrap();
        let base = sink.endpoint();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let c = reqwest::Client::builder().no_proxy().build().unwrap();
            let put = reqwest::Method::PUT;
            let get = reqwest::Method::GET;
            assert_eq!(
                call(&c, put.clone(), &format!("{base}/b/k"), vec![], &[])
                    .await
                    .0,
                404
            );
            assert_eq!(
                call(&c, put.clone(), &format!("{base}/b"), vec![], &[])
                    .await
                    .0,
                200
            );
            // A small object comes back as it went.
            let (status, _) = call(
                &c,
                put.clone(),
                &format!("{base}/b/small"),
                b"abc".to_vec(),
                &[],
            )
            .await;
            assert_eq!(status, 200);
            assert_eq!(
                call(&c, get.clone(), &format!("{base}/b/small"), vec![], &[]).await,
                (200, b"abc".to_vec())
            );
            // The benchmark file, in two parts, comes back whole.
            let (_, init) = call(
                &c,
                reqwest::Method::POST,
                &format!("{base}/b/big?uploads"),
                vec![],
                &[],
            )
            .await;
            let init = String::from_utf8(init).unwrap();
            let id = init
                .split("<UploadId>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            let half = payload.len() / 2;
            for (n, bytes) in [(1, &payload[..half]), (2, &payload[half..])] {
                let crc = base64::engine::general_purpose::STANDARD
                    .encode(crc32c::crc32c(bytes).to_be_bytes());
                let url = format!("{base}/b/big?partNumber={n}&uploadId={id}");
                let (status, _) = call(
                    &c,
                    put.clone(),
                    &url,
                    bytes.to_vec(),
                    &[("x-amz-checksum-crc32c", crc)],
                )
                .await;
                assert_eq!(status, 200, "part {n}");
            }
            let url = format!("{base}/b/big?uploadId={id}");
            assert_eq!(
                call(&c, reqwest::Method::POST, &url, vec![], &[]).await.0,
                200
            );
            assert_eq!(
                call(&c, get.clone(), &format!("{base}/b/big"), vec![], &[]).await,
                (200, payload.clone())
            );
            // aws-chunked bodies are decoded and their CRC32C trailer checked.
            let chunked =
                |crc: &str| format!("3\r\nabc\r\n0\r\nx-amz-checksum-crc32c:{crc}\r\n\r\n");
            let good = base64::engine::general_purpose::STANDARD
                .encode(crc32c::crc32c(b"abc").to_be_bytes());
            let encoding = [("content-encoding", "aws-chunked".to_string())];
            let url = format!("{base}/b/chunked");
            let (status, _) = call(
                &c,
                put.clone(),
                &url,
                chunked(&good).into_bytes(),
                &encoding,
            )
            .await;
            assert_eq!(status, 200);
            assert_eq!(
                call(&c, get.clone(), &url, vec![], &[]).await,
                (200, b"abc".to_vec())
            );
            let (status, _) = call(
                &c,
                put.clone(),
                &url,
                chunked("AAAAAA==").into_bytes(),
                &encoding,
            )
            .await;
            assert_eq!(status, 400, "a trailer that does not match is refused");
            // A wrong checksum, and a large object that is not the benchmark file, are refused.
            let wrong = ("x-amz-checksum-crc32c", "AAAAAA==".to_string());
            let (status, body) = call(
                &c,
                put.clone(),
                &format!("{base}/b/x"),
                b"abc".to_vec(),
                &[wrong],
            )
            .await;
            assert_eq!(status, 400);
            assert!(String::from_utf8_lossy(&body).contains("BadDigest"));
            let mut other = payload.clone();
            other[5] ^= 1;
            let (status, _) = call(&c, put, &format!("{base}/b/other"), other, &[]).await;
            assert_eq!(status, 400);
            assert_eq!(
                call(&c, get, &format!("{base}/b/other"), vec![], &[])
                    .await
                    .0,
                404
            );
        });
    }

    #[test]
    fn paths_name_buckets_and_keys() {
        assert_eq!(target("/"), (None, None));
        assert_eq!(target("/bench"), (Some("bench"), None));
        assert_eq!(target("/bench/"), (Some("bench"), None));
        assert_eq!(target("/bench/a/b.bin"), (Some("bench"), Some("a/b.bin")));
    }
}
