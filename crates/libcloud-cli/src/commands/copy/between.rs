//! `storage cp` from one provider to another: one object, or a prefix, streamed through
//! the library's copy with a progress bar.

use std::sync::Arc;

use libcloud::core::storage::{
    PrefixCopy, copy_object_between, copy_planned_between, plan_prefix_copy,
};
use libcloud::{Error, ErrorKind, ObjectMeta, ObjectStorage, Result};

use super::spec::Remote;
use crate::cli::ObjectPath;
use crate::commands::storage::check;
use crate::progress;

/// Copies the object `from` names to `to_key` of `to`'s container.
pub async fn copy_one(
    src: &dyn ObjectStorage,
    from: &Remote,
    dst: &dyn ObjectStorage,
    to: &Remote,
    to_key: &str,
) -> Result<ObjectMeta> {
    let source = ObjectPath {
        container: from.container.clone(),
        key: from.key.clone(),
    };
    let target = ObjectPath {
        container: to.container.clone(),
        key: to_key.to_string(),
    };
    check(src, &source, "get_object")?;
    check(dst, &target, "put_object")?;
    // The size first, for the bar; a missing object stops here.
    let meta = src
        .head_object(&source.container, &source.key)
        .await
        .map_err(|err| match err.kind() {
            // A HEAD answer has no body to name the object: say which one.
            ErrorKind::NotFound => {
                Error::not_found(format!("{} does not exist ({err})", from.shown()))
            }
            _ => err,
        })?;
    let bar = progress::transfer(Some(meta.size), &format!("cp {}", source.key));
    let counter = bar.clone();
    let result = copy_object_between(
        src,
        &source.container,
        &source.key,
        dst,
        &target.container,
        &target.key,
        Arc::new(move |n| counter.inc(n)),
    )
    .await;
    bar.finish_and_clear();
    result
}

/// Copies every object under `from`'s prefix to `to`'s prefix, `concurrency` at once.
/// No object under the prefix is a `NotFound` error.
pub async fn copy_prefix(
    src: &dyn ObjectStorage,
    from: &Remote,
    dst: &dyn ObjectStorage,
    to: &Remote,
    concurrency: usize,
) -> Result<Vec<ObjectMeta>> {
    let plan = plan_prefix_copy(src, &from.container, &from.key, &to.key).await?;
    if plan.is_empty() {
        return Err(
            Error::not_found(format!("no objects under {}", from.shown()))
                .with_provider(src.provider_id())
                .with_operation("list_objects"),
        );
    }
    for planned in &plan {
        let target = ObjectPath {
            container: to.container.clone(),
            key: planned.dst_key.clone(),
        };
        check(dst, &target, "put_object")?;
    }
    let total = plan.iter().map(|p| p.source.size).sum();
    let bar = progress::transfer(Some(total), &format!("cp {} objects", plan.len()));
    let counter = bar.clone();
    let options = PrefixCopy::new(concurrency).with_progress(Arc::new(move |n| counter.inc(n)));
    let result =
        copy_planned_between(src, &from.container, dst, &to.container, plan, &options).await;
    bar.finish_and_clear();
    result
}
