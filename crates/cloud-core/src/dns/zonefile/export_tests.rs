use super::*;
use crate::dns::zonefile::parse;

fn zone(ttl: Option<u32>, email: Option<&str>) -> Zone {
    Zone {
        id: "z1".into(),
        domain: "example.org".into(),
        ttl,
        email: email.map(str::to_string),
        extra: Default::default(),
    }
}

fn rec(name: &str, ttl: Option<u32>, data: RecordData) -> Record {
    Record {
        id: format!("{name}-{data}"),
        zone_id: "z1".into(),
        name: name.into(),
        ttl,
        data,
        extra: Default::default(),
    }
}

fn ns(host: &str) -> RecordData {
    RecordData::Ns { host: host.into() }
}

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().unwrap(),
    }
}

fn soa() -> RecordData {
    RecordData::Soa {
        mname: "ns1.example.net.".into(),
        rname: "hostmaster.example.org.".into(),
        serial: 2_024_010_101,
        refresh: 7200,
        retry: 900,
        expire: 1_209_600,
        minimum: 300,
    }
}

/// The record lines (not comments, directives or blank lines).
fn record_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(';') && !l.starts_with('$'))
        .filter(|l| !l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

#[test]
fn header_soa_first_then_apex_ns_then_canonical_order() {
    let records = [
        rec("www", Some(300), a("192.0.2.2")),
        rec("b", Some(3600), a("192.0.2.4")),
        rec("@", Some(3600), ns("ns2.example.net.")),
        rec("a.z", Some(3600), a("192.0.2.5")),
        rec("@", Some(3600), soa()),
        rec("@", Some(3600), a("192.0.2.1")),
        rec("z", Some(3600), a("192.0.2.6")),
        rec("@", Some(3600), ns("ns1.example.net.")),
        rec("www", Some(300), a("192.0.2.3")),
        rec(
            "_sip._tcp",
            Some(3600),
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 5060,
                target: "sip.example.org.".into(),
            },
        ),
    ];
    let text = export(&zone(None, None), &records);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "; Zone example.org. (id z1): 10 records");
    assert_eq!(lines[1], "$ORIGIN example.org.");
    assert_eq!(lines[2], "$TTL 3600", "the most common TTL");
    assert_eq!(
        record_lines(&text),
        [
            "@             IN SOA ns1.example.net. hostmaster.example.org. (",
            "@             IN NS  ns1.example.net.",
            "@             IN NS  ns2.example.net.",
            "@             IN A   192.0.2.1",
            "_sip._tcp     IN SRV 0 5 5060 sip.example.org.",
            "b             IN A   192.0.2.4",
            "www       300 IN A   192.0.2.2",
            "www       300 IN A   192.0.2.3",
            "z             IN A   192.0.2.6",
            "a.z           IN A   192.0.2.5",
        ]
    );
    assert!(text.contains("; serial"), "{text}");
    assert!(text.contains("900 "), "{text}");
    assert!(text.contains("; retry (15 minutes)"), "{text}");
    assert!(!text.contains("synthesised"), "{text}");
    let back = parse(&text, "example.org").unwrap();
    assert_eq!(back.entries.len(), 10);
}

#[test]
fn columns_are_aligned() {
    let records = [
        rec("@", Some(3600), soa()),
        rec("@", Some(3600), ns("ns1.example.net.")),
        rec("a-much-longer-name", Some(60), a("192.0.2.1")),
        rec("w", Some(3600), RecordData::txt("x")),
    ];
    let text = export(&zone(Some(3600), None), &records);
    let lines = record_lines(&text);
    // Every line has its class at the same column.
    let columns: Vec<usize> = lines.iter().map(|l| l.find(" IN ").unwrap()).collect();
    assert!(columns.iter().all(|c| *c == columns[0]), "{text}");
    assert!(
        lines.contains(&"a-much-longer-name 60 IN A   192.0.2.1"),
        "{text}"
    );
    assert!(
        lines.contains(&"w                     IN TXT \"x\""),
        "{text}"
    );
}

