//! Hashing a transfer's bytes on a thread of their own.
//!
//! A digest such as MD5 runs at a few hundred MiB/s on one core, no faster than a
//! local network: computed inline, it holds a download or an upload to its own speed.
//! [`HashThread`] hands each chunk (a reference-counted [`Bytes`], not a copy) to a
//! blocking thread that updates the digest while the transfer goes on. At most
//! [`HASH_BACKLOG_BYTES`] wait to be hashed; a transfer that outruns the hash waits
//! for it there, so memory stays bounded.

use std::sync::Arc;

use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use tokio::task::JoinHandle;

use super::ByteStream;
use crate::Error;

/// The most bytes handed to a [`HashThread`] and not yet hashed.
pub const HASH_BACKLOG_BYTES: usize = 8 * 1024 * 1024;

/// What the hashing thread is handed, in order.
enum Job<S> {
    /// Bytes to hash, holding their share of the backlog until they are.
    Chunk(Bytes, OwnedSemaphorePermit),
    /// Work on the state at this point of the stream (see [`HashThread::mark`]).
    Mark(Box<dyn FnOnce(&mut S) + Send>),
}

/// A digest state `S` updated on a blocking thread; see the module documentation.
///
/// Dropping it stops the thread once the chunks already handed over are hashed.
pub struct HashThread<S> {
    jobs: Option<mpsc::UnboundedSender<Job<S>>>,
    backlog: Arc<Semaphore>,
    worker: Option<JoinHandle<S>>,
}

impl<S> std::fmt::Debug for HashThread<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashThread")
            .field("running", &self.worker.is_some())
            .field("backlog_free", &self.backlog.available_permits())
            .finish()
    }
}

/// The answer of a [`HashThread::mark`], ready once every chunk handed over before
/// the mark is hashed.
#[derive(Debug)]
pub struct Mark<R>(oneshot::Receiver<R>);

impl<R> Mark<R> {
    /// Waits for the answer; `None` if the hashing thread failed or was stopped first.
    pub async fn wait(self) -> Option<R> {
        self.0.await.ok()
    }
}

impl<S: Send + 'static> HashThread<S> {
    /// Starts hashing into `state`, `update` feeding it each chunk in order. Must be
    /// called within a Tokio runtime.
    pub fn start(mut state: S, update: fn(&mut S, &[u8])) -> Self {
        let (jobs, mut received) = mpsc::unbounded_channel::<Job<S>>();
        let worker = tokio::task::spawn_blocking(move || {
            while let Some(job) = received.blocking_recv() {
                match job {
                    Job::Chunk(chunk, permit) => {
                        update(&mut state, &chunk);
                        drop(permit);
                    }
                    Job::Mark(work) => work(&mut state),
                }
            }
            state
        });
        HashThread {
            jobs: Some(jobs),
            backlog: Arc::new(Semaphore::new(HASH_BACKLOG_BYTES)),
            worker: Some(worker),
        }
    }

    /// Hands `chunk` over, first waiting while the backlog is full.
    pub async fn feed(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        let weight = chunk.len().min(HASH_BACKLOG_BYTES) as u32;
        let Ok(permit) = Arc::clone(&self.backlog).acquire_many_owned(weight).await else {
            return;
        };
        if let Some(jobs) = &self.jobs {
            // A send fails only once the worker is gone, which `finish` reports.
            let _ = jobs.send(Job::Chunk(chunk, permit));
        }
    }

    /// Has `take` run on the state once every chunk handed over so far is hashed (and
    /// before any handed over later is): a digest of the bytes up to this point, for
    /// instance. Its answer comes through the returned [`Mark`].
    pub fn mark<R: Send + 'static>(&mut self, take: fn(&mut S) -> R) -> Mark<R> {
        let (answer, answered) = oneshot::channel();
        if let Some(jobs) = &self.jobs {
            // A send fails only once the worker is gone: the mark then answers `None`.
            let _ = jobs.send(Job::Mark(Box::new(move |state: &mut S| {
                let _ = answer.send(take(state));
            })));
        }
        Mark(answered)
    }

    /// Waits for every chunk handed over to be hashed, and gives the state back;
    /// `None` if the hashing thread failed (panicked or was cancelled).
    pub async fn finish(mut self) -> Option<S> {
        self.jobs = None;
        self.worker.take()?.await.ok()
    }
}

