//! Feeds arbitrary bytes to the XML scanner (`cloud_core::xml::scan`) and to `visit`,
//! and checks that what the scanner reads whole reads the same through `visit`
//! (`feed/scan_xml.rs`). Run with `cargo +nightly fuzz run scan_xml` from
//! `crates/cloud-core`, or `cargo xtask fuzz --target cloud-core/scan_xml`. Input may be
//! rejected, but must never panic.

#![no_main]

#[path = "../feed/scan_xml.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
