//! An in-memory object store that behaves like a small, correct provider, with switches
//! that break one behaviour each, to show the conformance suite notices.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use bytes::Bytes;
use cloud_core::storage::{
    ByteRange, ByteStream, Container, ListEntry, ListObjects, ObjectDownload, ObjectMeta,
    ObjectStorage, PutOptions, SignedMethod, SignedUrl, SignedUrlRequest, StorageCapabilities,
    StorageFeature, validate_container_name, validate_object_key,
};
use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::StreamExt;
use url::Url;

/// One deliberate bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// `list_objects` ignores the prefix.
    ListIgnoresPrefix,
    /// `delete_container` deletes a container that still holds objects.
    DeletesNonEmpty,
    /// `put_object` and `head_object` accept keys with `..` segments.
    NoKeyValidation,
    /// A ranged `get_object` returns the whole object.
    RangeIgnored,
    /// `create_container` of an existing name succeeds (some providers do this).
    IdempotentCreate,
}

#[derive(Debug, Clone)]
struct Stored {
    data: Bytes,
    content_type: Option<String>,
    metadata: BTreeMap<String, String>,
}

type Objects = BTreeMap<String, Stored>;

/// The fake driver.
#[derive(Debug)]
pub struct FakeStorage {
    caps: StorageCapabilities,
    bug: Option<Bug>,
    /// Base of signed URLs; `None` makes them point at an unreachable loopback port.
    signed_base: Option<Url>,
    containers: Mutex<BTreeMap<String, Objects>>,
}

fn not_found(message: String) -> Error {
    Error::not_found(message).with_provider("fake")
}

impl FakeStorage {
    /// A store supporting every feature except signed PUT URLs.
    pub fn full() -> Self {
        use StorageFeature::*;
        Self::with([RangedGet, Copy, UserMetadata, SignedGet, Delimiter], None)
    }

    /// A store supporting only the required calls.
    pub fn minimal() -> Self {
        Self::with([], None)
    }

    /// A store with these features and this bug.
    pub fn with(features: impl IntoIterator<Item = StorageFeature>, bug: Option<Bug>) -> Self {
        FakeStorage {
            caps: StorageCapabilities::with(features),
            bug,
            signed_base: None,
            containers: Mutex::new(BTreeMap::new()),
        }
    }

    /// Makes signed URLs start with `base` (`<base><container>/<key>?sig=…`).
    pub fn signing_at(mut self, base: Url) -> Self {
        self.signed_base = Some(base);
        self
    }

    /// How many containers exist.
    pub fn container_count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Objects>> {
        self.containers.lock().expect("fake state lock")
    }

    fn key_ok(&self, key: &str) -> Result<()> {
        if self.bug == Some(Bug::NoKeyValidation) {
            return Ok(());
        }
        validate_object_key(key)
    }

    fn meta(container: &str, key: &str, stored: &Stored) -> ObjectMeta {
        ObjectMeta {
            container: container.into(),
            name: key.into(),
            size: stored.data.len() as u64,
            etag: None,
            content_type: stored.content_type.clone(),
            last_modified: None,
            metadata: stored.metadata.clone(),
            extra: Default::default(),
        }
    }

    fn object(&self, container: &str, key: &str) -> Result<Stored> {
        validate_container_name(container)?;
        self.key_ok(key)?;
        let all = self.lock();
        let objects = all
            .get(container)
            .ok_or_else(|| not_found(format!("container {container:?} does not exist")))?;
        objects
            .get(key)
            .cloned()
            .ok_or_else(|| not_found(format!("no object {key:?}")))
    }

    fn entries(&self, container: &str, options: &ListObjects) -> Result<Vec<ListEntry>> {
        validate_container_name(container)?;
        if options.delimiter.is_some() && !self.caps.supports(StorageFeature::Delimiter) {
            return Err(self.unsupported("list_objects with a delimiter"));
        }
        let all = self.lock();
        let objects = all
            .get(container)
            .ok_or_else(|| not_found(format!("container {container:?} does not exist")))?;
        let prefix = match self.bug {
            Some(Bug::ListIgnoresPrefix) => "",
            _ => options.prefix.as_deref().unwrap_or(""),
        };
        let mut seen_prefixes = BTreeSet::new();
        let mut out = Vec::new();
        for (key, stored) in objects.range(prefix.to_string()..) {
            let Some(rest) = key.strip_prefix(prefix) else {
                break;
            };
            let common = options
                .delimiter
                .as_deref()
                .filter(|d| !d.is_empty())
                .and_then(|d| {
                    rest.find(d)
                        .map(|i| format!("{prefix}{}", &rest[..i + d.len()]))
                });
            match common {
                Some(p) => {
                    if seen_prefixes.insert(p.clone()) {
                        out.push(ListEntry::Prefix { prefix: p });
                    }
                }
                None => out.push(ListEntry::Object(Self::meta(container, key, stored))),
            }
        }
        Ok(out)
    }

    fn unsupported(&self, operation: &str) -> Error {
        Error::unsupported("fake", operation)
    }
}

#[async_trait]
impl ObjectStorage for FakeStorage {
    fn provider_id(&self) -> &str {
        "fake"
    }

    fn capabilities(&self) -> StorageCapabilities {
        self.caps.clone()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_containers(&self) -> BoxStream<'_, Result<Container>> {
        let names: Vec<String> = self.lock().keys().cloned().collect();
        Box::pin(futures::stream::iter(names.into_iter().map(|name| {
            Ok(Container {
                name,
                created_at: None,
                location: None,
                extra: Default::default(),
            })
        })))
    }

