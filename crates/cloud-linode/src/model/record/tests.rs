//! Reading Linode's record fields into typed data.

use cloud_core::ErrorKind;
use cloud_core::dns::{RecordData, RecordType};

use super::*;

fn read(json: &str) -> Result<Record> {
    serde_json::from_str::<RawRecord>(json)
        .expect("a record document")
        .into_record("77")
}

fn data(json: &str) -> RecordData {
    read(json).unwrap().data
}

#[test]
fn an_apex_a_record_with_the_default_ttl() {
    let record = read(
        r#"{"id": 5, "type": "A", "name": "", "target": "192.0.2.10", "priority": 0,
            "weight": 0, "port": 0, "service": null, "protocol": null, "tag": null,
            "ttl_sec": 0, "created": "2024-06-01T10:00:00", "updated": "2024-06-01T10:00:00"}"#,
    )
    .unwrap();
    assert_eq!(record.id, "5");
    assert_eq!(record.zone_id, "77");
    assert_eq!(record.name, "@");
    assert_eq!(record.ttl, None);
    assert_eq!(record.data.to_string(), "192.0.2.10");
    assert_eq!(record.extra["created"], "2024-06-01T10:00:00+00:00");
    assert!(!record.extra.contains_key("service"));
}

#[test]
fn mx_target_is_the_host_and_priority_is_separate() {
    let mx = data(
        r#"{"id": 1, "type": "MX", "name": "", "target": "Mail.Example.org",
            "priority": 10, "ttl_sec": 300}"#,
    );
    assert_eq!(
        mx,
        RecordData::Mx {
            priority: 10,
            exchange: "mail.example.org.".into()
        }
    );
    // A null MX record (RFC 7505) has an empty target.
    let null = data(r#"{"id": 2, "type": "MX", "name": "", "target": "", "priority": 0}"#);
    assert_eq!(null.to_string(), "0 .");
}

#[test]
fn srv_names_come_from_the_name_or_from_service_and_protocol() {
    let srv = read(
        r#"{"id": 3, "type": "SRV", "name": "_sip._tcp", "target": "sip.example.org",
            "priority": 0, "weight": 5, "port": 5060, "service": "_sip", "protocol": "_tcp",
            "ttl_sec": 300}"#,
    )
    .unwrap();
    assert_eq!(srv.name, "_sip._tcp");
    assert_eq!(
        srv.data,
        RecordData::Srv {
            priority: 0,
            weight: 5,
            port: 5060,
            target: "sip.example.org.".into()
        }
    );
    for (service, protocol) in [("_xmpp", "_tcp"), ("xmpp", "tcp"), ("XMPP", "TCP")] {
        let json = format!(
            r#"{{"id": 4, "type": "SRV", "name": "", "target": "chat.example.org",
                "priority": 1, "weight": 2, "port": 5222, "service": "{service}",
                "protocol": "{protocol}"}}"#
        );
        assert_eq!(
            read(&json).unwrap().name,
            "_xmpp._tcp",
            "{service} {protocol}"
        );
    }
}

#[test]
fn caa_has_flags_zero_and_the_tag_apart() {
    let caa =
        data(r#"{"id": 6, "type": "CAA", "name": "", "tag": "Issue", "target": "ca.example.net"}"#);
    assert_eq!(
        caa,
        RecordData::Caa {
            flags: 0,
            tag: "issue".into(),
            value: "ca.example.net".into()
        }
    );
    assert_eq!(caa.to_string(), r#"0 issue "ca.example.net""#);
}

#[test]
fn txt_target_is_the_whole_text_split_into_strings() {
    let text = format!(r#"say \"hi\"; {}"#, "x".repeat(300));
    let txt = data(&format!(
        r#"{{"id": 7, "type": "TXT", "name": "txt", "target": "{text}"}}"#
    ));
    let RecordData::Txt { strings } = &txt else {
        panic!("not TXT: {txt:?}");
    };
    assert_eq!(strings.len(), 2);
    assert_eq!(strings[0].len(), 255);
    assert_eq!(
        txt.text().unwrap(),
        format!("say \"hi\"; {}", "x".repeat(300))
    );
}

#[test]
fn hosts_are_qualified_once_and_names_lowercase() {
    let cname =
        read(r#"{"id": 8, "type": "CNAME", "name": "Alias", "target": "WWW.example.org."}"#)
            .unwrap();
    assert_eq!(cname.name, "alias");
    assert_eq!(cname.data.to_string(), "www.example.org.");
    let ns = data(r#"{"id": 9, "type": "NS", "name": "sub", "target": "ns1.linode.com"}"#);
    assert_eq!(ns.to_string(), "ns1.linode.com.");
    let other = data(r#"{"id": 10, "type": "naptr", "name": "x", "target": "raw data"}"#);
    assert_eq!(other.rtype(), RecordType::Other("NAPTR".into()));
}

#[test]
fn impossible_fields_are_malformed() {
    for json in [
        r#"{"id": 1, "type": "A", "target": "not-an-address"}"#,
        r#"{"id": 1, "type": "AAAA", "target": "192.0.2.1"}"#,
        r#"{"id": 1, "type": "SRV", "name": "_a._b", "target": "x", "port": 70000}"#,
        r#"{"id": 1, "type": "MX", "target": "mx", "priority": 65536}"#,
        r#"{"id": 1, "type": "CNAME", "name": "a", "target": ""}"#,
        r#"{"id": 1, "type": "CAA", "tag": "", "target": "ca"}"#,
        r#"{"id": 1, "type": "", "target": "x"}"#,
        r#"{"id": 1, "type": "A", "target": "192.0.2.1", "ttl_sec": 4294967296}"#,
        r#"{"id": 1, "type": "A", "target": "192.0.2.1", "created": "soon"}"#,
    ] {
        let err = read(json).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{json}");
        assert!(
            err.message().contains("domain record 1") || err.message().contains("created"),
            "{err}"
        );
    }
}
