//! One-way sync between a local directory and a container prefix, or between two
//! prefixes of any two providers: what differs is copied, and with `delete` what the
//! source lacks is removed.
//!
//! [`plan_sync`] lists both ends and compares each key (its `compare` module says how);
//! [`run_sync`] carries the plan out. Copies go through the drivers' uploads and
//! downloads, which create an object or a file only once all of it arrived, so an
//! interrupted sync leaves no partial object and the next one completes the work.
//! Uploads record the file's modification time in the object's metadata
//! ([`MTIME_KEY`]); downloads give the file the time the object recorded.

mod compare;
mod entries;
mod execute;
mod filter;
mod glob;
#[cfg(test)]
mod memstore;
mod mtime;
mod plan;
mod side;
#[cfg(test)]
mod test_text;

use std::sync::Arc;

use serde::Serialize;

use super::Progress;
use crate::Result;

pub use compare::{CopyReason, HASH_FIRST_LIMIT, hash_file};
pub use entries::{Entries, FOLDER_LISTINGS, SyncEntry, list_side, list_side_with, object_entry};
pub use execute::{LARGE_COPY_SIZE, run_sync};
pub use filter::KeyFilter;
pub use glob::Glob;
pub use mtime::{MTIME_KEY, format_mtime, parse_mtime, same_time};
pub use plan::{PlannedSync, SyncPlan, plan_sync};
pub use side::{SyncSide, local_path_for_key};

/// How a sync runs.
#[derive(Clone)]
pub struct SyncOptions {
    /// Which keys take part.
    pub filter: KeyFilter,
    /// Whether destination keys the source lacks are deleted.
    pub delete: bool,
    /// How many copies run at once (at least one).
    pub concurrency: usize,
    /// How many comparisons (a `HEAD`, or hashing a file) and folder listings run at
    /// once (at least one). They are cheap next to copies, so more can run.
    pub checks: usize,
    /// Copies of at least this many bytes are large: they hold the most memory while
    /// under way (a multipart upload keeps several parts in flight).
    pub large_size: u64,
    /// How many large copies run at once (at least one), alongside the others: at most
    /// `concurrency` copies in all, of which at most this many are large.
    pub large_concurrency: usize,
    /// Told how many more bytes were copied, across all keys.
    pub progress: Progress,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            filter: KeyFilter::default(),
            delete: false,
            concurrency: 8,
            checks: 64,
            large_size: LARGE_COPY_SIZE,
            large_concurrency: 1,
            progress: Arc::new(|_| {}),
        }
    }
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("filter", &self.filter)
            .field("delete", &self.delete)
            .field("concurrency", &self.concurrency)
            .field("checks", &self.checks)
            .field("large_size", &self.large_size)
            .field("large_concurrency", &self.large_concurrency)
            .finish_non_exhaustive()
    }
}

/// What a sync did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Keys copied.
    pub copied: u64,
    /// Bytes copied.
    pub copied_bytes: u64,
    /// Destination keys deleted.
    pub deleted: u64,
    /// Keys both ends already held alike.
    pub unchanged: u64,
    /// Whether nothing was changed (a dry run).
    pub dry_run: bool,
}

/// Plans and runs a sync of `src` onto `dst` ([`plan_sync`], then [`run_sync`]).
pub async fn sync(
    src: &SyncSide<'_>,
    dst: &SyncSide<'_>,
    options: &SyncOptions,
) -> Result<SyncReport> {
    let plan = plan_sync(src, dst, options).await?;
    run_sync(src, dst, &plan, options).await
}
