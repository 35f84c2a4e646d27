//! Feeds arbitrary bytes to every answer parser of the OpenStack driver, to its error
//! parser and to the clouds.yaml reader (`feed/parse_responses.rs`). Run with
//! `cargo +nightly fuzz run parse_responses` from `crates/cloud-openstack`, or
//! `cargo xtask fuzz --target cloud-openstack/parse_responses`. A parser may reject the
//! input, but must never panic.

#![no_main]

#[path = "../feed/parse_responses.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