#[test]
fn synthesised_soa_uses_apex_ns_and_the_zone_email() {
    let records = [
        rec("@", None, ns("ns-b.example.net.")),
        rec("@", None, ns("ns-a.example.net.")),
    ];
    let text = export(&zone(Some(600), Some("John.Doe@Example.org")), &records);
    assert!(text.contains("synthesised"), "{text}");
    assert!(text.contains("$TTL 600\n"), "{text}");
    let file = parse(&text, "example.org").unwrap();
    let soa = &file.entries[0];
    assert_eq!(
        soa.data,
        RecordData::Soa {
            mname: "ns-a.example.net.".into(),
            rname: "john\\.doe.example.org.".into(),
            serial: 1,
            refresh: 7200,
            retry: 3600,
            expire: 1_209_600,
            minimum: 3600,
        }
    );
    assert_eq!(soa.ttl, Some(600));
}

#[test]
fn synthesised_soa_without_ns_or_email() {
    let text = export(&zone(None, None), &[rec("www", Some(60), a("192.0.2.1"))]);
    let file = parse(&text, "example.org").unwrap();
    let RecordData::Soa { mname, rname, .. } = &file.entries[0].data else {
        panic!("{text}")
    };
    assert_eq!(mname, "ns1.example.org.");
    assert_eq!(rname, "hostmaster.example.org.");
    assert!(text.contains("$TTL 60\n"), "{text}");
    // An address that is no mail address falls back too.
    let text = export(&zone(None, Some("@example.org")), &[]);
    assert!(text.contains("hostmaster.example.org."), "{text}");
    assert!(text.contains("$TTL 3600\n"), "{text}");
}

#[test]
fn ttls_are_written_only_where_they_differ() {
    let records = [
        rec("a", Some(3600), a("192.0.2.1")),
        rec("b", None, a("192.0.2.2")),
        rec("c", Some(42), a("192.0.2.3")),
    ];
    let text = export(&zone(Some(3600), None), &records);
    let file = parse(&text, "example.org").unwrap();
    let ttls: Vec<(String, Option<u32>)> = file
        .entries
        .iter()
        .skip(1)
        .map(|e| (e.name.clone(), e.ttl))
        .collect();
    assert_eq!(
        ttls,
        [
            ("a".to_string(), Some(3600)),
            ("b".to_string(), Some(3600)),
            ("c".to_string(), Some(42))
        ]
    );
    assert!(text.contains("\nc 42 IN A   192.0.2.3\n"), "{text}");
    assert!(text.contains("\na    IN A   192.0.2.1\n"), "{text}");
}

