//! Feeds arbitrary bytes to the Google credentials parsers (`feed/parse_credentials.rs`):
//! key and user credentials files, token answers and error answers. Run with `cargo
//! +nightly fuzz run parse_credentials` from `crates/cloud-google-auth`, or `cargo xtask
//! fuzz --target cloud-google-auth/parse_credentials`. A parser may reject the input, but
//! must never panic.

#![no_main]

#[path = "../feed/parse_credentials.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
