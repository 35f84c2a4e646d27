//! Downloads that survive a broken connection: when an object's body stream fails part
//! way (a reset, a truncated answer, a stalled read), the rest is asked for again from
//! the first byte not yet received, on condition that the object is still the one the
//! download started with. Bytes already handed out are never sent twice, and a changed
//! object ends the download with an error: never a file spliced from two versions.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures::StreamExt;

use super::ByteStream;
use crate::http::RetryPolicy;
use crate::{Error, ErrorKind, Result};

/// Asks for the object's bytes from `offset` to its end, on condition that it is still
/// the version the download began with (the driver's `If-Match` on the first answer's
/// entity tag, or its generation or version id). A changed object is an error of kind
/// [`ErrorKind::Conflict`].
pub type RangeFetcher =
    Arc<dyn Fn(u64) -> Pin<Box<dyn Future<Output = Result<ByteStream>> + Send>> + Send + Sync>;

/// Whether a failure of a body stream is worth resuming after: transport failures and
/// stalled reads. Anything else (a checksum mismatch, a changed object) is final.
pub fn resumable(error: &Error) -> bool {
    matches!(error.kind(), ErrorKind::Transport | ErrorKind::Timeout)
}

/// `body` (the first answer's stream, `start` bytes into the object), resumed through
/// `fetch` whenever it breaks with a [`resumable`] error, within `policy`'s attempts
/// (counted over the whole download) and time budget, pausing with its backoff between
/// tries. `total` is the object's size when known: a stream that ends early is then
/// resumed too.
pub fn resuming(
    body: ByteStream,
    start: u64,
    total: Option<u64>,
    fetch: RangeFetcher,
    policy: RetryPolicy,
) -> ByteStream {
    let state = Resume {
        body: Some(body),
        at: start,
        total,
        fetch,
        policy,
        retries: 0,
        started: Instant::now(),
        done: false,
    };
    futures::stream::unfold(state, |mut state| async move {
        let item = state.next().await?;
        Some((item, state))
    })
    .boxed()
}

struct Resume {
    body: Option<ByteStream>,
    at: u64,
    total: Option<u64>,
    fetch: RangeFetcher,
    policy: RetryPolicy,
    retries: u32,
    started: Instant,
    done: bool,
}

impl Resume {
    /// The next piece, resuming as often as the policy allows; `None` at the end.
    async fn next(&mut self) -> Option<Result<Bytes>> {
        if self.done {
            return None;
        }
        loop {
            let failure = match self.body.as_mut() {
                Some(body) => match body.next().await {
                    Some(Ok(piece)) => {
                        self.at += piece.len() as u64;
                        return Some(Ok(piece));
                    }
                    Some(Err(_)) if self.total.is_some_and(|t| self.at >= t) => {
                        // Every byte arrived; only the connection's end was untidy.
                        self.done = true;
                        return None;
                    }
                    Some(Err(e)) if resumable(&e) => e,
                    Some(Err(e)) => return self.fail(e),
                    None => match self.total {
                        Some(total) if self.at < total => Error::new(
                            ErrorKind::Transport,
                            format!("the body ended after {} of {total} bytes", self.at),
                        ),
                        _ => {
                            self.done = true;
                            return None;
                        }
                    },
                },
                None => Error::new(ErrorKind::Transport, "no body to read"),
            };
            self.body = None;
            if let Err(e) = self.wait_before_retry(failure).await {
                return self.fail(e);
            }
            tracing::debug!(
                offset = self.at,
                retry = self.retries,
                "resuming a download"
            );
            match (self.fetch)(self.at).await {
                Ok(rest) => self.body = Some(rest),
                Err(e) if resumable(&e) => {
                    // The retry itself broke before any byte came: try again, counted.
                    self.body = Some(futures::stream::once(async move { Err(e) }).boxed());
                }
                Err(e) => return self.fail(e),
            }
        }
    }

    /// Counts a retry and sleeps its backoff; the failure when the policy says stop.
    async fn wait_before_retry(&mut self, failure: Error) -> Result<()> {
        self.retries += 1;
        if self.retries >= self.policy.max_attempts {
            return Err(give_up(failure, self.at, "no attempts left"));
        }
        let delay = self.policy.backoff(self.retries, failure.retry_after());
        if self.started.elapsed() + delay > self.policy.budget {
            return Err(give_up(failure, self.at, "the retry budget is spent"));
        }
        tokio::time::sleep(delay).await;
        Ok(())
    }

    fn fail(&mut self, error: Error) -> Option<Result<Bytes>> {
        self.done = true;
        self.body = None;
        Some(Err(error))
    }
}

fn give_up(failure: Error, at: u64, why: &str) -> Error {
    let message = format!(
        "{} (after {at} bytes; not resumed again: {why})",
        failure.message()
    );
    Error::new(failure.kind(), message)
}

