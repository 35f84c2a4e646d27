//! The fuzz target's feed (`fuzz/feed/parse_responses.rs`) on the stable toolchain with a
//! fixed seed: recorded PowerDNS answers (a zone with every record type of the
//! conformance suite, the zone list, error bodies) cut at every length, garbled, and
//! random bytes, each behind every parser selector. Nothing may panic.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

use std::path::Path;

/// The recorded answers of `fixtures/powerdns/<scenario>/<file>`, as bodies.
fn recorded(scenario: &str, file: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/powerdns")
        .join(scenario)
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    let response = &fixture["response"];
    match (&response["body_json"], &response["body"]) {
        (serde_json::Value::Null, serde_json::Value::String(body)) => body.clone().into_bytes(),
        (json, _) => serde_json::to_vec(json).expect("JSON"),
    }
}

#[test]
fn hostile_answers_never_panic_a_parser() {
    let zone = recorded(
        "dns-conformance",
        "032-get-dns-conformance-example-org.json",
    );
    let zones = recorded("dns-conformance", "003-get-zones.json");
    let refused = recorded("errors-401", "001-get-zones.json");
    let samples: Vec<Vec<u8>> = [&zone, &zones, &refused]
        .into_iter()
        .flat_map(|body| (0u8..8).map(move |selector| [&[selector][..], body].concat()))
        .collect();
    let samples: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        br#"{}[]":,. \0123456789azAZ_-/=@"#,
        0x9d45,
        feed::feed,
    );
}
