//! The conformance suites every driver runs: one call per area, a fixed call sequence
//! (so hand-written fixtures can follow it), and a panic naming the step on the first
//! failed check. The sequence is specified in the crate's `CONFORMANCE.md`.

pub mod compute;
pub mod dns;
pub mod load_balancer;
pub mod storage;

use std::fmt::Debug;

use cloud_core::{BoxStream, Error, ErrorKind, Result};
use futures::StreamExt;

/// Announces a step on stderr, so a failure's output shows how far the suite got.
pub(crate) fn step(provider: &str, id: &str, what: &str) {
    eprintln!("[conformance {provider}] {id} {what}");
}

/// The value of a call that must succeed; panics with the step and the error otherwise.
#[track_caller]
pub(crate) fn ok<T>(id: &str, call: &str, result: Result<T>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!(
            "[{id}] {call}: expected success, got {} error: {e}",
            e.kind()
        ),
    }
}

/// The error of a call that must fail with one of `kinds`; panics otherwise.
#[track_caller]
pub(crate) fn fails<T: Debug>(
    id: &str,
    call: &str,
    result: Result<T>,
    kinds: &[ErrorKind],
) -> Error {
    let want = kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" or ");
    match result {
        Ok(v) => panic!("[{id}] {call}: expected an error of kind {want}, got success: {v:?}"),
        Err(e) if kinds.contains(&e.kind()) => e,
        Err(e) => panic!(
            "[{id}] {call}: expected an error of kind {want}, got {} error: {e}",
            e.kind()
        ),
    }
}

/// Checks that a call the driver does not claim to support says `Unsupported`.
#[track_caller]
pub(crate) fn unsupported<T: Debug>(id: &str, call: &str, result: Result<T>) {
    fails(id, call, result, &[ErrorKind::Unsupported]);
}

/// Panics with the step, what was expected and what was found, unless `cond` holds.
#[track_caller]
pub(crate) fn check(id: &str, cond: bool, expected: impl std::fmt::Display, got: impl Debug) {
    if !cond {
        panic!("[{id}] expected {expected}, got {got:?}");
    }
}

/// Every item of a listing; panics with the step on the first error.
pub(crate) async fn collect<T>(
    id: &str,
    call: &str,
    mut stream: BoxStream<'_, Result<T>>,
) -> Vec<T> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(v) => items.push(v),
            Err(e) => panic!(
                "[{id}] {call}: expected every item, got {} error after {} item(s): {e}",
                e.kind(),
                items.len()
            ),
        }
    }
    items
}

/// Checks that a listing the driver does not claim to support yields one `Unsupported`
/// error first.
pub(crate) async fn unsupported_stream<T: Debug>(
    id: &str,
    call: &str,
    mut stream: BoxStream<'_, Result<T>>,
) {
    match stream.next().await {
        None => {
            panic!("[{id}] {call}: expected an error of kind unsupported, got an empty listing")
        }
        Some(first) => unsupported(id, call, first),
    }
}