/// `body`, hashed into `state` on a [`HashThread`] as it passes, and judged when it
/// ends: `judge` gets the state (`None` if the hashing thread failed) and answers the
/// error the download ends with, if any. Every chunk is passed on one chunk late, so
/// that error takes the last chunk's place and a reader never has the whole of a body
/// that fails its check. The stream ends after the body's first error.
pub fn checked_body<S, J>(
    body: ByteStream,
    state: S,
    update: fn(&mut S, &[u8]),
    judge: J,
) -> ByteStream
where
    S: Send + 'static,
    J: FnOnce(Option<S>) -> Option<Error> + Send + 'static,
{
    struct Checking<S, J> {
        body: ByteStream,
        held: Option<Bytes>,
        hasher: Option<HashThread<S>>,
        judge: Option<J>,
    }
    let checking = Checking {
        body,
        held: None,
        hasher: Some(HashThread::start(state, update)),
        judge: Some(judge),
    };
    futures::stream::unfold(checking, |mut st| async move {
        let hasher = st.hasher.as_mut()?;
        loop {
            match st.body.next().await {
                Some(Ok(chunk)) => {
                    hasher.feed(chunk.clone()).await;
                    if let Some(previous) = st.held.replace(chunk) {
                        return Some((Ok(previous), st));
                    }
                }
                Some(Err(e)) => {
                    st.hasher = None;
                    return Some((Err(e), st));
                }
                None => {
                    let hashed = st.hasher.take()?.finish().await;
                    if let Some(err) = st.judge.take().and_then(|judge| judge(hashed)) {
                        return Some((Err(err), st));
                    }
                    return st.held.take().map(|last| (Ok(last), st));
                }
            }
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use futures::TryStreamExt;
    use md5::{Digest, Md5};

    use super::*;
    use crate::Result;

    fn stream(chunks: &[&'static [u8]]) -> ByteStream {
        let chunks: Vec<Result<Bytes>> = chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        futures::stream::iter(chunks).boxed()
    }

    /// A judge refusing any body whose length is not `want`.
    fn length_is(want: usize) -> impl FnOnce(Option<usize>) -> Option<Error> + Send {
        move |n| (n != Some(want)).then(|| Error::malformed(format!("{n:?} bytes")))
    }

    #[tokio::test]
    async fn a_checked_body_that_passes_arrives_whole() {
        let body = checked_body(
            stream(&[b"ab", b"", b"cde"]),
            0,
            |n, b| *n += b.len(),
            length_is(5),
        );
        let chunks: Vec<Bytes> = body.try_collect().await.unwrap();
        assert_eq!(chunks.concat(), b"abcde");
    }

    #[tokio::test]
    async fn a_checked_body_that_fails_ends_with_the_error_in_its_last_chunk_s_place() {
        let body = checked_body(
            stream(&[b"ab", b"cde"]),
            0,
            |n, b| *n += b.len(),
            length_is(4),
        );
        let items: Vec<Result<Bytes>> = body.collect().await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap(), &Bytes::from_static(b"ab"));
        assert!(
            items[1]
                .as_ref()
                .unwrap_err()
                .message()
                .contains("Some(5) bytes")
        );
    }

    #[tokio::test]
    async fn a_checked_body_stops_at_the_first_error_without_judging() {
        let failing: ByteStream = futures::stream::iter([
            Ok(Bytes::from_static(b"ab")),
            Err(Error::malformed("cut")),
            Ok(Bytes::from_static(b"cd")),
        ])
        .boxed();
        let body = checked_body(
            failing,
            0,
            |n, b| *n += b.len(),
            |_: Option<usize>| -> Option<Error> { panic!("a broken body is not judged") },
        );
        let items: Vec<Result<Bytes>> = body.collect().await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(items[0].is_err());
    }

    #[tokio::test]
    async fn every_chunk_is_hashed_in_order() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
        let mut thread = HashThread::start(Md5::new(), |md5, bytes| md5.update(bytes));
        for piece in data.chunks(70_001) {
            thread.feed(Bytes::copy_from_slice(piece)).await;
        }
        thread.feed(Bytes::new()).await;
        let hashed = thread.finish().await.expect("the thread ran");
        assert_eq!(hashed.finalize(), Md5::digest(&data));
    }

    #[tokio::test]
    async fn a_mark_sees_the_bytes_handed_over_before_it_and_none_after() {
        let mut thread = HashThread::start(Vec::<u8>::new(), |seen, bytes| {
            seen.extend_from_slice(bytes)
        });
        thread.feed(Bytes::from_static(b"abc")).await;
        let first = thread.mark(std::mem::take);
        thread.feed(Bytes::from_static(b"de")).await;
        thread.feed(Bytes::from_static(b"f")).await;
        let second = thread.mark(|seen| seen.len());
        thread.feed(Bytes::from_static(b"gh")).await;
        assert_eq!(first.wait().await.as_deref(), Some(&b"abc"[..]));
        assert_eq!(second.wait().await, Some(3));
        assert_eq!(thread.finish().await.as_deref(), Some(&b"defgh"[..]));
    }

    #[tokio::test]
    async fn a_mark_of_a_failed_thread_answers_none() {
        let mut thread = HashThread::start((), |_, _| panic!("the digest failed"));
        thread.feed(Bytes::from_static(b"abc")).await;
        let mark = thread.mark(|_| 1);
        assert_eq!(mark.wait().await, None);
        assert!(thread.finish().await.is_none());
    }

    #[tokio::test]
    async fn a_chunk_larger_than_the_backlog_passes() {
        let big = Bytes::from(vec![7u8; HASH_BACKLOG_BYTES + 5]);
        let mut thread = HashThread::start(0usize, |n, bytes| *n += bytes.len());
        thread.feed(big.clone()).await;
        thread.feed(big).await;
        assert_eq!(thread.finish().await, Some(2 * (HASH_BACKLOG_BYTES + 5)));
    }

    #[tokio::test]
    async fn the_backlog_holds_back_a_fast_producer() {
        let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
        let mut thread = HashThread::start((gate_rx, 0usize), |(gate, n), bytes| {
            let _ = gate.recv();
            *n += bytes.len();
        });
        let chunk = Bytes::from(vec![1u8; HASH_BACKLOG_BYTES / 2]);
        thread.feed(chunk.clone()).await;
        thread.feed(chunk.clone()).await;
        let blocked = tokio::time::timeout(
            std::time::Duration::from_millis(200),
            thread.feed(chunk.clone()),
        )
        .await;
        assert!(blocked.is_err(), "a third half-backlog chunk must wait");
        for _ in 0..3 {
            gate_tx.send(()).unwrap();
        }
        thread.feed(chunk).await;
        let (_, n) = thread.finish().await.unwrap();
        assert_eq!(n, 3 * (HASH_BACKLOG_BYTES / 2));
    }
}
