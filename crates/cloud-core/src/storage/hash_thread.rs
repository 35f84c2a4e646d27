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
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinHandle;

use super::ByteStream;
use crate::Error;

/// The most bytes handed to a [`HashThread`] and not yet hashed.
pub const HASH_BACKLOG_BYTES: usize = 8 * 1024 * 1024;

/// A digest state `S` updated on a blocking thread; see the module documentation.
///
/// Dropping it stops the thread once the chunks already handed over are hashed.
#[derive(Debug)]
pub struct HashThread<S> {
    chunks: Option<mpsc::UnboundedSender<(Bytes, OwnedSemaphorePermit)>>,
    backlog: Arc<Semaphore>,
    worker: Option<JoinHandle<S>>,
}

impl<S: Send + 'static> HashThread<S> {
    /// Starts hashing into `state`, `update` feeding it each chunk in order. Must be
    /// called within a Tokio runtime.
    pub fn start(mut state: S, update: fn(&mut S, &[u8])) -> Self {
        let (chunks, mut received) = mpsc::unbounded_channel::<(Bytes, OwnedSemaphorePermit)>();
        let worker = tokio::task::spawn_blocking(move || {
            while let Some((chunk, permit)) = received.blocking_recv() {
                update(&mut state, &chunk);
                drop(permit);
            }
            state
        });
        HashThread {
            chunks: Some(chunks),
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
        if let Some(chunks) = &self.chunks {
            // A send fails only once the worker is gone, which `finish` reports.
            let _ = chunks.send((chunk, permit));
        }
    }

    /// Waits for every chunk handed over to be hashed, and gives the state back;
    /// `None` if the hashing thread failed (panicked or was cancelled).
    pub async fn finish(mut self) -> Option<S> {
        self.chunks = None;
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
