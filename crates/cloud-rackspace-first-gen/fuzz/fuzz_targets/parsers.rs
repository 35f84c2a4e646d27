//! Feeds arbitrary bytes to every first-generation parser (`feed/parsers.rs`); none may
//! panic.
//!
//! Run with `cargo +nightly fuzz run parsers` in `crates/cloud-rackspace-first-gen/fuzz`,
//! or `cargo xtask fuzz --target cloud-rackspace-first-gen/parsers`.

#![no_main]

#[path = "../feed/parsers.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