/// A policy of `attempts` attempts with pauses of a millisecond or two, for tests.
#[cfg(test)]
pub(super) fn quick(attempts: u32) -> RetryPolicy {
    use std::time::Duration;
    RetryPolicy {
        max_attempts: attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        budget: Duration::from_secs(30),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use futures::TryStreamExt;

    use super::*;

    const DATA: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

    /// The object from `from`, in pieces of 4, broken after `cut` bytes when given.
    fn body(from: usize, cut: Option<usize>) -> ByteStream {
        let end = cut.map_or(DATA.len(), |c| (from + c).min(DATA.len()));
        let mut items: Vec<Result<Bytes>> = DATA[from..end]
            .chunks(4)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        if end < DATA.len() {
            items.push(Err(Error::new(ErrorKind::Transport, "connection reset")));
        }
        futures::stream::iter(items).boxed()
    }

    /// A fetcher that records the offsets asked for and cuts each answer after `cut`.
    fn fetcher(asked: Arc<Mutex<Vec<u64>>>, cut: Option<usize>) -> RangeFetcher {
        Arc::new(move |offset| {
            asked.lock().unwrap().push(offset);
            Box::pin(async move { Ok(body(offset as usize, cut)) })
        })
    }

    #[tokio::test]
    async fn a_broken_body_is_resumed_from_the_first_missing_byte() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let stream = resuming(
            body(0, Some(10)),
            0,
            Some(DATA.len() as u64),
            fetcher(asked.clone(), Some(10)),
            quick(5),
        );
        let got: Vec<Bytes> = stream.try_collect().await.unwrap();
        assert_eq!(got.concat(), DATA);
        assert_eq!(*asked.lock().unwrap(), [10, 20, 30]);
    }

    #[tokio::test]
    async fn a_body_that_ends_early_is_resumed_when_the_size_is_known() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let short: ByteStream =
            futures::stream::iter(vec![Ok(Bytes::from_static(&DATA[..7]))]).boxed();
        let got: Vec<Bytes> = resuming(
            short,
            0,
            Some(DATA.len() as u64),
            fetcher(asked.clone(), None),
            quick(3),
        )
        .try_collect()
        .await
        .unwrap();
        assert_eq!(got.concat(), DATA);
        assert_eq!(*asked.lock().unwrap(), [7]);
    }

    #[tokio::test]
    async fn resumes_stop_when_the_attempts_are_spent() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let err = resuming(
            body(0, Some(4)),
            0,
            Some(DATA.len() as u64),
            fetcher(asked.clone(), Some(4)),
            quick(3),
        )
        .try_collect::<Vec<Bytes>>()
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Transport);
        assert!(err.message().contains("after 12 bytes"), "{err}");
        assert_eq!(asked.lock().unwrap().len(), 2, "three attempts in all");
    }

    #[tokio::test]
    async fn a_changed_object_is_an_error_and_is_not_retried() {
        let calls = Arc::new(Mutex::new(0));
        let counted = calls.clone();
        let changed: RangeFetcher = Arc::new(move |_| {
            *counted.lock().unwrap() += 1;
            Box::pin(async {
                Err(Error::new(ErrorKind::Conflict, "the object changed").with_status(412))
            })
        });
        let items: Vec<Result<Bytes>> = resuming(
            body(0, Some(8)),
            0,
            Some(DATA.len() as u64),
            changed,
            quick(5),
        )
        .collect()
        .await;
        let ok: Vec<&Bytes> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
        assert_eq!(ok.len(), 2, "the 8 bytes before the cut");
        let err = items.last().unwrap().as_ref().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert_eq!(*calls.lock().unwrap(), 1);
    }

    #[tokio::test]
    async fn a_break_after_the_last_byte_ends_the_download() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let whole: ByteStream = futures::stream::iter(vec![
            Ok(Bytes::from_static(DATA)),
            Err(Error::new(ErrorKind::Transport, "reset after the end")),
        ])
        .boxed();
        let got: Vec<Bytes> = resuming(
            whole,
            0,
            Some(DATA.len() as u64),
            fetcher(asked.clone(), None),
            quick(3),
        )
        .try_collect()
        .await
        .unwrap();
        assert_eq!(got.concat(), DATA);
        assert!(asked.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn other_errors_end_the_download_at_once() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let bad: ByteStream = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"abc")),
            Err(Error::malformed("checksum mismatch")),
        ])
        .boxed();
        let err = resuming(bad, 0, None, fetcher(asked.clone(), None), quick(5))
            .try_collect::<Vec<Bytes>>()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse);
        assert!(asked.lock().unwrap().is_empty());
    }
}
