//! `libcloud dns …` on the local provider: zones, records of every common type, the zone
//! file export (checked by BIND's named-checkzone) and import with its plan, bad input,
//! and concurrent writers in separate processes.

mod common;

use std::process::Command;

use common::Sandbox;
use serde_json::Value;

/// Creates zone `example.org` and returns its id.
fn zone(sb: &Sandbox) -> String {
    let zone = sb.json(&[
        "dns",
        "zones",
        "create",
        "Example.ORG.",
        "--ttl",
        "600",
        "--email",
        "dns.admin@example.org",
    ]);
    assert_eq!(zone["domain"], "example.org");
    assert_eq!(zone["ttl"], 600);
    zone["id"].as_str().expect("a zone id").to_string()
}

fn records(sb: &Sandbox) -> Vec<Value> {
    sb.json(&["dns", "records", "list", "example.org"])
        .as_array()
        .expect("records list prints an array")
        .clone()
}

fn find<'a>(records: &'a [Value], name: &str, rtype: &str) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| r["name"] == name && r["type"] == rtype)
        .collect()
}

#[test]
fn records_of_every_common_type_round_trip_through_the_cli() {
    let sb = Sandbox::new();
    let id = zone(&sb);
    let create = |args: &[&str]| {
        let mut all = vec!["dns", "records", "create", "example.org."];
        all.extend(args);
        sb.json(&all)
    };
    let first = create(&["www", "A", "192.0.2.1", "--ttl", "300"]);
    for field in ["id", "name", "type", "ttl", "data"] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    create(&["www.example.org.", "A", "192.0.2.2", "--ttl", "300"]);
    create(&["www", "AAAA", "2001:db8::1"]);
    create(&["@", "MX", "10 mail"]);
    create(&["txt", "TXT", r#""hello world" "say \"hi\"; ok""#]);
    create(&["_sip._tcp", "SRV", "0 5 5060 sip.example.org."]);
    create(&["alias", "CNAME", "www"]);

    let all = records(&sb);
    let www = find(&all, "www", "A");
    assert_eq!(www.len(), 2, "{all:?}");
    assert!(www.iter().all(|r| r["ttl"] == 300));
    assert_eq!(find(&all, "@", "MX")[0]["data"], "10 mail.example.org.");
    assert_eq!(
        find(&all, "txt", "TXT")[0]["data"],
        r#""hello world" "say \"hi\"; ok""#
    );
    assert_eq!(find(&all, "alias", "CNAME")[0]["data"], "www.example.org.");
    assert_eq!(
        find(&all, "_sip._tcp", "SRV")[0]["data"],
        "0 5 5060 sip.example.org."
    );

    // Update and delete by id.
    let mx_id = find(&all, "@", "MX")[0]["id"].as_str().unwrap().to_string();
    let updated = sb.json(&[
        "dns",
        "records",
        "update",
        &id,
        &mx_id,
        "--data",
        "20 mx2.example.net.",
        "--ttl",
        "120",
    ]);
    assert_eq!(updated["data"], "20 mx2.example.net.");
    assert_eq!(updated["ttl"], 120);
    let alias_id = find(&all, "alias", "CNAME")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    sb.run(&["dns", "records", "delete", "example.org", &alias_id])
        .ok();
    assert!(find(&records(&sb), "alias", "CNAME").is_empty());

    // Zones by id and by domain.
    let by_domain = sb.json(&["dns", "zones", "get", "example.org"]);
    assert_eq!(by_domain["id"], id.as_str());
    let listed = sb.json(&["dns", "zones", "list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    sb.run(&["dns", "zones", "delete", "example.org."]).ok();
    assert_eq!(sb.json(&["dns", "zones", "list"]), serde_json::json!([]));
}

#[test]
fn the_export_passes_named_checkzone() {
    let sb = Sandbox::new();
    zone(&sb);
    for args in [
        ["www", "A", "192.0.2.1"],
        ["www", "AAAA", "2001:db8::1"],
        ["@", "MX", "10 mail"],
        ["mail", "A", "192.0.2.25"],
        ["txt", "TXT", r#""v=spf1 include:_spf.example.net -all""#],
        ["_sip._tcp", "SRV", "0 5 5060 www"],
        ["@", "CAA", r#"0 issue "ca.example.net""#],
    ] {
        let mut all = vec!["dns", "records", "create", "example.org"];
        all.extend(args);
        sb.run(&all).ok();
    }
    let text = sb.run(&["dns", "export", "example.org"]).ok().stdout;
    assert!(text.contains("$ORIGIN example.org."), "{text}");
    let first_record = text
        .lines()
        .find(|l| !l.starts_with(';') && !l.starts_with('$') && !l.trim().is_empty())
        .expect("a record line");
    assert!(first_record.contains("SOA"), "the SOA comes first:\n{text}");
    let file = sb.work("example.org.zone");
    std::fs::write(&file, &text).unwrap();
    // `-i local`: integrity checks of in-zone names only, so nothing is looked up.
    let checked = Command::new("named-checkzone")
        .args(["-i", "local", "example.org"])
        .arg(&file)
        .output()
        .expect("named-checkzone runs (install bind9-utils; .ci/run installs it)");
    assert!(
        checked.status.success(),
        "named-checkzone refused the export:\n{}\n{text}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

#[test]
fn import_plans_applies_and_then_has_nothing_to_do() {
    let sb = Sandbox::new();
    zone(&sb);
    sb.run(&[
        "dns",
        "records",
        "create",
        "example.org",
        "old",
        "A",
        "192.0.2.99",
    ])
    .ok();
    sb.run(&[
        "dns",
        "records",
        "create",
        "example.org",
        "www",
        "A",
        "192.0.2.7",
    ])
    .ok();
    let file = sb.work("import.zone");
    let lines = [
        "$ORIGIN example.org.",
        "$TTL 300",
        "@    IN SOA ns1.elsewhere.net. admin.elsewhere.net. ( 7 3600 600 86400 60 )",
        "@    IN NS  ns1.elsewhere.net.",
        "www  IN A   192.0.2.1",
        "     IN A   192.0.2.2   ; blank owner: www again",
        "mail 3600 IN MX 10 mx.example.net.",
        "note IN TXT \"a; b\" \"c\"",
    ];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let file = file.to_str().unwrap();

    let dry = sb
        .run(&["dns", "import", "example.org", file, "--dry-run", "--prune"])
        .ok();
    assert!(
        dry.stdout.contains("dry run: nothing changed"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("2 to create, 1 to update, 2 to delete"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        find(&records(&sb), "www", "A").len(),
        1,
        "a dry run changes nothing"
    );

    let applied = sb.json(&["dns", "import", "example.org", file, "--prune"]);
    assert_eq!(applied["create"], 2);
    assert_eq!(applied["update"], 1);
    // `old`, and the local zone's own `ns1` address record, which the file lacks.
    assert_eq!(applied["delete"], 2);
    assert_eq!(applied["applied"], true);
    let all = records(&sb);
    assert_eq!(find(&all, "www", "A").len(), 2);
    assert!(find(&all, "old", "A").is_empty());
    assert_eq!(find(&all, "note", "TXT")[0]["data"], r#""a; b" "c""#);
    // The provider's SOA and apex NS stay.
    assert!(
        find(&all, "@", "SOA")[0]["data"]
            .as_str()
            .unwrap()
            .starts_with("ns1.example.org.")
    );

    let again = sb.json(&["dns", "import", "example.org", file, "--dry-run", "--prune"]);
    assert_eq!(
        (
            again["create"].clone(),
            again["update"].clone(),
            again["delete"].clone()
        ),
        (0.into(), 0.into(), 0.into()),
        "{again}"
    );
}

#[test]
fn bad_input_is_one_line_and_changes_nothing() {
    let sb = Sandbox::new();
    zone(&sb);
    let before = records(&sb);

    let file = sb.work("bad.zone");
    std::fs::write(
        &file,
        "$ORIGIN example.org.\nok IN A 192.0.2.1\nmx IN MX mail\n",
    )
    .unwrap();
    let line = sb
        .run(&["dns", "import", "example.org", file.to_str().unwrap()])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[invalid_input]"), "{line}");
    assert!(line.contains("bad.zone: line 3"), "{line}");

    let line = sb
        .run(&["dns", "records", "list", "nope.example"])
        .failed_with_one_line(1);
    assert!(
        line.starts_with("error[not_found]") && line.contains("nope.example"),
        "{line}"
    );

    let label = "a".repeat(64);
    let line = sb
        .run(&[
            "dns",
            "records",
            "create",
            "example.org",
            &label,
            "A",
            "192.0.2.1",
        ])
        .failed_with_one_line(1);
    assert!(line.contains("label of 64 characters"), "{line}");

    let line = sb
        .run(&[
            "dns",
            "records",
            "create",
            "example.org",
            "x",
            "MX",
            "ten mail",
        ])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[invalid_input]"), "{line}");
    assert_eq!(records(&sb), before);
}

#[test]
fn twenty_processes_adding_records_at_once_lose_none() {
    let sb = Sandbox::new();
    zone(&sb);
    let children: Vec<_> = (1..=20)
        .map(|i| {
            let ip = format!("192.0.2.{i}");
            sb.spawn(&["dns", "records", "create", "example.org", "pool", "A", &ip])
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for libcloud");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(find(&records(&sb), "pool", "A").len(), 20);
}
