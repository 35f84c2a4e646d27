//! Feeds arbitrary bytes to the known_hosts reader and the `HOST[:PORT]` parser
//! (`feed/parse_known_hosts.rs`). Run with `cargo +nightly fuzz run parse_known_hosts`
//! from `crates/cloud-deploy`, or `cargo xtask fuzz --target
//! cloud-deploy/parse_known_hosts`. A parser may reject the input, but must never panic.

#![no_main]

#[path = "../feed/parse_known_hosts.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
