//! Feeds arbitrary bytes to every Cloud DNS parser of the Rackspace driver and to its
//! error parser (`feed/parse_dns.rs`). Run with `cargo +nightly fuzz run parse_dns` from
//! `crates/cloud-rackspace`, or `cargo xtask fuzz --target cloud-rackspace/parse_dns`. A
//! parser may reject the input, but must never panic.

#![no_main]

#[path = "../feed/parse_dns.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