#[test]
fn data_is_written_so_it_reads_back() {
    let records = [
        rec("@", Some(60), soa()),
        rec(
            "t",
            Some(60),
            RecordData::Txt {
                strings: vec!["a \"quoted\" ; text".into(), "é\\".into()],
            },
        ),
        rec(
            "long",
            Some(60),
            RecordData::Txt {
                strings: vec!["z".repeat(300)],
            },
        ),
        rec(
            "c",
            Some(60),
            RecordData::Cname {
                target: "Web.Example.ORG".into(),
            },
        ),
        rec(
            "caa",
            Some(60),
            RecordData::Caa {
                flags: 0,
                tag: "issue".into(),
                value: "ca.example.net; account=1".into(),
            },
        ),
        rec(
            "sshfp",
            Some(60),
            RecordData::Other {
                rtype: RecordType::Other("SSHFP".into()),
                data: "1  1\n0123abcd".into(),
            },
        ),
        rec(
            "esc",
            Some(60),
            RecordData::Other {
                rtype: RecordType::Other("TYPE65280".into()),
                data: "1 \"s\" trailing\\ ".into(),
            },
        ),
        rec("Upper", Some(60), a("192.0.2.1")),
        rec("www.example.org.", Some(60), a("192.0.2.2")),
        rec("", Some(60), a("192.0.2.3")),
    ];
    let text = export(&zone(None, None), &records);
    let file = parse(&text, "example.org").unwrap_or_else(|e| panic!("{e}\n{text}"));
    let by_name = |name: &str| -> Vec<String> {
        file.entries
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.data.presentation())
            .collect()
    };
    assert_eq!(by_name("t"), [r#""a \"quoted\" ; text" "\195\169\\""#]);
    assert_eq!(
        by_name("long"),
        [format!("\"{}\" \"{}\"", "z".repeat(255), "z".repeat(45))]
    );
    assert_eq!(by_name("c"), ["web.example.org."]);
    assert_eq!(by_name("caa"), [r#"0 issue "ca.example.net; account=1""#]);
    assert_eq!(by_name("sshfp"), ["1 1 0123abcd"]);
    assert_eq!(by_name("esc"), [r#"1 "s" trailing\ "#]);
    assert_eq!(by_name("upper"), ["192.0.2.1"]);
    assert_eq!(by_name("www"), ["192.0.2.2"]);
    assert!(by_name("@").contains(&"192.0.2.3".to_string()));
}

#[test]
fn records_a_zone_file_cannot_hold_become_comments() {
    let records = [
        rec("@", Some(60), soa()),
        rec(
            "@",
            Some(60),
            RecordData::Soa {
                mname: "other.example.".into(),
                rname: "x.example.".into(),
                serial: 2,
                refresh: 1,
                retry: 1,
                expire: 1,
                minimum: 1,
            },
        ),
        rec(
            "redirect",
            Some(60),
            RecordData::Other {
                rtype: RecordType::Other("REDIRECT".into()),
                data: "https://example.net/".into(),
            },
        ),
        rec("out.example.com.", Some(60), a("192.0.2.1")),
        rec("bad..name", Some(60), a("192.0.2.1")),
        rec(
            "sub",
            Some(60),
            RecordData::Soa {
                mname: "a.".into(),
                rname: "b.".into(),
                serial: 1,
                refresh: 1,
                retry: 1,
                expire: 1,
                minimum: 1,
            },
        ),
        rec(
            "x",
            Some(60),
            RecordData::Other {
                rtype: RecordType::Other("NAPTR".into()),
                data: "1 \"unterminated\nnext".into(),
            },
        ),
        rec("ok", Some(60), a("192.0.2.9")),
    ];
    let text = export(&zone(None, None), &records);
    let file = parse(&text, "example.org").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(file.entries.len(), 2, "{text}");
    let comments: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("; not written: "))
        .collect();
    assert_eq!(comments.len(), 6, "{text}");
    assert!(text.contains("a zone has one SOA record"), "{text}");
    assert!(
        text.contains("REDIRECT is not a record type zone files hold"),
        "{text}"
    );
    assert!(
        text.contains("out.example.com. is outside the zone"),
        "{text}"
    );
    assert!(text.contains("empty label"), "{text}");
    assert!(text.contains("belongs at the zone apex"), "{text}");
    assert!(text.contains("does not read back"), "{text}");
}

#[test]
fn identical_records_are_written_once_and_output_is_deterministic() {
    let records = [
        rec("@", Some(60), soa()),
        rec("www", Some(60), a("192.0.2.1")),
        rec("www", Some(60), a("192.0.2.1")),
    ];
    let text = export(&zone(None, None), &records);
    assert_eq!(text.matches("192.0.2.1").count(), 1, "{text}");
    let mut reversed = records.to_vec();
    reversed.reverse();
    assert_eq!(export(&zone(None, None), &reversed), text);
    // With several SOAs, TTLs and refused records in any order, the file is the same.
    let mut second_soa = soa();
    if let RecordData::Soa { serial, .. } = &mut second_soa {
        *serial = 7;
    }
    let mut records = vec![
        rec("@", Some(60), soa()),
        rec("@", Some(60), second_soa),
        rec("www", Some(60), a("192.0.2.1")),
        rec("www", Some(300), a("192.0.2.1")),
        rec("out.example.com.", Some(60), a("192.0.2.1")),
        rec("a..b", Some(60), a("192.0.2.1")),
    ];
    let text = export(&zone(None, None), &records);
    records.reverse();
    assert_eq!(export(&zone(None, None), &records), text);
    let kept_serial = |l: &str| l.trim_start().starts_with("7 ") && l.ends_with("; serial");
    assert!(
        text.lines().any(kept_serial),
        "the lowest SOA is kept: {text}"
    );
    assert!(text.contains("a zone has one SOA record"), "{text}");
}

#[test]
fn mailbox_names_from_addresses() {
    assert_eq!(
        mailbox_name("hostmaster@example.org").unwrap(),
        "hostmaster.example.org."
    );
    assert_eq!(
        mailbox_name("a.b@Example.org").unwrap(),
        "a\\.b.example.org."
    );
    assert_eq!(
        mailbox_name("hostmaster.example.org").unwrap(),
        "hostmaster.example.org."
    );
    assert_eq!(
        mailbox_name("a b@example.org").unwrap(),
        "a\\032b.example.org."
    );
    assert!(mailbox_name("").is_none());
    assert!(mailbox_name("x@").is_none());
}
