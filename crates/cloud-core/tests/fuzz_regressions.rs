//! Replays every input kept in `fuzz/regressions/<target>/` (inputs a fuzz target once
//! failed on, kept by `cargo xtask fuzz`, and the `sample-*` inputs it is seeded with)
//! through what the target feeds them to, on the stable toolchain: each input must be
//! accepted or rejected, never panic, and what is accepted must hold up (zone files
//! round-trip; XML the scanner reads, quick-xml reads the same; JSON is written as
//! serde_json writes it).

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

#[path = "../fuzz/feed/parse_zone_file.rs"]
mod feed;

#[path = "../fuzz/feed/scan_xml.rs"]
mod scan_feed;

#[path = "../fuzz/feed/write_json.rs"]
mod json_feed;

/// The kept inputs of `target`, sorted.
fn kept_of(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

fn named(path: &Path, prefix: &str) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
}

/// The kept inputs of `parse_zone_file`.
fn kept() -> Vec<PathBuf> {
    kept_of("parse_zone_file")
}

/// The inputs of `kept` that `feed` panics on.
fn failing(kept: &[PathBuf], feed: fn(&[u8])) -> Vec<String> {
    kept.iter()
        .filter(|path| {
            let input = std::fs::read(path).expect("kept fuzz input is readable");
            catch_unwind(|| feed(&input)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect()
}

#[test]
fn kept_json_inputs_are_written_as_serde_json_writes_them() {
    let kept = kept_of("write_json");
    assert!(
        kept.len() >= 2,
        "the write_json samples are missing: {kept:?}"
    );
    let failed = failing(&kept, json_feed::feed);
    assert!(failed.is_empty(), "the JSON writer differed on: {failed:?}");
}

#[test]
fn kept_xml_inputs_do_not_panic_and_read_alike() {
    let kept = kept_of("scan_xml");
    assert!(
        kept.len() >= 3,
        "the scan_xml samples are missing: {kept:?}"
    );
    let failed = failing(&kept, scan_feed::feed);
    assert!(failed.is_empty(), "the XML scanner failed on: {failed:?}");
}

#[test]
fn sample_xml_documents_scan_whole() {
    use cloud_core::xml::scan::{Scanner, Token};
    for path in kept_of("scan_xml") {
        if !named(&path, "sample-") || path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let input = std::fs::read(&path).expect("a sample is readable");
        let mut scanner = Scanner::new(&input).expect("a sample is UTF-8");
        let mut opened = 0;
        loop {
            match scanner.next() {
                Ok(Token::End) => break,
                Ok(Token::Open(_)) => opened += 1,
                Ok(_) => {}
                Err(e) => panic!("{} does not scan: {e}", path.display()),
            }
        }
        assert!(opened >= 5, "{}", path.display());
    }
}

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let kept = kept();
    assert!(
        kept.iter().any(|p| p.ends_with("sample-truncated")),
        "the sample-truncated input is missing: {kept:?}"
    );
    let panicked = failing(&kept, feed::feed);
    assert!(
        panicked.is_empty(),
        "the zone file readers panicked on: {panicked:?}"
    );
}

#[test]
fn sample_zones_read() {
    // The samples seed the fuzzer, which gets furthest from zones that read.
    let zones: Vec<PathBuf> = kept()
        .into_iter()
        .filter(|p| named(p, "sample-") && p.extension().is_some_and(|e| e == "zone"))
        .collect();
    assert!(zones.len() >= 4, "sample zones are missing: {zones:?}");
    for path in zones {
        let text = std::fs::read_to_string(&path).expect("a sample is text");
        if let Err(e) = cloud_core::dns::zonefile::parse(&text, "example.org") {
            panic!("{} does not read: {e}", path.display());
        }
    }
}
