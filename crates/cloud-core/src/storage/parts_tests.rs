use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::TryStreamExt;

use super::super::resume::quick;
use super::*;

const DATA: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Bytes `start..end` of `DATA` in pieces of 3.
fn stream_of(start: u64, end: u64) -> ByteStream {
    let items: Vec<Result<Bytes>> = DATA[start as usize..end as usize]
        .chunks(3)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    futures::stream::iter(items).boxed()
}

/// A fetcher of `DATA` that records the ranges asked for.
fn fetcher(asked: Arc<Mutex<Vec<(u64, u64)>>>) -> PartFetcher {
    Arc::new(move |start, end| {
        asked.lock().unwrap().push((start, end));
        Box::pin(async move { Ok(stream_of(start, end)) })
    })
}

fn plan(part_size: u64, concurrency: usize) -> PartPlan {
    PartPlan {
        part_size,
        concurrency,
    }
}

async fn read_all(stream: ByteStream) -> Result<Vec<u8>> {
    let pieces: Vec<Bytes> = stream.try_collect().await?;
    Ok(pieces.concat())
}

#[test]
fn ranges_cover_the_rest_part_by_part() {
    let ranges: Vec<_> = plan(10, 2).ranges(5, 36).collect();
    assert_eq!(ranges, [(5, 15), (15, 25), (25, 35), (35, 36)]);
    assert_eq!(plan(10, 2).ranges(36, 36).count(), 0);
    assert_eq!(
        plan(0, 2).ranges(0, 3).count(),
        3,
        "a part is at least one byte"
    );
}

#[tokio::test]
async fn the_object_comes_out_whole_and_in_order() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let stream = in_parts(
        stream_of(0, 5),
        5,
        36,
        fetcher(asked.clone()),
        plan(7, 3),
        quick(3),
    );
    assert_eq!(read_all(stream).await.unwrap(), DATA);
    let mut asked = asked.lock().unwrap().clone();
    asked.sort_unstable();
    assert_eq!(asked, [(5, 12), (12, 19), (19, 26), (26, 33), (33, 36)]);
}

#[tokio::test]
async fn a_range_of_the_object_is_read_from_its_start() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let stream = in_parts(
        stream_of(10, 14),
        14,
        30,
        fetcher(asked.clone()),
        plan(8, 2),
        quick(3),
    );
    assert_eq!(read_all(stream).await.unwrap(), &DATA[10..30]);
}

#[tokio::test]
async fn no_concurrency_reads_the_first_answer_alone() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let stream = in_parts(
        stream_of(0, 36),
        36,
        36,
        fetcher(asked.clone()),
        plan(4, 0),
        quick(3),
    );
    assert_eq!(read_all(stream).await.unwrap(), DATA);
    assert!(asked.lock().unwrap().is_empty());
}

#[tokio::test]
async fn only_so_many_parts_are_asked_for_ahead_of_the_reader() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let mut stream = in_parts(
        stream_of(0, 4),
        4,
        36,
        fetcher(asked.clone()),
        plan(4, 2),
        quick(3),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while asked.lock().unwrap().len() < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert_eq!(asked.lock().unwrap().len(), 2, "two parts in flight");
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(&first[..], &DATA[..3]);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        asked.lock().unwrap().len(),
        2,
        "nothing more until a part is used"
    );
    let rest = read_all(stream).await.unwrap();
    assert_eq!([&first[..], &rest[..]].concat(), DATA);
    assert_eq!(asked.lock().unwrap().len(), 8);
}

