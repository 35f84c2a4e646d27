//! Feeds arbitrary bytes to the GoGrid envelope and error parsers, and every item of a
//! parsed envelope to every object conversion (`feed/parsers.rs`); none may panic.
//!
//! Run with `cargo +nightly fuzz run parsers` in `crates/cloud-gogrid/fuzz`, or
//! `cargo xtask fuzz --target cloud-gogrid/parsers`.

#![no_main]

#[path = "../feed/parsers.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
