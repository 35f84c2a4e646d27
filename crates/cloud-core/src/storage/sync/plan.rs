//! What a sync will do: the keys to copy, with why, and the keys to delete.

use futures::{StreamExt, TryStreamExt};
use serde::Serialize;

use super::compare::{CopyReason, reason_to_copy};
use super::entries::{SyncEntry, list_side_with};
use super::side::SyncSide;
use super::{SyncOptions, SyncReport};
use crate::{Error, Result};

/// One key a sync copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedSync {
    /// The key, relative to the source's folder or prefix.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
    /// Why it is copied.
    pub reason: CopyReason,
    /// The source as listed.
    #[serde(skip)]
    pub source: SyncEntry,
}

/// The plan of a sync.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncPlan {
    /// What is copied, in key order.
    pub copies: Vec<PlannedSync>,
    /// The destination keys with no source, removed with `delete` (empty without it),
    /// in key order.
    pub deletes: Vec<String>,
    /// How many keys both ends already hold alike.
    pub unchanged: u64,
}

impl SyncPlan {
    /// The bytes the copies will move.
    pub fn copy_bytes(&self) -> u64 {
        self.copies.iter().map(|c| c.size).sum()
    }

    /// What running the plan would report (for a dry run).
    pub fn as_dry_run(&self) -> SyncReport {
        SyncReport {
            copied: self.copies.len() as u64,
            copied_bytes: self.copy_bytes(),
            deleted: self.deletes.len() as u64,
            unchanged: self.unchanged,
            dry_run: true,
        }
    }
}

/// Lists both ends and decides, key by key, what copying `src` onto `dst` takes; the
/// folder listings, and the comparisons that read files or ask for metadata, run
/// `options.checks` at once.
/// Two directories are an `InvalidInput` error.
pub async fn plan_sync(
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    options: &SyncOptions,
) -> Result<SyncPlan> {
    if matches!((src, dst), (SyncSide::Dir(_), SyncSide::Dir(_))) {
        return Err(Error::invalid_input(
            "both ends of the sync are local directories: one must be a container prefix",
        ));
    }
    let (sources, targets) = futures::try_join!(
        list_side_with(src, &options.filter, options.checks),
        list_side_with(dst, &options.filter, options.checks)
    )?;
    let mut plan = SyncPlan::default();
    if options.delete {
        plan.deletes = targets
            .keys()
            .filter(|k| !sources.contains_key(*k))
            .cloned()
            .collect();
    }
    let decided: Vec<Option<PlannedSync>> = futures::stream::iter(sources)
        .map(|(key, source)| {
            let target = targets.get(&key);
            async move {
                let reason = match target {
                    None => Some(CopyReason::Missing),
                    Some(t) => reason_to_copy(src, dst, &key, &source, t).await?,
                };
                Ok::<_, Error>(reason.map(|reason| PlannedSync {
                    size: source.size,
                    key,
                    reason,
                    source,
                }))
            }
        })
        .buffered(options.checks.max(1))
        .try_collect()
        .await?;
    for planned in decided {
        match planned {
            Some(p) => plan.copies.push(p),
            None => plan.unchanged += 1,
        }
    }
    Ok(plan)
}
