//! The object storage conformance suite: containers, one object, listing, streams, copy
//! and signed URLs, errors, cleanup. Steps S1–S6 of `CONFORMANCE.md`, in that order, and
//! transfers under faults (S7, [`run_under_faults`]).

mod faults;
mod io;
pub mod live;
mod objects;
mod plan;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::storage::{
    ByteRange, ObjectStorage, PutOptions, StorageCapabilities, StorageFeature,
};
use futures::{FutureExt, StreamExt};

use super::{check, collect, fails, ok, unsupported};
use io::{body, get_bytes, list, list_options, read_all, same_bytes};

pub use faults::{CUT_DOWNLOAD_KEY, FAILED_UPLOAD_KEY, run_under_faults};
pub use objects::{
    COPY_KEY, LISTING_KEYS, SIGNED_PUT_BODY, SIGNED_PUT_KEY, STREAMED_CHUNK, STREAMED_KEY,
    streamed_chunks,
};
pub use plan::StoragePlan;

/// The key of the one object of S2.
pub const HELLO_KEY: &str = "hello.txt";

/// The body of the one object of S2.
pub const HELLO_BODY: &[u8] = b"hello, world\n";

/// Most listing entries the clean-up after a failure looks at.
const CLEANUP_LIMIT: usize = 10_000;

/// Runs the object storage suite against `driver`; panics naming the step on the first
/// failed check.
///
/// When a step after the container was created fails, the suite tries to delete what it
/// wrote and the container before passing the failure on.
pub async fn run(driver: &dyn ObjectStorage, plan: &StoragePlan) {
    let suite = Suite {
        driver,
        plan,
        caps: driver.capabilities(),
        provider: driver.provider_id().to_string(),
    };
    eprintln!(
        "[conformance {}] storage suite starts; capabilities: {:?}",
        suite.provider, suite.caps.features
    );
    suite.create_container().await;
    let rest = AssertUnwindSafe(suite.after_create()).catch_unwind().await;
    if let Err(panic) = rest {
        suite.clean_up_after_failure().await;
        std::panic::resume_unwind(panic);
    }
    eprintln!("[conformance {}] storage suite passed", suite.provider);
}

/// The driver under test, the plan and what the driver claims to support.
pub(crate) struct Suite<'a> {
    pub(crate) driver: &'a dyn ObjectStorage,
    pub(crate) plan: &'a StoragePlan,
    pub(crate) caps: StorageCapabilities,
    pub(crate) provider: String,
}

