//! Listing across regions: one listing per region, a bounded number at once, merged into
//! one stream whose items name their region, and whose failed regions are reported
//! without hiding the others' results.

use std::future::Future;
use std::sync::Arc;

use futures::StreamExt;
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;

use crate::{BoxStream, Error, Result};

/// An item of one region's listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regional<T> {
    /// The region it came from.
    pub region: String,
    /// The item.
    #[serde(flatten)]
    pub item: T,
}

/// What a listing across regions yields.
#[derive(Debug)]
pub enum RegionEvent<T> {
    /// An item of one region.
    Item(Regional<T>),
    /// A region whose connection or listing failed; the items it gave before stay.
    Failed {
        /// The region.
        region: String,
        /// Why.
        error: Error,
    },
}

/// How many items may wait between the regions' listings and the consumer.
const BUFFER: usize = 256;

/// Lists every region of `regions`, `concurrency` at once (at least one): each is
/// connected with `connect` and listed with `list`, and their items arrive merged, in
/// the order they come, each naming its region. A region that fails to connect or whose
/// listing fails gives one [`RegionEvent::Failed`] and stops; the others go on.
///
/// The listings run as tasks on the current Tokio runtime, so they progress while the
/// consumer handles earlier items; dropping the stream cancels those still running.
pub fn across_regions<S, T, C, CF, L>(
    regions: Vec<String>,
    concurrency: usize,
    connect: C,
    list: L,
) -> BoxStream<'static, RegionEvent<T>>
where
    S: Send + Sync + 'static,
    T: Send + 'static,
    C: Fn(String) -> CF + Send + Sync + 'static,
    CF: Future<Output = Result<S>> + Send + 'static,
    L: for<'s> Fn(&'s S) -> BoxStream<'s, Result<T>> + Send + Sync + 'static,
{
    let (tx, rx) = mpsc::channel(BUFFER);
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let connect = Arc::new(connect);
    let list = Arc::new(list);
    let tasks: Vec<JoinHandle<()>> = regions
        .into_iter()
        .map(|region| {
            let (tx, permits) = (tx.clone(), permits.clone());
            let (connect, list) = (connect.clone(), list.clone());
            tokio::spawn(async move {
                let Ok(_permit) = permits.acquire_owned().await else {
                    return;
                };
                let failed = |error| RegionEvent::Failed {
                    region: region.clone(),
                    error,
                };
                let session = match connect(region.clone()).await {
                    Ok(session) => session,
                    Err(error) => {
                        let _ = tx.send(failed(error)).await;
                        return;
                    }
                };
                let mut items = list(&session);
                while let Some(next) = items.next().await {
                    let event = match next {
                        Ok(item) => RegionEvent::Item(Regional {
                            region: region.clone(),
                            item,
                        }),
                        Err(error) => {
                            let _ = tx.send(failed(error)).await;
                            return;
                        }
                    };
                    if tx.send(event).await.is_err() {
                        return;
                    }
                }
            })
        })
        .collect();
    drop(tx);
    let state = (rx, AbortOnDrop(tasks));
    Box::pin(futures::stream::unfold(
        state,
        |(mut rx, tasks)| async move { rx.recv().await.map(|event| (event, (rx, tasks))) },
    ))
}

/// Aborts the listing tasks when the merged stream is dropped.
struct AbortOnDrop(Vec<JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Reads a region selection: `all` (the provider's every region, `None` here) or a
/// comma-separated list; `Some(list)` for a list, and an `InvalidInput` error for an
/// empty name or a repeated one.
pub fn parse_region_list(text: &str) -> Result<Option<Vec<String>>> {
    if text.trim() == "all" {
        return Ok(None);
    }
    let mut regions: Vec<String> = Vec::new();
    for name in text.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(Error::invalid_input(format!(
                "region list {text:?} has an empty name"
            )));
        }
        if regions.iter().any(|r| r == name) {
            return Err(Error::invalid_input(format!(
                "region list {text:?} names {name} twice"
            )));
        }
        regions.push(name.to_string());
    }
    Ok(Some(regions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn listing(region: &str) -> Vec<Result<String>> {
        match region {
            "bad" => vec![
                Ok("bad-1".into()),
                Err(Error::new(ErrorKind::Provider, "boom")),
            ],
            r => (1..=3).map(|i| Ok(format!("{r}-{i}"))).collect(),
        }
    }

    #[tokio::test]
    async fn items_name_their_region_and_a_failed_region_hides_nothing() {
        let regions = ["a", "bad", "b", "down"].map(String::from).to_vec();
        let events: Vec<RegionEvent<String>> = across_regions(
            regions,
            2,
            |region: String| async move {
                if region == "down" {
                    Err(Error::new(ErrorKind::Transport, "unreachable"))
                } else {
                    Ok(region)
                }
            },
            |region: &String| Box::pin(futures::stream::iter(listing(region))) as BoxStream<'_, _>,
        )
        .collect()
        .await;
        let mut items: Vec<(String, String)> = Vec::new();
        let mut failed: Vec<(String, ErrorKind)> = Vec::new();
        for event in events {
            match event {
                RegionEvent::Item(r) => items.push((r.region, r.item)),
                RegionEvent::Failed { region, error } => failed.push((region, error.kind())),
            }
        }
        items.sort();
        failed.sort_by(|a, b| a.0.cmp(&b.0));
        let want: Vec<(String, String)> = ["a-1", "a-2", "a-3", "b-1", "b-2", "b-3", "bad-1"]
            .iter()
            .map(|i| (i.split('-').next().unwrap().to_string(), i.to_string()))
            .collect();
        assert_eq!(items, want);
        assert_eq!(
            failed,
            [
                ("bad".to_string(), ErrorKind::Provider),
                ("down".to_string(), ErrorKind::Transport)
            ]
        );
    }

    #[tokio::test]
    async fn no_more_regions_run_at_once_than_allowed() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (r, m) = (running.clone(), most.clone());
        let regions: Vec<String> = (0..12).map(|i| format!("r{i}")).collect();
        let events: Vec<_> = across_regions(
            regions,
            3,
            move |region: String| {
                let (r, m) = (r.clone(), m.clone());
                async move {
                    let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    r.fetch_sub(1, Ordering::SeqCst);
                    Ok(region)
                }
            },
            |region: &String| {
                Box::pin(futures::stream::iter(vec![Ok(region.clone())])) as BoxStream<'_, _>
            },
        )
        .collect()
        .await;
        assert_eq!(events.len(), 12);
        assert!(most.load(Ordering::SeqCst) <= 3, "{most:?}");
        assert_eq!(running.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn region_lists_are_read() {
        assert_eq!(parse_region_list("all").unwrap(), None);
        assert_eq!(
            parse_region_list("us-east-1, eu-west-1").unwrap(),
            Some(vec!["us-east-1".to_string(), "eu-west-1".to_string()])
        );
        assert!(parse_region_list("a,,b").is_err());
        assert!(parse_region_list("a,b,a").is_err());
    }
}
