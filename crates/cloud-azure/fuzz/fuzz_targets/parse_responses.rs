//! Feeds arbitrary bytes to every response parser of the Azure driver and to its error
//! parser (`feed/parse_responses.rs`). Run with `cargo +nightly fuzz run
//! parse_responses` from `crates/cloud-azure`, or `cargo xtask fuzz --target
//! cloud-azure/parse_responses`. A parser may reject the input, but must never panic.

#![no_main]

#[path = "../feed/parse_responses.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
