//! Feeds arbitrary bytes to the JSON writer (`cloud_core::json_writer`), as a string and,
//! when they are a JSON document, as its value, and checks that it writes what serde_json
//! writes (`feed/write_json.rs`). Run with `cargo +nightly fuzz run write_json` from
//! `crates/cloud-core`, or `cargo xtask fuzz --target cloud-core/write_json`.

#![no_main]

#[path = "../feed/write_json.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
