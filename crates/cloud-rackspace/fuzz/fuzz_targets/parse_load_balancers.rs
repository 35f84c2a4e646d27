//! Feeds arbitrary bytes to every Cloud Load Balancers parser of the Rackspace driver
//! and to its error parser (`feed/parse_load_balancers.rs`). Run with `cargo +nightly
//! fuzz run parse_load_balancers` from `crates/cloud-rackspace`, or `cargo xtask fuzz
//! --target cloud-rackspace/parse_load_balancers`. A parser may reject the input, but
//! must never panic.

#![no_main]

#[path = "../feed/parse_load_balancers.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
