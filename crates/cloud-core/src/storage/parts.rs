//! Large downloads fetched in parts side by side.
//!
//! One connection often carries less than a service can send: the server reads its disk
//! and writes the socket in turn, and a single stream waits on each. [`in_parts`] reads
//! the first answer's body as it streams, while the parts after it are asked for as
//! ranged requests on tasks of their own, several at a time. Each part is held in memory
//! until its turn and then handed out, so the bytes come out in order (a digest of the
//! whole object can still be checked as they pass) and memory stays bounded by the
//! parts in flight, whatever the object's size. A part whose body breaks is resumed
//! from its first missing byte, as [`resuming`] does for a whole download; dropping the
//! stream cancels the parts in flight.

use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;
use futures::StreamExt;
use futures::future::BoxFuture;
use tokio::task::JoinHandle;

use super::ByteStream;
use super::resume::{RangeFetcher, resuming};
use crate::http::RetryPolicy;
use crate::{Error, ErrorKind, Result};

/// Asks for bytes `start..end` of the object, on condition that it is still the version
/// the download began with (a changed object is an error of kind
/// [`ErrorKind::Conflict`]).
pub type PartFetcher =
    Arc<dyn Fn(u64, u64) -> BoxFuture<'static, Result<ByteStream>> + Send + Sync>;

/// How a download is cut into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartPlan {
    /// Bytes in each part (the last may be shorter); at least 1.
    pub part_size: u64,
    /// Parts asked for at once, beside the first answer; 0 reads the first answer
    /// alone.
    pub concurrency: usize,
}

impl PartPlan {
    /// The ranges after `first_end`, up to `end`, one per part.
    pub fn ranges(&self, first_end: u64, end: u64) -> impl Iterator<Item = (u64, u64)> + use<> {
        let size = self.part_size.max(1);
        let mut at = first_end;
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let start = at;
                at = start.saturating_add(size).min(end);
                (start, at)
            })
        })
    }
}

/// `first`, the object's bytes from wherever the download starts up to `first_end`,
/// then the bytes `first_end..end` fetched through `fetch` in parts as `plan` cuts
/// them, `plan.concurrency` at a time, in order. Each part is resumed within `policy`
/// when its body breaks; a part that fails, or that brings more or fewer bytes than
/// asked for, ends the stream with that error. Must be called within a Tokio runtime:
/// the first parts are asked for at once.
pub fn in_parts(
    first: ByteStream,
    first_end: u64,
    end: u64,
    fetch: PartFetcher,
    plan: PartPlan,
    policy: RetryPolicy,
) -> ByteStream {
    let mut state = Parts {
        first: Some(first),
        ranges: Box::new(plan.ranges(first_end, end)),
        in_flight: VecDeque::new(),
        ready: VecDeque::new(),
        fetch,
        policy,
        failed: false,
    };
    for _ in 0..plan.concurrency {
        state.start_next();
    }
    futures::stream::unfold(state, |mut state| async move {
        let item = state.next().await?;
        Some((item, state))
    })
    .boxed()
}

/// A part being fetched on a task of its own; dropping it cancels the task.
struct PartTask(JoinHandle<Result<Vec<Bytes>>>);

impl Drop for PartTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Parts {
    first: Option<ByteStream>,
    ranges: Box<dyn Iterator<Item = (u64, u64)> + Send>,
    in_flight: VecDeque<PartTask>,
    /// The pieces of the part being handed out.
    ready: VecDeque<Bytes>,
    fetch: PartFetcher,
    policy: RetryPolicy,
    failed: bool,
}

impl Parts {
    /// Asks for the next part, if any is left.
    fn start_next(&mut self) {
        if let Some((start, end)) = self.ranges.next() {
            let task = tokio::spawn(fetch_part(
                self.fetch.clone(),
                start,
                end,
                self.policy.clone(),
            ));
            self.in_flight.push_back(PartTask(task));
        }
    }

    async fn next(&mut self) -> Option<Result<Bytes>> {
        if self.failed {
            return None;
        }
        if let Some(first) = self.first.as_mut() {
            match first.next().await {
                Some(Ok(piece)) => return Some(Ok(piece)),
                Some(Err(e)) => return self.fail(e),
                None => self.first = None,
            }
        }
        loop {
            if let Some(piece) = self.ready.pop_front() {
                return Some(Ok(piece));
            }
            let mut task = self.in_flight.pop_front()?;
            let outcome = (&mut task.0).await;
            self.start_next();
            match outcome {
                Ok(Ok(pieces)) => self.ready.extend(pieces),
                Ok(Err(e)) => return self.fail(e),
                Err(e) => {
                    return self.fail(Error::new(
                        ErrorKind::Transport,
                        format!("a part of the download stopped: {e}"),
                    ));
                }
            }
        }
    }

    fn fail(&mut self, error: Error) -> Option<Result<Bytes>> {
        self.failed = true;
        self.first = None;
        self.in_flight.clear();
        self.ready.clear();
        Some(Err(error))
    }
}

/// Bytes `start..end` of the object, as the pieces they arrived in.
async fn fetch_part(
    fetch: PartFetcher,
    start: u64,
    end: u64,
    policy: RetryPolicy,
) -> Result<Vec<Bytes>> {
    let first: ByteStream = match fetch(start, end).await {
        Ok(body) => body,
        // A request that broke before any byte came is retried like a broken body.
        Err(e) if super::resumable(&e) => futures::stream::once(async move { Err(e) }).boxed(),
        Err(e) => return Err(e),
    };
    let rest: RangeFetcher = Arc::new(move |offset| fetch(offset, end));
    let mut body = resuming(first, start, Some(end), rest, policy);
    let wanted = end - start;
    let mut got = 0u64;
    let mut pieces = Vec::new();
    while let Some(piece) = body.next().await {
        let piece = piece?;
        got += piece.len() as u64;
        if got > wanted {
            return Err(Error::malformed(format!(
                "asked for bytes {start}..{end}, got more than {wanted} bytes"
            )));
        }
        pieces.push(piece);
    }
    if got < wanted {
        return Err(Error::new(
            ErrorKind::Transport,
            format!("asked for bytes {start}..{end}, got {got} of {wanted} bytes"),
        ));
    }
    Ok(pieces)
}

#[cfg(test)]
#[path = "parts_tests.rs"]
mod tests;
