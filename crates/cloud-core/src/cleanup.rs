//! Cleanup that outlives a dropped call: aborting a multipart upload whose caller gave
//! up, removing a half-written download. A driver hands such work to [`spawn`] instead
//! of `tokio::spawn`; a program that is about to exit (the CLI after Ctrl-C) calls
//! [`finish`] so the work completes, within a bound, before the runtime goes away.
//!
//! Dropping a transfer's future is the library's way to cancel it: its cleanup then runs
//! detached, through this module.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::task::JoinSet;

/// The cleanup tasks not yet known to have finished.
static PENDING: Mutex<Option<JoinSet<()>>> = Mutex::new(None);

fn pending() -> std::sync::MutexGuard<'static, Option<JoinSet<()>>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `work` on the current tokio runtime, detached from its caller, and keeps track
/// of it for [`finish`]. Returns `false` (and drops `work`) when called outside a
/// runtime, where nothing could run it; callers log that.
pub fn spawn(work: impl Future<Output = ()> + Send + 'static) -> bool {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return false;
    };
    let mut guard = pending();
    let set = guard.get_or_insert_with(JoinSet::new);
    // Reap what already finished, so a long-running program does not collect handles.
    while set.try_join_next().is_some() {}
    set.spawn_on(work, &runtime);
    true
}

/// How many cleanup tasks are still running (or not yet reaped).
pub fn in_flight() -> usize {
    pending().as_ref().map_or(0, JoinSet::len)
}

/// Waits until every cleanup task spawned so far (and any they spawn meanwhile) has
/// finished, or until `limit` passes. Returns how many were still running then; those
/// are left to the runtime (and end with it).
pub async fn finish(limit: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let Some(mut set) = pending().take() else {
            return 0;
        };
        if set.is_empty() {
            return 0;
        }
        let drained =
            tokio::time::timeout_at(deadline, async { while set.join_next().await.is_some() {} })
                .await;
        if drained.is_err() {
            let spawned_meanwhile = pending().as_ref().map_or(0, JoinSet::len);
            let left = set.len() + spawned_meanwhile;
            set.detach_all();
            return left;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    // One test, since the registry is process-wide.
    #[tokio::test(start_paused = true)]
    async fn finish_waits_for_detached_work_within_its_limit() {
        let done = Arc::new(AtomicUsize::new(0));
        for delay in [10, 20, 30] {
            let done = done.clone();
            assert!(spawn(async move {
                tokio::time::sleep(Duration::from_millis(delay)).await;
                done.fetch_add(1, Ordering::SeqCst);
            }));
        }
        assert_eq!(finish(Duration::from_secs(1)).await, 0);
        assert_eq!(done.load(Ordering::SeqCst), 3);
        assert_eq!(in_flight(), 0);

        let chained = done.clone();
        spawn(async move {
            let inner = chained.clone();
            spawn(async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                inner.fetch_add(10, Ordering::SeqCst);
            });
        });
        assert_eq!(finish(Duration::from_secs(1)).await, 0);
        assert_eq!(
            done.load(Ordering::SeqCst),
            13,
            "work spawned by cleanup is awaited"
        );

        spawn(async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        });
        assert_eq!(finish(Duration::from_millis(50)).await, 1);
    }

    #[test]
    fn outside_a_runtime_nothing_is_spawned() {
        assert!(!spawn(async {}));
    }
}
