//! Feeds arbitrary bytes to every Slicehost parser (`feed/parsers.rs`); none may panic.
//!
//! Run with `cargo +nightly fuzz run parsers` in `crates/cloud-slicehost/fuzz`, or
//! `cargo xtask fuzz --target cloud-slicehost/parsers`.

#![no_main]

#[path = "../feed/parsers.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