#[tokio::test]
async fn a_broken_part_is_resumed_from_its_first_missing_byte() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let broken_once = Arc::new(AtomicBool::new(false));
    let fetch: PartFetcher = Arc::new(move |start, end| {
        log.lock().unwrap().push((start, end));
        let break_now = start == 10 && !broken_once.swap(true, Ordering::SeqCst);
        Box::pin(async move {
            if break_now {
                let cut: ByteStream = futures::stream::iter(vec![
                    Ok(Bytes::copy_from_slice(&DATA[10..13])),
                    Err(Error::new(ErrorKind::Transport, "connection reset")),
                ])
                .boxed();
                return Ok(cut);
            }
            Ok(stream_of(start, end))
        })
    });
    let stream = in_parts(stream_of(0, 10), 10, 36, fetch, plan(10, 2), quick(3));
    assert_eq!(read_all(stream).await.unwrap(), DATA);
    let asked = asked.lock().unwrap().clone();
    assert!(asked.contains(&(13, 20)), "{asked:?}");
}

#[tokio::test]
async fn a_part_that_fails_to_start_is_retried() {
    let calls = Arc::new(Mutex::new(0));
    let counted = calls.clone();
    let fetch: PartFetcher = Arc::new(move |start, end| {
        let first_call = {
            let mut calls = counted.lock().unwrap();
            *calls += 1;
            *calls == 1
        };
        Box::pin(async move {
            if first_call {
                return Err(Error::new(ErrorKind::Transport, "connection refused"));
            }
            Ok(stream_of(start, end))
        })
    });
    let stream = in_parts(stream_of(0, 30), 30, 36, fetch, plan(10, 1), quick(3));
    assert_eq!(read_all(stream).await.unwrap(), DATA);
    assert_eq!(*calls.lock().unwrap(), 2);
}

#[tokio::test]
async fn a_changed_object_ends_the_download() {
    let fetch: PartFetcher = Arc::new(|start, end| {
        Box::pin(async move {
            if start >= 20 {
                return Err(Error::new(ErrorKind::Conflict, "the blob was replaced"));
            }
            Ok(stream_of(start, end))
        })
    });
    let items: Vec<Result<Bytes>> =
        in_parts(stream_of(0, 10), 10, 36, fetch, plan(10, 2), quick(5))
            .collect()
            .await;
    let ok: Vec<u8> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .flat_map(|b| b.to_vec())
        .collect();
    assert_eq!(
        ok,
        &DATA[..20],
        "the parts before the change, then the error"
    );
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[tokio::test]
async fn a_part_of_the_wrong_length_is_refused() {
    let long: PartFetcher = Arc::new(|start, _| Box::pin(async move { Ok(stream_of(start, 36)) }));
    let err = read_all(in_parts(stream_of(0, 4), 4, 36, long, plan(8, 2), quick(3)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("got more than 8 bytes"), "{err}");

    let short: PartFetcher = Arc::new(|start, end| {
        Box::pin(async move { Ok(stream_of(start, end.saturating_sub(1).max(start))) })
    });
    let err = read_all(in_parts(
        stream_of(0, 4),
        4,
        36,
        short,
        plan(8, 2),
        quick(2),
    ))
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
}

#[tokio::test]
async fn a_broken_first_answer_ends_the_download() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let first: ByteStream = futures::stream::iter(vec![
        Ok(Bytes::from_static(b"0123")),
        Err(Error::malformed("checksum mismatch")),
    ])
    .boxed();
    let items: Vec<Result<Bytes>> = in_parts(first, 10, 36, fetcher(asked), plan(10, 2), quick(3))
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1].as_ref().unwrap_err().kind(),
        ErrorKind::MalformedResponse
    );
}

#[tokio::test]
async fn dropping_the_download_cancels_the_parts_in_flight() {
    struct Flag(Arc<AtomicBool>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let cancelled = Arc::new(AtomicBool::new(false));
    let flag = cancelled.clone();
    let fetch: PartFetcher = Arc::new(move |_, _| {
        let guard = Flag(flag.clone());
        Box::pin(async move {
            let _guard = guard;
            futures::future::pending::<Result<ByteStream>>().await
        })
    });
    let stream = in_parts(stream_of(0, 4), 4, 36, fetch, plan(8, 1), quick(3));
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(!cancelled.load(Ordering::SeqCst));
    drop(stream);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !cancelled.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert!(
        cancelled.load(Ordering::SeqCst),
        "the part's task was aborted"
    );
}
