//! Copying every object under a prefix between two providers, a bounded number at once.

use std::sync::Arc;

use futures::{StreamExt, TryStreamExt};

use super::{ListEntry, ListObjects, ObjectMeta, ObjectStorage, Progress, copy_object_between};
use crate::Result;

/// How a prefix copy runs.
#[derive(Clone)]
pub struct PrefixCopy {
    /// How many objects are copied at once (at least one).
    pub concurrency: usize,
    /// Told how many more bytes left the source, across all objects.
    pub progress: Progress,
}

impl PrefixCopy {
    /// `concurrency` objects at once, reporting no progress.
    pub fn new(concurrency: usize) -> Self {
        PrefixCopy {
            concurrency,
            progress: Arc::new(|_| {}),
        }
    }

    /// The same, with `progress` told about every chunk.
    pub fn with_progress(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }
}

impl std::fmt::Debug for PrefixCopy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrefixCopy")
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// One object a prefix copy moves: the source as listed, and the key it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCopy {
    /// The source object, as its listing described it.
    pub source: ObjectMeta,
    /// The destination key.
    pub dst_key: String,
}

/// The key `src_key` gets when the objects under `src_prefix` go under `dst_prefix`: the
/// part after the source prefix, appended to the destination prefix.
pub fn destination_key(src_key: &str, src_prefix: &str, dst_prefix: &str) -> String {
    let rest = src_key.strip_prefix(src_prefix).unwrap_or(src_key);
    format!("{dst_prefix}{rest}")
}

/// Lists every object of `src_container` under `src_prefix` (in key order) with the key
/// each gets under `dst_prefix`: what [`copy_prefix_between`] will copy, for a caller
/// that wants the count or total size first.
pub async fn plan_prefix_copy(
    src: &dyn ObjectStorage,
    src_container: &str,
    src_prefix: &str,
    dst_prefix: &str,
) -> Result<Vec<PlannedCopy>> {
    let options = ListObjects {
        prefix: Some(src_prefix.to_string()).filter(|p| !p.is_empty()),
        ..ListObjects::default()
    };
    src.list_objects(src_container, &options)
        .try_filter_map(|entry| {
            futures::future::ready(Ok(match entry {
                ListEntry::Object(source) => Some(PlannedCopy {
                    dst_key: destination_key(&source.name, src_prefix, dst_prefix),
                    source,
                }),
                ListEntry::Prefix { .. } => None,
            }))
        })
        .try_collect()
        .await
}

/// Copies the planned objects from `src_container` of `src` into `dst_container` of
/// `dst` with [`copy_object_between`], `options.concurrency` at once; returns what the
/// destination stored, in the plan's order.
///
/// The first failure stops the copy: copies under way are dropped, which cancels their
/// uploads (so none leaves a partial object), and the error is returned. Objects copied
/// before it stay.
pub async fn copy_planned_between(
    src: &dyn ObjectStorage,
    src_container: &str,
    dst: &dyn ObjectStorage,
    dst_container: &str,
    plan: Vec<PlannedCopy>,
    options: &PrefixCopy,
) -> Result<Vec<ObjectMeta>> {
    let mut copied: Vec<(usize, ObjectMeta)> = futures::stream::iter(plan.into_iter().enumerate())
        .map(|(index, planned)| {
            let progress = options.progress.clone();
            async move {
                copy_object_between(
                    src,
                    src_container,
                    &planned.source.name,
                    dst,
                    dst_container,
                    &planned.dst_key,
                    progress,
                )
                .await
                .map(|meta| (index, meta))
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .try_collect()
        .await?;
    copied.sort_by_key(|(index, _)| *index);
    Ok(copied.into_iter().map(|(_, meta)| meta).collect())
}

/// Copies every object of `src_container` under `src_prefix` to `dst_container` of
/// `dst`, each under `dst_prefix` followed by the rest of its key
/// ([`destination_key`]); [`plan_prefix_copy`] then [`copy_planned_between`].
pub async fn copy_prefix_between(
    src: &dyn ObjectStorage,
    src_container: &str,
    src_prefix: &str,
    dst: &dyn ObjectStorage,
    dst_container: &str,
    dst_prefix: &str,
    options: &PrefixCopy,
) -> Result<Vec<ObjectMeta>> {
    let plan = plan_prefix_copy(src, src_container, src_prefix, dst_prefix).await?;
    copy_planned_between(src, src_container, dst, dst_container, plan, options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_keys_swap_the_prefix() {
        assert_eq!(destination_key("a/b/c.txt", "a/", "x/"), "x/b/c.txt");
        assert_eq!(destination_key("a/b/c.txt", "", "x/"), "x/a/b/c.txt");
        assert_eq!(destination_key("a/b/c.txt", "a/", ""), "b/c.txt");
        assert_eq!(destination_key("logs-1", "logs", "old-logs"), "old-logs-1");
    }
}
