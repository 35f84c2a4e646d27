//! Typed records to Linode's fields and back.

use cloud_core::dns::validate::normalize_record;
use cloud_core::dns::{Record, RecordData};
use serde_json::Value;

use super::*;
use crate::model;

const ZONE: &str = "example.org";

fn body(name: &str, data: RecordData, ttl: Option<u32>) -> Result<Value> {
    let mut record = NewRecord::new(name, data);
    record.ttl = ttl;
    create_body(&normalize_record(&record, ZONE)?)
}

/// What Linode answers for a created record: the fields sent, an id, and for SRV the
/// name it builds, with the underscores it adds to `service` and `protocol`.
fn linode_answer(sent: &Value) -> Record {
    let mut answer = sent.clone();
    answer["id"] = json!(4242);
    if sent["type"] == "SRV" {
        let (service, protocol) = (
            sent["service"].as_str().unwrap(),
            sent["protocol"].as_str().unwrap(),
        );
        answer["name"] = json!(format!("_{service}._{protocol}"));
        answer["service"] = json!(format!("_{service}"));
        answer["protocol"] = json!(format!("_{protocol}"));
    }
    let resp = cloud_core::http::HttpResponse {
        status: cloud_core::http::StatusCode::OK,
        headers: Default::default(),
        body: answer.to_string().into(),
    };
    model::record(&resp, "1").unwrap()
}

/// Sends `data` under `name`, reads Linode's answer back, and checks it is what was sent.
#[track_caller]
fn round_trip(name: &str, data: RecordData) -> Value {
    let sent = body(name, data.clone(), Some(300)).unwrap();
    let back = linode_answer(&sent);
    let normal = normalize_record(&NewRecord::new(name, data), ZONE).unwrap();
    assert_eq!(back.data, normal.data, "{sent}");
    assert_eq!(back.name, normal.name, "{sent}");
    assert_eq!(back.ttl, Some(300));
    sent
}

#[test]
fn mx_sends_the_host_as_target_and_the_priority_apart() {
    let sent = round_trip(
        "@",
        RecordData::Mx {
            priority: 10,
            exchange: "mail".into(),
        },
    );
    assert_eq!(
        sent,
        json!({"type": "MX", "name": "", "target": "mail.example.org", "priority": 10,
               "ttl_sec": 300})
    );
    let null = round_trip(
        "@",
        RecordData::Mx {
            priority: 0,
            exchange: ".".into(),
        },
    );
    assert_eq!(null["target"], "");
    let err = body(
        "@",
        RecordData::Mx {
            priority: 256,
            exchange: "mx.example.net.".into(),
        },
        None,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().starts_with("priority: "), "{err}");
}

#[test]
fn srv_sends_service_and_protocol_instead_of_a_name() {
    let srv = RecordData::Srv {
        priority: 0,
        weight: 5,
        port: 5060,
        target: "sip.example.org.".into(),
    };
    let sent = round_trip("_sip._tcp", srv.clone());
    assert_eq!(
        sent,
        json!({"type": "SRV", "service": "sip", "protocol": "tcp",
               "target": "sip.example.org", "priority": 0, "weight": 5, "port": 5060,
               "ttl_sec": 300})
    );
    // An absolute name inside the zone is the same record.
    let absolute = body("_sip._tcp.example.org.", srv.clone(), Some(300)).unwrap();
    assert_eq!(absolute, sent);
    for bad in ["sip", "_sip", "_sip._tcp.office", "_._tcp", "www.sub", "@"] {
        let err = body(bad, srv.clone(), None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        assert!(err.message().contains("_service._protocol"), "{err}");
    }
    let root = RecordData::Srv {
        priority: 0,
        weight: 0,
        port: 0,
        target: ".".into(),
    };
    assert_eq!(
        body("_sip._tcp", root, None).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn caa_sends_tag_and_value_and_refuses_flags() {
    let sent = round_trip(
        "@",
        RecordData::Caa {
            flags: 0,
            tag: "issue".into(),
            value: "ca.example.net".into(),
        },
    );
    assert_eq!(
        sent,
        json!({"type": "CAA", "name": "", "tag": "issue", "target": "ca.example.net",
               "ttl_sec": 300})
    );
    round_trip(
        "www",
        RecordData::Caa {
            flags: 0,
            tag: "iodef".into(),
            value: "mailto:security@example.org".into(),
        },
    );
    for (flags, tag, field) in [(128, "issue", "flags: "), (0, "contactemail", "tag: ")] {
        let caa = RecordData::Caa {
            flags,
            tag: tag.into(),
            value: "ca.example.net".into(),
        };
        let err = body("@", caa, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().starts_with(field), "{err}");
    }
}

#[test]
fn txt_sends_its_strings_as_one_text() {
    let text = format!("v=spf1 \"quoted\"; {}", "y".repeat(280));
    let sent = round_trip("txt", RecordData::txt(&text));
    assert_eq!(sent["target"], json!(text));
    let two = RecordData::Txt {
        strings: vec!["abc".into(), "def".into()],
    };
    // Linode keeps one text: two short strings come back as one.
    let back = linode_answer(&body("txt", two, None).unwrap());
    assert_eq!(
        back.data,
        RecordData::Txt {
            strings: vec!["abcdef".into()]
        }
    );
}

#[test]
fn hosts_go_without_the_dot_and_names_relative() {
    let sent = round_trip(
        "Alias.Example.org.",
        RecordData::Cname {
            target: "WWW".into(),
        },
    );
    assert_eq!(sent["name"], "alias");
    assert_eq!(sent["target"], "www.example.org");
    round_trip(
        "sub",
        RecordData::Ns {
            host: "ns1.example.net.".into(),
        },
    );
    round_trip(
        "10",
        RecordData::Ptr {
            target: "host.example.org.".into(),
        },
    );
    round_trip(
        "*",
        RecordData::Aaaa {
            address: "2001:db8::1".parse().unwrap(),
        },
    );
    let err = body("a", RecordData::Cname { target: ".".into() }, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn ttls_round_up_to_linodes_values() {
    let a = || RecordData::A {
        address: "192.0.2.1".parse().unwrap(),
    };
    assert_eq!(body("www", a(), Some(600)).unwrap()["ttl_sec"], 3600);
    assert_eq!(body("www", a(), Some(120)).unwrap()["ttl_sec"], 300);
    assert_eq!(body("www", a(), Some(86_400)).unwrap()["ttl_sec"], 86_400);
    assert!(body("www", a(), None).unwrap().get("ttl_sec").is_none());
    let err = body("www", a(), Some(5_000_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn types_linode_does_not_serve_are_unsupported() {
    let spf = RecordData::Spf {
        strings: vec!["v=spf1 -all".into()],
    };
    assert_eq!(
        body("@", spf, None).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

#[test]
fn updates_send_only_what_changes() {
    let a = RecordData::A {
        address: "192.0.2.99".parse().unwrap(),
    };
    assert_eq!(
        update_body(&RecordType::A, None, Some(600), Some(&a)).unwrap(),
        json!({"target": "192.0.2.99", "ttl_sec": 3600})
    );
    assert_eq!(
        update_body(&RecordType::A, Some("@"), None, None).unwrap(),
        json!({"name": ""})
    );
    assert_eq!(
        update_body(&RecordType::Srv, Some("_xmpp._tcp"), None, None).unwrap(),
        json!({"service": "xmpp", "protocol": "tcp"})
    );
    let err = update_body(&RecordType::Mx, None, None, Some(&a)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("is MX"), "{err}");
}
