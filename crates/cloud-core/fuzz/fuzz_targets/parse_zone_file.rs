//! Feeds arbitrary text to the zone file reader (`zonefile::parse`) and the record data
//! reader (`zonefile::parse_rdata`), and checks that what they accept round-trips
//! (`feed/parse_zone_file.rs`). Run with `cargo +nightly fuzz run parse_zone_file` from
//! `crates/cloud-core`, or `cargo xtask fuzz --target cloud-core/parse_zone_file`.
//! Input may be rejected, but must never panic.

#![no_main]

#[path = "../feed/parse_zone_file.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(|data: &[u8]| feed::feed(data));
