//! Feeds arbitrary bytes to the parsers of the Azure credentials crate
//! (`feed/parse_answers.rs`). Run with `cargo +nightly fuzz run parse_answers` from
//! `crates/cloud-azure-auth`, or `cargo xtask fuzz --target
//! cloud-azure-auth/parse_answers`. A parser may reject the input, but must never panic.

#![no_main]

#[path = "../feed/parse_answers.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