impl Suite<'_> {
    pub(crate) fn has(&self, feature: StorageFeature) -> bool {
        self.caps.supports(feature)
    }

    pub(crate) fn step(&self, id: &str, what: &str) {
        super::step(&self.provider, id, what);
    }

    pub(crate) fn container(&self) -> &str {
        &self.plan.container
    }

    /// S1.1 and S1.2: a missing container, then the container of the suite.
    async fn create_container(&self) {
        let (d, plan) = (self.driver, self.plan);

        self.step("S1.1", "get_container of a missing name");
        fails(
            "S1.1",
            "get_container",
            d.get_container(&plan.missing_container).await,
            &[ErrorKind::NotFound],
        );

        self.step("S1.2", "create_container");
        let created = ok(
            "S1.2",
            "create_container",
            d.create_container(&plan.container).await,
        );
        check(
            "S1.2",
            created.name == plan.container,
            format!("container name {:?}", plan.container),
            &created.name,
        );
    }

    /// S1.2 (the duplicate) to S6.
    async fn after_create(&self) {
        self.containers().await;
        self.one_object().await;
        self.listing().await;
        self.streams_copy_signed().await;
        self.errors().await;
        self.cleanup().await;
    }

    /// S1.2 (the duplicate) and S1.3.
    async fn containers(&self) {
        let (d, name) = (self.driver, self.container());
        if self.plan.duplicate_create_fails {
            self.step("S1.2", "create_container again");
            fails(
                "S1.2",
                "create_container of an existing name",
                d.create_container(name).await,
                &[ErrorKind::AlreadyExists],
            );
        }

        self.step("S1.3", "list_containers, get_container");
        let all = collect("S1.3", "list_containers", d.list_containers()).await;
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        check(
            "S1.3",
            names.contains(&name),
            format!("container {name:?} among the containers"),
            &names,
        );
        let got = ok("S1.3", "get_container", d.get_container(name).await);
        check(
            "S1.3",
            got.name == name,
            format!("container name {name:?}"),
            &got.name,
        );
    }

    /// S2: put, head and get one small object.
    async fn one_object(&self) {
        let (d, c) = (self.driver, self.container());

        self.step("S2.1", "put_object hello.txt");
        let options = PutOptions {
            size: Some(HELLO_BODY.len() as u64),
            content_type: Some("text/plain".into()),
            metadata: BTreeMap::from([("color".to_string(), "blue".to_string())]),
        };
        let body = body(vec![Bytes::from_static(HELLO_BODY)]);
        let meta = ok(
            "S2.1",
            "put_object",
            d.put_object(c, HELLO_KEY, body, &options).await,
        );
        check("S2.1", meta.size == 13, "size 13", meta.size);

        self.step("S2.2", "head_object hello.txt");
        let meta = ok("S2.2", "head_object", d.head_object(c, HELLO_KEY).await);
        check("S2.2", meta.size == 13, "size 13", meta.size);
        check(
            "S2.2",
            meta.content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("text/plain")),
            "a content type starting with text/plain",
            &meta.content_type,
        );
        if self.has(StorageFeature::UserMetadata) {
            check(
                "S2.2",
                meta.metadata.get("color").map(String::as_str) == Some("blue"),
                "metadata color = blue",
                &meta.metadata,
            );
        }

        self.step("S2.3", "get_object hello.txt, whole and ranged");
        let got = get_bytes("S2.3", d, c, HELLO_KEY).await;
        same_bytes("S2.3", "get_object", &got, HELLO_BODY);
        let range = ByteRange {
            start: 7,
            end: Some(12),
        };
        let ranged = d.get_object(c, HELLO_KEY, Some(range)).await;
        if self.has(StorageFeature::RangedGet) {
            let download = ok("S2.3", "get_object with range 7..12", ranged);
            let got = read_all("S2.3", "get_object with range 7..12", download).await;
            same_bytes("S2.3", "get_object with range 7..12", &got, b"world");
        } else {
            unsupported("S2.3", "get_object with a range", ranged);
        }
    }

    /// S5: missing keys, keys that could escape, deleting a container that holds objects.
    async fn errors(&self) {
        let (d, c) = (self.driver, self.container());

        self.step("S5.1", "head_object, get_object of a missing key");
        fails(
            "S5.1",
            "head_object",
            d.head_object(c, "missing-key").await,
            &[ErrorKind::NotFound],
        );
        fails(
            "S5.1",
            "get_object",
            d.get_object(c, "missing-key", None).await,
            &[ErrorKind::NotFound],
        );

        self.step("S5.2", "put_object, head_object of \"../x\"");
        let put = d
            .put_object(
                c,
                "../x",
                body(vec![Bytes::from_static(b"x")]),
                &PutOptions {
                    size: Some(1),
                    ..Default::default()
                },
            )
            .await;
        fails(
            "S5.2",
            "put_object(\"../x\")",
            put,
            &[ErrorKind::InvalidInput],
        );
        fails(
            "S5.2",
            "head_object(\"../x\")",
            d.head_object(c, "../x").await,
            &[ErrorKind::InvalidInput],
        );

        self.step("S5.3", "delete_container while it holds objects");
        fails(
            "S5.3",
            "delete_container",
            d.delete_container(c).await,
            &[ErrorKind::Conflict],
        );
    }

    /// S6: delete every object, then the container.
    async fn cleanup(&self) {
        let (d, c) = (self.driver, self.container());

        self.step("S6.1", "delete every object");
        let all = list("S6.1", d, c, &list_options(None, None)).await;
        for key in &all.objects {
            ok(
                "S6.1",
                &format!("delete_object({key:?})"),
                d.delete_object(c, key).await,
            );
        }
        let left = list("S6.1", d, c, &list_options(None, None)).await;
        check(
            "S6.1",
            left.objects.is_empty() && left.prefixes.is_empty(),
            "an empty listing",
            &left,
        );

        self.step("S6.2", "delete_container");
        ok("S6.2", "delete_container", d.delete_container(c).await);
        fails(
            "S6.2",
            "get_container after delete",
            d.get_container(c).await,
            &[ErrorKind::NotFound],
        );
    }

    /// Best effort after a failed step: delete what is listed, then the container.
    async fn clean_up_after_failure(&self) {
        let (d, c) = (self.driver, self.container());
        eprintln!(
            "[conformance {}] deleting container {c:?} after the failure",
            self.provider
        );
        let options = list_options(None, None);
        let entries: Vec<_> = d
            .list_objects(c, &options)
            .take(CLEANUP_LIMIT)
            .collect()
            .await;
        for entry in entries.into_iter().flatten() {
            if let cloud_core::storage::ListEntry::Object(meta) = entry {
                let _ = d.delete_object(c, &meta.name).await;
            }
        }
        let _ = d.delete_container(c).await;
    }
}
