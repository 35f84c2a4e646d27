//! `libcloud dns …` for the `linode` provider against a local server answering as
//! Linode's API v4 reference says (`fixtures/linode/cli-dns`, replayed by `cloud-test`).
//!
//! The test ends with `assert_all_used`: the binary listed the domains, found the zone
//! by domain (and by id), followed the records' two pages, with the token from
//! `LINODE_TOKEN` (the scenario matches `Authorization: Bearer [scrubbed]`).

mod common;

use common::ReplaySandbox;
use serde_json::{Value, json};

/// The placeholder token; the `cli-*` scenarios expect it in `Authorization`.
const TOKEN: &str = "[scrubbed]";

/// `field` of every item of a JSON array.
fn column<'a>(items: &'a Value, field: &str) -> Vec<&'a Value> {
    items
        .as_array()
        .expect("a list prints an array")
        .iter()
        .map(|item| &item[field])
        .collect()
}

#[test]
fn zones_and_records_list_as_json() {
    let rs = ReplaySandbox::start("linode", "cli-dns", &[("LINODE_TOKEN", TOKEN)]);

    let zones = rs.run_json(&["dns", "zones", "list"]).quiet_ok().json();
    assert_eq!(column(&zones, "id"), [&json!("1470010"), &json!("1470011")]);
    assert_eq!(
        column(&zones, "domain"),
        [&json!("example.org"), &json!("example.net")]
    );
    // `ttl_sec` 0 is Linode's default, 86 400 seconds.
    assert_eq!(column(&zones, "ttl"), [&json!(3600), &json!(86400)]);
    assert_eq!(zones[0]["email"], "admin@example.org");
    assert_eq!(zones[0]["extra"]["type"], "master");

    // Found by domain: the domains are listed again, then both pages of records.
    let records = rs
        .run_json(&["dns", "records", "list", "example.org"])
        .quiet_ok()
        .json();
    let rows: Vec<(&str, &str, &str, Value, &str)> = records
        .as_array()
        .expect("records list prints an array")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("an id"),
                r["name"].as_str().expect("a name"),
                r["type"].as_str().expect("a type"),
                r["ttl"].clone(),
                r["data"].as_str().expect("data"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("23200001", "www", "A", json!(300), "192.0.2.1"),
            ("23200002", "www", "A", json!(300), "192.0.2.2"),
            ("23200003", "@", "MX", Value::Null, "10 mail.example.org."),
            ("23200004", "@", "TXT", json!(3600), "\"v=spf1 mx -all\""),
            (
                "23200005",
                "_sip._tcp",
                "SRV",
                json!(300),
                "0 5 5060 sip.example.org."
            ),
            (
                "23200006",
                "@",
                "CAA",
                json!(86400),
                "0 issue \"letsencrypt.org\""
            ),
        ]
    );
    assert!(
        column(&records, "zone_id")
            .iter()
            .all(|z| **z == json!("1470010"))
    );

    // Found by id: one read of the domain, then the same records.
    let by_id = rs
        .run_json(&["dns", "records", "list", "1470010"])
        .quiet_ok()
        .json();
    assert_eq!(by_id, records);
    rs.assert_all_used();
}