    async fn get_container(&self, name: &str) -> Result<Container> {
        validate_container_name(name)?;
        if !self.lock().contains_key(name) {
            return Err(not_found(format!("container {name:?} does not exist")));
        }
        Ok(Container {
            name: name.into(),
            created_at: None,
            location: None,
            extra: Default::default(),
        })
    }

    async fn create_container(&self, name: &str) -> Result<Container> {
        validate_container_name(name)?;
        let mut all = self.lock();
        if all.contains_key(name) {
            if self.bug != Some(Bug::IdempotentCreate) {
                return Err(Error::new(
                    ErrorKind::AlreadyExists,
                    format!("container {name:?} exists"),
                ));
            }
        } else {
            all.insert(name.into(), Objects::new());
        }
        Ok(Container {
            name: name.into(),
            created_at: None,
            location: None,
            extra: Default::default(),
        })
    }

    async fn delete_container(&self, name: &str) -> Result<()> {
        validate_container_name(name)?;
        let mut all = self.lock();
        let objects = all
            .get(name)
            .ok_or_else(|| not_found(format!("container {name:?} does not exist")))?;
        if !objects.is_empty() && self.bug != Some(Bug::DeletesNonEmpty) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("container {name:?} is not empty"),
            ));
        }
        all.remove(name);
        Ok(())
    }

    fn list_objects<'a>(
        &'a self,
        container: &'a str,
        options: &'a ListObjects,
    ) -> BoxStream<'a, Result<ListEntry>> {
        match self.entries(container, options) {
            Ok(entries) => Box::pin(futures::stream::iter(entries.into_iter().map(Ok))),
            Err(e) => Box::pin(futures::stream::once(async move { Err(e) })),
        }
    }

    async fn head_object(&self, container: &str, key: &str) -> Result<ObjectMeta> {
        let stored = self.object(container, key)?;
        Ok(Self::meta(container, key, &stored))
    }

    async fn put_object(
        &self,
        container: &str,
        key: &str,
        mut body: ByteStream,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        validate_container_name(container)?;
        self.key_ok(key)?;
        if !self.lock().contains_key(container) {
            return Err(not_found(format!("container {container:?} does not exist")));
        }
        let mut data = Vec::new();
        while let Some(chunk) = body.next().await {
            data.extend_from_slice(&chunk?);
        }
        if let Some(size) = options.size
            && size != data.len() as u64
        {
            return Err(Error::invalid_input(format!(
                "size {size} was announced but {} bytes were sent",
                data.len()
            )));
        }
        let metadata = if self.caps.supports(StorageFeature::UserMetadata) {
            options.metadata.clone()
        } else {
            BTreeMap::new()
        };
        let stored = Stored {
            data: Bytes::from(data),
            content_type: options.content_type.clone(),
            metadata,
        };
        let meta = Self::meta(container, key, &stored);
        let mut all = self.lock();
        let objects = all
            .get_mut(container)
            .ok_or_else(|| not_found(format!("container {container:?} does not exist")))?;
        objects.insert(key.into(), stored);
        Ok(meta)
    }

    async fn get_object(
        &self,
        container: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<ObjectDownload> {
        if range.is_some() && !self.caps.supports(StorageFeature::RangedGet) {
            return Err(self.unsupported("get_object with a range"));
        }
        let stored = self.object(container, key)?;
        let meta = Self::meta(container, key, &stored);
        let data = match range.filter(|_| self.bug != Some(Bug::RangeIgnored)) {
            None => stored.data.clone(),
            Some(r) => {
                let len = stored.data.len() as u64;
                let end = r.end.unwrap_or(len).min(len);
                if r.start > end {
                    return Err(Error::invalid_input("range starts past its end"));
                }
                stored.data.slice(r.start as usize..end as usize)
            }
        };
        let chunks: Vec<Result<Bytes>> = data
            .chunks(4096)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        Ok(ObjectDownload {
            meta,
            body: Box::pin(futures::stream::iter(chunks)),
        })
    }

    async fn delete_object(&self, container: &str, key: &str) -> Result<()> {
        validate_container_name(container)?;
        self.key_ok(key)?;
        let mut all = self.lock();
        let objects = all
            .get_mut(container)
            .ok_or_else(|| not_found(format!("container {container:?} does not exist")))?;
        objects
            .remove(key)
            .map(|_| ())
            .ok_or_else(|| not_found(format!("no object {key:?}")))
    }

    async fn copy_object(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        if !self.caps.supports(StorageFeature::Copy) {
            return Err(self.unsupported("copy_object"));
        }
        let stored = self.object(src_container, src_key)?;
        self.key_ok(dst_key)?;
        let mut all = self.lock();
        let objects = all
            .get_mut(dst_container)
            .ok_or_else(|| not_found(format!("container {dst_container:?} does not exist")))?;
        objects.insert(dst_key.into(), stored.clone());
        Ok(Self::meta(dst_container, dst_key, &stored))
    }

    async fn signed_url(
        &self,
        container: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<SignedUrl> {
        let feature = match request.method {
            SignedMethod::Get => StorageFeature::SignedGet,
            SignedMethod::Put => StorageFeature::SignedPut,
        };
        if !self.caps.supports(feature) {
            return Err(self.unsupported("signed_url"));
        }
        match request.method {
            SignedMethod::Get => drop(self.object(container, key)?),
            SignedMethod::Put => self.key_ok(key)?,
        }
        let base = self
            .signed_base
            .clone()
            .unwrap_or_else(|| Url::parse("http://127.0.0.1:9/").expect("static URL"));
        let mut url = base
            .join(&format!("{container}/{key}"))
            .map_err(|e| Error::invalid_input(format!("cannot build a signed URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("expires", &request.expires_in.as_secs().to_string())
            .append_pair("sig", "fake-signature");
        Ok(SignedUrl::new(url, request.method))
    }
}
