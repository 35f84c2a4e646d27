//! Turns "fetch a page with a token → (items, next token)" into a lazy `Stream`.

use std::collections::HashSet;
use std::future::Future;

use futures::StreamExt;

use crate::{BoxStream, Result};

/// One page of a paged listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The token for the next page; `None` (or empty) at the end.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// The last page.
    pub fn last(items: Vec<T>) -> Self {
        Page { items, next: None }
    }
}

/// A lazy stream of every item across pages.
///
/// `fetch` is called with `None` for the first page and with each page's `next` token
/// after that. The stream ends when a page has no token, an empty token, or a token that
/// was seen before (a provider bug that would otherwise loop forever). A fetch error is
/// yielded once, and the stream ends after it.
pub fn paginate<'a, T, F, Fut>(mut fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    paginate_iter(move |token| {
        let page = fetch(token);
        async move { page.await.map(|page| (page.items, page.next)) }
    })
}

/// Like [`paginate`], for pages whose items are made as the stream is read: `fetch`
/// answers a page's items as anything iterable, and its next token. Each item is taken
/// from the iterator only when the stream is polled for it.
pub fn paginate_iter<'a, T, I, F, Fut>(fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(I, Option<String>)>> + Send + 'a,
{
    struct State<F> {
        fetch: F,
        next: Option<Option<String>>,
        seen: HashSet<String>,
    }
    let state = State {
        fetch,
        next: Some(None),
        seen: HashSet::new(),
    };
    futures::stream::unfold(state, |mut state| async move {
        let token = state.next.take()?;
        let (items, failure) = match (state.fetch)(token).await {
            Ok((items, next)) => {
                state.next = match next {
                    Some(t) if !t.is_empty() && state.seen.insert(t.clone()) => Some(Some(t)),
                    Some(t) if !t.is_empty() => {
                        tracing::warn!(token = %t, "provider repeated a page token; stopping");
                        None
                    }
                    _ => None,
                };
                (Some(items.into_iter()), None)
            }
            Err(err) => (None, Some(err)),
        };
        let results = items.into_iter().flatten().map(Ok).chain(failure.map(Err));
        Some((futures::stream::iter(results), state))
    })
    .flatten()
    .boxed()
}

/// A stream that yields `error` once and ends: a list call that fails before its first
/// page (a bad argument, an unsupported call).
pub fn error_stream<'a, T: Send + 'a>(error: crate::Error) -> BoxStream<'a, Result<T>> {
    Box::pin(futures::stream::once(async move { Err(error) }))
}

/// A list fetched whole (one request, or a future that gathers it) as a stream: its
/// items, or its one error.
pub fn stream_of_list<'a, T, Fut>(list: Fut) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    Fut: Future<Output = Result<Vec<T>>> + Send + 'a,
{
    Box::pin(
        futures::stream::once(list)
            .map(|listed| match listed {
                Ok(items) => futures::stream::iter(items.into_iter().map(Ok)).left_stream(),
                Err(error) => futures::stream::once(async move { Err(error) }).right_stream(),
            })
            .flatten(),
    )
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_whole_list_streams_its_items_or_its_error() {
        use futures::TryStreamExt;
        let items: Vec<u32> = stream_of_list(async { Ok(vec![1, 2, 3]) })
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [1, 2, 3]);
        let results: Vec<Result<u32>> =
            stream_of_list(async { Err(crate::Error::not_found("gone")) })
                .collect()
                .await;
        assert_eq!(results.len(), 1);
        assert_eq!(
            results[0].as_ref().unwrap_err().kind(),
            crate::ErrorKind::NotFound
        );
    }

    use super::*;
    use crate::{Error, ErrorKind};
    use futures::TryStreamExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn follows_tokens_to_the_end() {
        let pages = [
            (None, vec![1, 2], Some("a")),
            (Some("a"), vec![3], Some("b")),
            (Some("b"), vec![4, 5], None),
        ];
        let all: Vec<i32> = paginate(move |tok: Option<String>| {
            let page = pages
                .iter()
                .find(|(t, _, _)| t.map(String::from) == tok)
                .cloned()
                .unwrap();
            async move {
                Ok(Page {
                    items: page.1,
                    next: page.2.map(String::from),
                })
            }
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn page_items_are_made_as_the_stream_is_read() {
        let made = Arc::new(AtomicUsize::new(0));
        let m = made.clone();
        let mut stream = paginate_iter(move |tok: Option<String>| {
            let m = m.clone();
            async move {
                let items = (0..3).inspect(move |_| {
                    m.fetch_add(1, Ordering::SeqCst);
                });
                Ok((items, tok.is_none().then(|| "next".to_string())))
            }
        });
        assert_eq!(stream.next().await.unwrap().unwrap(), 0);
        assert_eq!(
            made.load(Ordering::SeqCst),
            1,
            "only the first item is made"
        );
        let rest: Vec<i32> = stream.try_collect().await.unwrap();
        assert_eq!(rest, [1, 2, 0, 1, 2]);
        assert_eq!(made.load(Ordering::SeqCst), 6);
    }

    #[tokio::test]
    async fn stops_when_a_token_repeats() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let all: Vec<usize> = paginate(move |_tok| {
            let n = c.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok(Page {
                    items: vec![n],
                    next: Some("same".to_string()),
                })
            }
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, vec![0, 1]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn is_lazy_and_ends_after_an_error() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let stream = paginate(move |tok: Option<String>| {
            c.fetch_add(1, Ordering::SeqCst);
            async move {
                match tok {
                    None => Ok(Page {
                        items: vec![1],
                        next: Some("x".into()),
                    }),
                    Some(_) => Err(Error::new(ErrorKind::Transport, "boom")),
                }
            }
        });
        assert_eq!(
            calls.load(Ordering::SeqCst),
            0,
            "nothing fetched before polling"
        );
        let results: Vec<Result<i32>> = stream.collect().await;
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        assert_eq!(
            results[1].as_ref().unwrap_err().kind(),
            ErrorKind::Transport
        );
    }
}
